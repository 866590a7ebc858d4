// Charts drawn as SVG by hand: occupancy over time (a step line, with capacity) and arrivals and departures per hour.
import { t, number } from "./words.js";

const HOUR = 3600 * 1000;
const HOURS = 48;

/**
 * Occupancy at the end of each of the last 48 hours for these shelters together: the occupancy now, less what arrived
 * and left after that hour (each point's own figures, as the server's TrendPoint.occupancy does for one shelter).
 */
export function occupancySeries(shelters, now = Date.now()) {
  const net = new Map();
  for (const s of shelters) for (const p of s.trend) {
    const hour = p.at ??= Date.parse(p.hour);
    net.set(hour, (net.get(hour) ?? 0) + p.arrivals - p.departures);
  }
  const current = Math.floor(now / HOUR) * HOUR;
  let occupancy = shelters.reduce((sum, s) => sum + s.occupancy, 0);
  for (const [hour, change] of net) if (hour > current) occupancy -= change;
  const points = [];
  for (let hour = current; hour > current - HOURS * HOUR; hour -= HOUR) {
    points.push([hour, Math.max(0, occupancy)]);
    occupancy -= net.get(hour) ?? 0;
  }
  return points.reverse();
}

const hourLabel = (hour) => new Date(hour).toLocaleTimeString("ja-JP", { hour: "2-digit" });
const dayLabel = (hour) => new Date(hour).toLocaleDateString("ja-JP", { month: "numeric", day: "numeric" });

export function drawHistory(svg, shelters) {
  const points = occupancySeries(shelters);
  const capacity = shelters.reduce((sum, s) => sum + s.capacity, 0);
  const width = 480, height = 180, left = 40, right = 8, top = 16, bottom = 24;
  const max = Math.max(1, capacity, ...points.map((p) => p[1]));
  const x = (i) => left + ((width - left - right) * i) / (points.length - 1);
  const y = (v) => height - bottom - ((height - top - bottom) * v) / max;
  const line = points.map(([, v], i) => (i === 0 ? `M${x(0).toFixed(1)},${y(v).toFixed(1)}` : `H${x(i).toFixed(1)}V${y(v).toFixed(1)}`)).join("");
  const ticks = points.map(([hour], i) => (i % 12 === 0 ? `<text x="${x(i)}" y="${height - 6}" class="tick">${new Date(hour).getHours() === 0 || i === 0 ? dayLabel(hour) + " " : ""}${hourLabel(hour)}</text>` : "")).join("");
  const now = points[points.length - 1][1];
  svg.innerHTML = `<line x1="${left}" x2="${width - right}" y1="${y(0)}" y2="${y(0)}" class="axis"></line>
    <text x="${left - 4}" y="${y(max) + 4}" class="tick" text-anchor="end">${number(max)}</text><text x="${left - 4}" y="${y(0)}" class="tick" text-anchor="end">0</text>
    ${capacity ? `<line x1="${left}" x2="${width - right}" y1="${y(capacity)}" y2="${y(capacity)}" class="capacity"></line><text x="${width - right}" y="${y(capacity) - 3}" class="tick" text-anchor="end">${t("capacity-line", number(capacity))}</text>` : ""}
    <path d="${line}" class="occupancy-line"></path>${ticks}
    <text x="${left + 4}" y="12" class="tick">${t("people-now", number(now))}</text>`;
  svg.dataset.now = now;
  svg.setAttribute("aria-description", `${t("people-now", number(now))}${capacity ? " · " + t("capacity-line", number(capacity)) : ""}`);
}

export function drawFlow(svg, shelters) {
  const hours = new Map();
  for (const s of shelters) for (const p of s.trend) {
    const counted = hours.get(p.hour) || { arrivals: 0, departures: 0 };
    counted.arrivals += p.arrivals; counted.departures += p.departures; hours.set(p.hour, counted);
  }
  const points = [...hours.entries()].sort((a, b) => a[0].localeCompare(b[0])).slice(-24);
  const width = 480, height = 160, pad = 24;
  if (points.length === 0) { svg.innerHTML = `<text x="${width / 2}" y="${height / 2}" text-anchor="middle" class="tick">${t("no-arrivals")}</text>`; return; }
  const max = Math.max(1, ...points.map(([, v]) => Math.max(v.arrivals, v.departures)));
  const step = (width - 2 * pad) / points.length, bar = Math.max(2, step / 2 - 2);
  const y = (v) => height - pad - ((height - 2 * pad) * v) / max;
  svg.innerHTML = points.map(([hour, v], i) => {
    const x = pad + i * step, label = hourLabel(hour);
    return `<rect x="${x}" y="${y(v.arrivals)}" width="${bar}" height="${height - pad - y(v.arrivals)}" class="arrivals"><title>${label}: ${v.arrivals} ${t("arrivals")}</title></rect>
      <rect x="${x + bar + 1}" y="${y(v.departures)}" width="${bar}" height="${height - pad - y(v.departures)}" class="departures"><title>${label}: ${v.departures} ${t("departures")}</title></rect>
      ${i % Math.ceil(points.length / 8) === 0 ? `<text x="${x}" y="${height - 6}" class="tick">${label}</text>` : ""}`;
  }).join("") + `<text x="${pad}" y="14" class="tick">${t("per-hour", max)}</text>`;
}
