// The shelter list: filtered, sorted and shown a page at a time, so ten thousand shelters cost one page of rows.
import { t, number, escapeHtml, describeAlert } from "./words.js";
import { shapeIcon } from "./map.js";

export const PAGE_SIZE = 50;
const CROWDING_RANK = { full: 3, crowded: 2, vacant: 1, unknown: 0 };
const ratio = (s) => (s.capacity ? s.occupancy / s.capacity : -1);
// One collator, made once: String.localeCompare makes one per call, which ten thousand shelters notice.
const collator = new Intl.Collator("ja");
const byCode = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

export const SORTS = {
  name: (a, b) => collator.compare(a.name, b.name) || byCode(a.id, b.id),
  municipality: (a, b) => byCode(a.municipality, b.municipality) || SORTS.name(a, b),
  crowding: (a, b) => CROWDING_RANK[b.crowding] - CROWDING_RANK[a.crowding] || ratio(b) - ratio(a) || SORTS.name(a, b),
  occupancy: (a, b) => b.occupancy - a.occupancy || SORTS.name(a, b),
  provisional: (a, b) => b.provisionalOccupants - a.provisionalOccupants || SORTS.name(a, b),
  alerts: (a, b) => b.alerts.length - a.alerts.length || SORTS.name(a, b),
};

export function matches(s, filter) {
  if (filter.crowding !== "any" && s.crowding !== filter.crowding) return false;
  if (filter.status !== "any" && s.status !== filter.status) return false;
  if (!filter.text) return true;
  const text = filter.text.normalize("NFKC").toLowerCase();
  return [s.name, s.id, s.municipality].some((field) => field.normalize("NFKC").toLowerCase().includes(text));
}

export function badge(code) {
  const kind = code === "capacity-100" ? "full" : code.startsWith("shortage:") ? "shortage" : "warn";
  return `<span class="badge ${kind}">${escapeHtml(describeAlert(code))}</span>`;
}

export function crowdingCell(s) {
  return `<span class="crowding ${s.crowding}">${shapeIcon(s.crowding, s.status === "closed", 16)}${t(s.crowding)}</span>`
    + (s.status === "closed" ? ` <span class="closed-label">${t("closed")}</span>` : "");
}

export function row(s, selected) {
  const share = s.capacity ? s.occupancy / s.capacity : 0;
  const level = s.crowding === "full" ? "full" : s.crowding === "crowded" ? "warn" : "";
  return `<tr data-shelter="${escapeHtml(s.id)}" class="${s.id === selected ? "selected" : ""}">
    <td class="name"><button type="button" class="link">${escapeHtml(s.name)}</button><div class="sub">${escapeHtml(s.municipality)}</div></td>
    <td class="crowding-cell">${crowdingCell(s)}</td>
    <td class="occupancy-cell"><span class="occupancy">${number(s.occupancy)}</span>
      ${s.capacity ? `<div class="bar ${level}"><span style="width:${Math.min(100, share * 100)}%"></span></div><div class="sub">${t("percent-of", Math.round(share * 100), number(s.capacity))}</div>` : `<div class="sub">${t("of-unknown")}</div>`}</td>
    <td class="num provisional-cell"><span class="phone-label">${t("unreg")} </span>${number(s.provisionalOccupants)}</td>
    <td class="alerts-cell">${s.alerts.map(badge).join("")}</td></tr>`;
}
