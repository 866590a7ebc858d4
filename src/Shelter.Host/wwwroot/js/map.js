// The shelter map: the bundled prefecture outline and one marker per shelter with a location, in Web Mercator at zoom 0
// (the whole world is 256 units wide), so that optional tiles line up. Markers keep their size on screen at any zoom.
import { t, escapeHtml, number } from "./words.js";

const SVG = "http://www.w3.org/2000/svg";
const MAX_TILES = 64;

export function project(longitude, latitude) {
  const x = (256 * (longitude + 180)) / 360;
  const y = 256 * (0.5 - Math.log(Math.tan(Math.PI / 4 + (latitude * Math.PI) / 360)) / (2 * Math.PI));
  return [x, y];
}

function ringsOf(geometry) {
  return geometry.type === "Polygon" ? geometry.coordinates : geometry.coordinates.flat();
}

function pathOf(geometry) {
  return ringsOf(geometry).map((ring) => "M" + ring.map(([lon, lat]) => project(lon, lat).map((v) => v.toFixed(3)).join(",")).join("L") + "Z").join("");
}

export class ShelterMap {
  constructor(svg, onSelect) {
    this.svg = svg;
    this.land = svg.querySelector("#map-land");
    this.tiles = svg.querySelector("#map-tiles");
    this.layer = svg.querySelector("#map-markers");
    this.markers = new Map();
    this.bounds = { x: 218, y: 96, w: 26, h: 22 };
    this.view = { ...this.bounds };
    this.tileUrl = null;
    this.selected = null;
    svg.addEventListener("click", (event) => {
      const marker = event.target.closest("[data-shelter]");
      if (marker) onSelect(marker.dataset.shelter);
    });
    this.enableDrag();
    new ResizeObserver(() => this.applyView()).observe(svg);
  }

  setOutline(outline) {
    const minMax = [Infinity, Infinity, -Infinity, -Infinity];
    this.land.innerHTML = outline.features.map((f) => {
      for (const ring of ringsOf(f.geometry)) for (const [lon, lat] of ring) {
        const [x, y] = project(lon, lat);
        minMax[0] = Math.min(minMax[0], x); minMax[1] = Math.min(minMax[1], y); minMax[2] = Math.max(minMax[2], x); minMax[3] = Math.max(minMax[3], y);
      }
      return `<path data-prefecture="${escapeHtml(f.properties.code)}" d="${pathOf(f.geometry)}"><title>${escapeHtml(f.properties.name)}</title></path>`;
    }).join("");
    this.bounds = { x: minMax[0], y: minMax[1], w: minMax[2] - minMax[0], h: minMax[3] - minMax[1] };
  }

  setTiles(url) {
    this.tileUrl = url;
    this.svg.classList.toggle("with-tiles", Boolean(url));
  }

  /** Draws exactly these shelters (those with a location); the others are left to the list. */
  show(shelters) {
    const wanted = new Set();
    for (const s of shelters) {
      if (s.latitude == null || s.longitude == null) continue;
      wanted.add(s.id);
      this.place(s);
    }
    for (const [id, marker] of this.markers) {
      if (!wanted.has(id)) { marker.remove(); this.markers.delete(id); }
    }
    return wanted.size;
  }

  /** Redraws only these shelters, if they are drawn (a live update). */
  update(shelters, inScope) {
    for (const s of shelters) {
      if (s.latitude == null || s.longitude == null) continue;
      if (inScope(s)) this.place(s);
      else if (this.markers.has(s.id)) { this.markers.get(s.id).remove(); this.markers.delete(s.id); }
    }
  }

  place(s) {
    let marker = this.markers.get(s.id);
    if (!marker) {
      marker = document.createElementNS(SVG, "g");
      marker.dataset.shelter = s.id;
      marker.append(document.createElementNS(SVG, "use"), document.createElementNS(SVG, "title"));
      this.layer.append(marker);
      this.markers.set(s.id, marker);
    }
    const [x, y] = project(s.longitude, s.latitude);
    marker.dataset.x = x;
    marker.dataset.y = y;
    marker.dataset.crowding = s.crowding;
    marker.setAttribute("class", `marker ${s.crowding}${s.status === "closed" ? " closed" : ""}${s.id === this.selected ? " selected" : ""}`);
    marker.firstChild.setAttribute("href", `#shape-${s.crowding}`);
    marker.lastChild.textContent = `${s.name}（${s.municipality}）: ${t(s.crowding)} · ${t("people-now", number(s.occupancy))}${s.status === "closed" ? " · " + t("closed") : ""}`;
    this.position(marker);
  }

  select(id) {
    this.markers.get(this.selected)?.classList.remove("selected");
    this.selected = id;
    const marker = this.markers.get(id);
    if (marker) { marker.classList.add("selected"); this.layer.append(marker); }
  }

  /** Fits the view to the drawn shelters, or to all of Japan when none is drawn. */
  fit() {
    const points = [...this.markers.values()].map((m) => [Number(m.dataset.x), Number(m.dataset.y)]);
    if (points.length === 0) { this.view = { ...this.bounds }; return this.applyView(); }
    const xs = points.map((p) => p[0]), ys = points.map((p) => p[1]);
    const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    const w = Math.max(0.08, (x1 - x0) * 1.5), h = Math.max(0.08, (y1 - y0) * 1.5);
    this.view = { x: (x0 + x1) / 2 - w / 2, y: (y0 + y1) / 2 - h / 2, w, h };
    this.applyView();
  }

  zoom(factor) {
    const { x, y, w, h } = this.view;
    this.view = { x: x + (w - w / factor) / 2, y: y + (h - h / factor) / 2, w: w / factor, h: h / factor };
    this.applyView();
  }

  /** Map units per screen pixel at the current view. */
  unitsPerPixel() {
    const width = this.svg.clientWidth || 1, height = this.svg.clientHeight || 1;
    return Math.max(this.view.w / width, this.view.h / height);
  }

  applyView() {
    const { x, y, w, h } = this.view;
    this.svg.setAttribute("viewBox", `${x} ${y} ${w} ${h}`);
    this.scale = this.unitsPerPixel();
    for (const marker of this.markers.values()) this.position(marker);
    this.drawTiles();
  }

  position(marker) {
    marker.setAttribute("transform", `translate(${marker.dataset.x} ${marker.dataset.y}) scale(${this.scale ?? this.unitsPerPixel()})`);
  }

  drawTiles() {
    if (!this.tileUrl) return;
    const zoom = Math.max(0, Math.min(18, Math.round(Math.log2(1 / this.scale))));
    const size = 256 / 2 ** zoom, last = 2 ** zoom - 1;
    const { x, y, w, h } = this.view;
    const [c0, c1, r0, r1] = [Math.floor(x / size), Math.floor((x + w) / size), Math.floor(y / size), Math.floor((y + h) / size)];
    if ((c1 - c0 + 1) * (r1 - r0 + 1) > MAX_TILES) return;
    const images = [];
    for (let col = Math.max(0, c0); col <= Math.min(last, c1); col++) for (let row = Math.max(0, r0); row <= Math.min(last, r1); row++) {
      const href = this.tileUrl.replace("{z}", zoom).replace("{x}", col).replace("{y}", row);
      images.push(`<image href="${escapeHtml(href)}" x="${col * size}" y="${row * size}" width="${size}" height="${size}"></image>`);
    }
    this.tiles.innerHTML = images.join("");
  }

  // Mouse drag pans; touch is left to the page, so a phone scrolls past the map rather than getting stuck in it.
  enableDrag() {
    let from = null;
    this.svg.addEventListener("pointerdown", (event) => {
      if (event.pointerType !== "mouse" || event.button !== 0) return;
      from = { x: event.clientX, y: event.clientY, view: { ...this.view }, moved: false };
    });
    this.svg.addEventListener("pointermove", (event) => {
      if (!from) return;
      const dx = event.clientX - from.x, dy = event.clientY - from.y;
      if (!from.moved && Math.hypot(dx, dy) < 4) return;
      from.moved = true;
      this.view = { ...from.view, x: from.view.x - dx * this.scale, y: from.view.y - dy * this.scale };
      this.applyView();
    });
    const end = () => { from = null; };
    this.svg.addEventListener("pointerup", end);
    this.svg.addEventListener("pointerleave", end);
  }
}

/** A crowding level's marker as a small inline picture, for the legend and the list. */
export function shapeIcon(crowding, closed, size = 18) {
  return `<svg viewBox="-9 -9 18 18" width="${size}" height="${size}" aria-hidden="true"><use class="marker ${crowding}${closed ? " closed" : ""}" href="#shape-${crowding}"></use></svg>`;
}

/** The legend: each crowding level's colour and shape, named. */
export function legend() {
  return ["vacant", "crowded", "full", "unknown"].map((c) => `<li>${shapeIcon(c, false)}${t(c)}</li>`).join("")
    + `<li>${shapeIcon("vacant", true)}${t("closed")}</li>`;
}
