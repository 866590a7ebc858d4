// Shelter municipal dashboard: live aggregates over SignalR. No framework, no CDN; every file is served by this host.
import { t, number, time, escapeHtml, setLanguage, languageNow, describeAlert } from "./words.js";
import { ShelterMap, legend } from "./map.js";
import { drawHistory, drawFlow } from "./charts.js";
import { PAGE_SIZE, SORTS, matches, row, crowdingCell } from "./list.js";

const $ = (id) => document.getElementById(id);
const state = {
  watch: "all", session: null, connection: null, shelters: new Map(), alertLog: [], scope: "all", selected: null, status: "offline",
  sort: "municipality", filter: { text: "", crowding: "any", status: "any" }, page: 0, pending: null, placed: false,
};
// Render costs, for the benchmark and for anyone curious in the browser console: first render, then each update.
const timings = (window.shelterTimings = { firstRender: null, renders: [] });
const map = new ShelterMap($("map"), (id) => select(id));

function translatePage() {
  document.documentElement.lang = languageNow();
  for (const element of document.querySelectorAll("[data-i18n]")) element.textContent = t(element.dataset.i18n);
  for (const element of document.querySelectorAll("[data-i18n-label]")) element.setAttribute("aria-label", t(element.dataset.i18nLabel));
  $("language").textContent = t("toggle");
  $("language").lang = languageNow() === "ja" ? "en" : "ja";
  $("scope").options[0].textContent = t("all");
  $("status").textContent = t(state.status);
  fillSelect($("filter-crowding"), ["any", "vacant", "crowded", "full", "unknown"], (v) => t(v === "any" ? "any-crowding" : v), state.filter.crowding);
  fillSelect($("filter-status"), ["any", "open", "closed"], (v) => t(v === "any" ? "any-status" : v), state.filter.status);
  fillSelect($("sort"), Object.keys(SORTS), (v) => t("sort-" + v), state.sort);
  $("map-legend").innerHTML = legend();
}

function fillSelect(select, values, label, current) {
  select.innerHTML = values.map((v) => `<option value="${v}">${escapeHtml(label(v))}</option>`).join("");
  select.value = current;
}

const inScope = (s) => state.scope === "all" || s.municipality === state.scope;
const scoped = () => [...state.shelters.values()].filter(inScope);

// Updates arrive every half second in a surge: they are folded into one render per animation frame.
function schedule(changed) {
  if (!state.pending) {
    state.pending = { all: false, changed: new Set() };
    requestAnimationFrame(render);
  }
  if (changed === null) state.pending.all = true;
  else for (const id of changed) state.pending.changed.add(id);
}

function render() {
  const started = performance.now();
  const { all, changed } = state.pending;
  state.pending = null;
  const phases = {};
  const phase = (name, work) => { const at = performance.now(); work(); phases[name] = performance.now() - at; };
  const shelters = scoped();
  phase("totals", () => renderTotals(shelters));
  phase("map", () => {
    if (all || !state.placed) {
      const drawn = map.show(shelters);
      if (!state.placed) { map.fit(); state.placed = true; }
      $("map-summary").textContent = t("map-summary", number(drawn), number(shelters.length - drawn));
    } else {
      map.update([...changed].map((id) => state.shelters.get(id)), inScope);
    }
  });
  phase("list", () => renderList(shelters));
  phase("charts", () => { drawHistory($("history"), shelters); drawFlow($("trend"), shelters); });
  phase("alerts", () => renderAlerts(shelters));
  phase("detail", () => { renderDetail(); renderDownloads(); });
  $("updated").textContent = t("updated", new Date().toLocaleTimeString("ja-JP"));
  const ms = performance.now() - started;
  if (timings.firstRender === null && shelters.length > 0) { timings.firstRender = performance.now(); performance.mark("shelter-first-render"); }
  timings.renders.push({ ms, shelters: shelters.length, changed: all ? shelters.length : changed.size, phases });
  if (timings.renders.length > 100) timings.renders.shift();
}

function renderTotals(shelters) {
  const sum = (f) => shelters.reduce((total, s) => total + f(s), 0);
  const occupancy = sum((s) => s.occupancy), capacity = sum((s) => s.capacity);
  const meals = { breakfast: sum((s) => s.mealsToday.breakfast), lunch: sum((s) => s.mealsToday.lunch), dinner: sum((s) => s.mealsToday.dinner) };
  $("total-occupancy").textContent = number(occupancy);
  $("total-capacity").textContent = capacity ? t("of", number(capacity), Math.round((100 * occupancy) / capacity)) : t("of-unknown");
  $("total-provisional").textContent = number(sum((s) => s.provisionalOccupants));
  $("total-flow").textContent = `${number(sum((s) => s.arrivals))} / ${number(sum((s) => s.departures))}`;
  $("total-meals").textContent = number(meals.breakfast + meals.lunch + meals.dinner);
  $("total-meals-detail").textContent = t("meals-detail", number(meals.breakfast), number(meals.lunch), number(meals.dinner));
  $("total-shelters").textContent = number(shelters.length);
  $("total-alerts").textContent = t("alert-count", sum((s) => s.alerts.length));
}

function renderList(shelters) {
  const shown = shelters.filter((s) => matches(s, state.filter)).sort(SORTS[state.sort]);
  const pages = Math.max(1, Math.ceil(shown.length / PAGE_SIZE));
  state.page = Math.min(state.page, pages - 1);
  const from = state.page * PAGE_SIZE;
  $("shelters").querySelector("tbody").innerHTML = shown.slice(from, from + PAGE_SIZE).map((s) => row(s, state.selected)).join("");
  $("list-count").textContent = t("list-count", number(shown.length), number(from + 1), number(Math.min(shown.length, from + PAGE_SIZE)));
  $("page-position").textContent = t("page", state.page + 1, pages);
  $("page-previous").disabled = state.page === 0;
  $("page-next").disabled = state.page >= pages - 1;
  for (const th of $("shelters").querySelectorAll("th[data-sort]")) {
    if (th.dataset.sort === state.sort || (th.dataset.sort === "name" && state.sort === "municipality")) th.setAttribute("aria-sort", th.dataset.sort === "name" ? "ascending" : "descending");
    else th.removeAttribute("aria-sort");
  }
}

function renderAlerts(shelters) {
  const active = shelters.flatMap((s) => s.alerts.map((a) => `<li>${escapeHtml(describeAlert(a))}: ${escapeHtml(s.name)}</li>`)).slice(0, 50);
  const log = state.alertLog.filter((a) => state.scope === "all" || a.municipality === state.scope).slice(-20).reverse()
    .map((a) => `<li class="${a.active ? "" : "cleared"}">${new Date(a.at).toLocaleTimeString("ja-JP")} ${escapeHtml(a.shelterName)}: ${escapeHtml(describeAlert(a.alert))} ${t(a.active ? "raised" : "cleared")}</li>`);
  $("alerts").innerHTML = active.concat(log).join("") || `<li>${t("no-alerts")}</li>`;
}

function renderDetail() {
  const s = state.selected && state.shelters.get(state.selected);
  $("detail").hidden = !s;
  if (!s) return;
  $("detail-name").textContent = `${s.name}（${s.municipality}）`;
  $("detail-status").innerHTML = crowdingCell(s) + " · " + escapeHtml([s.openedAt && t("opened-at", time(s.openedAt)), s.closedAt && t("closed-at", time(s.closedAt))].filter(Boolean).join(" · "));
  drawHistory($("detail-history"), [s]);
  $("detail-day").textContent = s.localDay;
  $("detail-meals").querySelector("tbody").innerHTML = [["breakfast", s.mealsToday.breakfast], ["lunch", s.mealsToday.lunch], ["dinner", s.mealsToday.dinner]]
    .map(([period, served]) => `<tr><td>${t(period)}</td><td class="num">${number(served)}</td><td class="num">${number(s.occupancy)}</td>
      <td><div class="bar"><span style="width:${s.occupancy ? Math.min(100, (100 * served) / s.occupancy) : 0}%"></span></div></td></tr>`).join("");
  const certificateOnly = $("detail-certificate-only");
  certificateOnly.hidden = !s.allowCertificateOnly && !s.certificateOnlyTaps;
  certificateOnly.textContent = t("certificate-only", number(s.certificateOnlyTaps), s.allowCertificateOnly);
  $("detail-needs").querySelector("tbody").innerHTML = s.needs.filter((n) => n.needed > 0 || n.onHand > 0).map((n) =>
    `<tr class="${n.shortage > 0 ? "short" : ""}"><td>${escapeHtml(t(n.item))}</td><td class="num">${number(n.needed)}</td><td class="num">${number(n.onHand)}</td>
      <td class="num">${number(n.underWay)}</td><td class="num">${number(n.shortage)}</td></tr>`).join("");
  $("detail-downloads").innerHTML = reportLinks(`shelter=${encodeURIComponent(s.id)}`, "daily", `daily-${s.id}`);
}

function reportLinks(query, report, name) {
  const path = report === "daily" ? "/api/v1/reports/daily" : "/api/v1/reports/shelter-status";
  const label = t(report === "daily" ? "daily-report" : "status-report");
  return [["utf-8", "utf8"], ["shift_jis", "sjis"]].map(([encoding, word]) =>
    `<li><a href="${path}?${query}${query ? "&" : ""}format=csv&encoding=${encoding}" download="${escapeHtml(name)}.csv">${escapeHtml(label)} · ${t(word)}</a></li>`).join("");
}

function renderDownloads() {
  const municipality = state.scope !== "all" ? state.scope : state.session?.scope?.municipality;
  const query = municipality ? `municipality=${encodeURIComponent(municipality)}` : "";
  $("download-links").innerHTML = reportLinks(query, "status", `shelter-status-${municipality ?? "all"}`)
    + (municipality ? reportLinks(query, "daily", `daily-${municipality}`) : `<li class="sub">${t("daily-needs-scope")}</li>`);
}

function select(id) {
  state.selected = id === state.selected ? null : id;
  map.select(state.selected);
  schedule([]);
}

function take(view) {
  for (const s of view.shelters) state.shelters.set(s.id, s);
  const options = $("scope"), known = new Set([...options.options].map((o) => o.value));
  for (const m of new Set(view.shelters.map((s) => s.municipality))) if (!known.has(m)) options.add(new Option(m, m));
  schedule(view.shelters.length > 200 ? null : view.shelters.map((s) => s.id));
}

function setStatus(status) {
  state.status = status;
  $("status").textContent = t(status);
  $("status").className = "status " + status;
}

// Municipal staff read Japanese first: each refusal of a sign-in in Japanese, the server's English after it.
const signInRefusals = {
  "role-not-for-browser": "管理者用・端末用のトークンではサインインできません。自分の名前で発行された閲覧用トークンを使ってください。",
  "invalid-token": "トークンが違います。発行されたトークンをそのまま入力してください。",
  "token-expired": "トークンの有効期限が切れています。新しいトークンを発行してもらってください。",
  "token-revoked": "このトークンは無効にされています。新しいトークンを発行してもらってください。",
  "missing-token": "トークンを入力してください。",
  "rate-limited": "試行が多すぎます。しばらく待ってからもう一度お試しください。",
};

// The token is sent once, to exchange it for an HttpOnly session cookie; it is never kept by the page, and the hub
// authenticates by that cookie, so no token appears in a URL or in storage.
async function signIn(token) {
  const response = await fetch("/api/v1/session", {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ token }), credentials: "same-origin",
  });
  if (!response.ok) {
    const problem = await response.json().catch(() => ({}));
    throw new Error(`${signInRefusals[problem.reason] || "サインインできませんでした。"} ${problem.detail || `(${response.status})`}`);
  }
  await open(await response.json());
}

async function problemText(response, fallback) {
  const problem = await response.json().catch(() => ({}));
  return problem.detail || `${fallback} (${response.status})`;
}

function widestScope(session) {
  const s = session.scope || {};
  return s.shelterId ? "shelter:" + s.shelterId : s.municipality ? "municipality:" + s.municipality : "all";
}

async function loadMap() {
  const settings = await (await fetch("/api/v1/dashboard/map", { credentials: "same-origin" })).json();
  map.setTiles(settings.tileUrl);
  $("map-credit").textContent = [settings.tileAttribution, "行政区域: Natural Earth（パブリックドメイン）"].filter(Boolean).join(" · ");
  map.setOutline(await (await fetch(settings.outlineUrl, { credentials: "same-origin" })).json());
}

async function open(session) {
  state.session = session;
  state.watch = widestScope(session);
  const [response] = await Promise.all([fetch("/api/v1/dashboard?scope=" + encodeURIComponent(state.watch), { credentials: "same-origin" }), loadMap()]);
  if (!response.ok) throw new Error(await problemText(response, "dashboard refused"));
  $("signin").hidden = true;
  $("app").hidden = false;
  $("who").textContent = `${session.name} (${session.role})`;
  take(await response.json());

  const connection = new signalR.HubConnectionBuilder()
    .withUrl("/hubs/dashboard")
    .withAutomaticReconnect([0, 1000, 2000, 5000, 10000, 10000])
    .build();
  connection.on("update", take);
  connection.on("alerts", (changes) => { state.alertLog.push(...changes); state.alertLog = state.alertLog.slice(-200); schedule([]); });
  connection.onreconnecting(async () => {
    setStatus("reconnecting");
    if (await sessionEnded()) await connection.stop();
  });
  connection.onreconnected(async () => { setStatus("online"); take(await connection.invoke("Watch", state.watch)); });
  // A revoked token ends the session: the hub's reconnect is refused, and the page goes back to sign-in.
  connection.onclose(async () => {
    setStatus("offline");
    if (await sessionEnded()) showSignIn(t("session-ended"));
  });
  await connection.start();
  state.connection = connection;
  setStatus("online");
  take(await connection.invoke("Watch", state.watch));
}

async function sessionEnded() {
  const response = await fetch("/api/v1/session", { credentials: "same-origin" }).catch(() => null);
  return response !== null && response.status === 401;
}

function showSignIn(message) {
  $("app").hidden = true;
  $("signin").hidden = false;
  $("signin-error").textContent = message || "";
}

$("signin-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  $("signin-error").textContent = "";
  const field = $("token");
  const token = field.value.trim();
  field.value = "";
  try { await signIn(token); } catch (error) { $("signin-error").textContent = error.message; }
});
$("sign-out").addEventListener("click", async () => {
  if (state.connection) await state.connection.stop();
  await fetch("/api/v1/session", { method: "DELETE", credentials: "same-origin" });
  location.reload();
});
$("language").addEventListener("click", () => {
  setLanguage(languageNow() === "ja" ? "en" : "ja");
  translatePage();
  schedule(null);
});
$("scope").addEventListener("change", (event) => { state.scope = event.target.value; state.page = 0; state.placed = false; schedule(null); });
$("filter-text").addEventListener("input", (event) => { state.filter.text = event.target.value.trim(); state.page = 0; schedule([]); });
$("filter-crowding").addEventListener("change", (event) => { state.filter.crowding = event.target.value; state.page = 0; schedule([]); });
$("filter-status").addEventListener("change", (event) => { state.filter.status = event.target.value; state.page = 0; schedule([]); });
$("sort").addEventListener("change", (event) => { state.sort = event.target.value; state.page = 0; schedule([]); });
$("shelters").querySelector("thead").addEventListener("click", (event) => {
  const th = event.target.closest("th[data-sort]");
  if (!th) return;
  state.sort = th.dataset.sort === "name" && state.sort === "name" ? "municipality" : th.dataset.sort;
  $("sort").value = state.sort;
  state.page = 0;
  schedule([]);
});
$("shelters").querySelector("tbody").addEventListener("click", (event) => {
  const shelter = event.target.closest("tr[data-shelter]");
  if (shelter) select(shelter.dataset.shelter);
});
$("page-previous").addEventListener("click", () => { state.page--; schedule([]); });
$("page-next").addEventListener("click", () => { state.page++; schedule([]); });
$("map-in").addEventListener("click", () => map.zoom(2));
$("map-out").addEventListener("click", () => map.zoom(0.5));
$("map-fit").addEventListener("click", () => map.fit());
translatePage();

fetch("/api/v1/session", { credentials: "same-origin" })
  .then(async (response) => { if (response.ok) await open(await response.json()); })
  .catch(() => showSignIn(""));
