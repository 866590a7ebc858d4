// Shelter municipal dashboard: live aggregates over SignalR. No framework, no CDN; the SignalR client is served locally.
"use strict";

const state = { watch: "all", connection: null, shelters: new Map(), alertLog: [], scope: "all", selected: null, lang: "ja", status: "offline" };
const $ = (id) => document.getElementById(id);
const number = (n) => Number(n).toLocaleString("ja-JP");

// Japanese by default, English on the toggle; every label and supply item in words. Kept in memory only.
const words = {
  ja: {
    "occupancy": "避難者数", "unregistered": "未登録", "provisional": "仮登録", "flow": "到着 / 退所", "since-opening": "開設以降",
    "meals-today": "本日の食事", "shelters": "避難所", "scope": "市町村", "all": "すべての市町村", "sign-out": "サインアウト",
    "trend": "1時間ごとの到着と退所", "arrivals": "到着", "departures": "退所", "alerts-title": "警報", "shelter": "避難所",
    "people": "人数", "unreg": "未登録", "alerts": "警報", "period": "時間帯", "served": "提供数", "headcount": "在所者数",
    "needs": "見通し期間の物資の必要量", "item": "品目", "needed": "必要量", "on-hand": "在庫", "under-way": "輸送中", "short": "不足",
    "of": (c, p) => `定員 ${c} の ${p}%`, "meals-detail": (b, l, d) => `朝食 ${b} · 昼食 ${l} · 夕食 ${d}`, "alert-count": (n) => `警報 ${n} 件`,
    "updated": (t) => `更新 ${t}`, "no-arrivals": "まだ到着はありません", "no-alerts": "警報はありません。", "raised": "発生", "cleared": "解除",
    "capacity-80": "80%以上", "capacity-100": "満員", "short-of": (item) => `${item}が不足`, "percent-of": (p, c) => `${p}% / 定員 ${c}`,
    "breakfast": "朝食", "lunch": "昼食", "dinner": "夕食", "per-hour": (m) => `最大 ${m} 人/時`,
    "online": "オンライン", "offline": "オフライン", "reconnecting": "再接続中", "toggle": "English",
    "water-liters": "飲料水（L）", "meals": "食事（食）", "blankets": "毛布", "toilets": "トイレ", "infant-formula": "粉ミルク", "diapers": "おむつ", "care-kits": "介護用品",
  },
  en: {
    "occupancy": "Occupancy", "unregistered": "Unregistered", "provisional": "provisional", "flow": "Arrivals / departures", "since-opening": "since opening",
    "meals-today": "Meals today", "shelters": "Shelters", "scope": "Municipality", "all": "All municipalities", "sign-out": "Sign out",
    "trend": "Arrivals and departures per hour", "arrivals": "arrivals", "departures": "departures", "alerts-title": "Alerts", "shelter": "Shelter",
    "people": "People", "unreg": "Unreg.", "alerts": "Alerts", "period": "Period", "served": "Served", "headcount": "Headcount",
    "needs": "Supply needs over the horizon", "item": "Item", "needed": "Needed", "on-hand": "On hand", "under-way": "Under way", "short": "Short",
    "of": (c, p) => `of ${c} (${p}%)`, "meals-detail": (b, l, d) => `breakfast ${b} · lunch ${l} · dinner ${d}`, "alert-count": (n) => `${n} alerts`,
    "updated": (t) => `updated ${t}`, "no-arrivals": "no arrivals yet", "no-alerts": "No alerts.", "raised": "raised", "cleared": "cleared",
    "capacity-80": "80% full", "capacity-100": "full", "short-of": (item) => `short of ${item}`, "percent-of": (p, c) => `${p}% of ${c}`,
    "breakfast": "breakfast", "lunch": "lunch", "dinner": "dinner", "per-hour": (m) => `max ${m}/h`,
    "online": "online", "offline": "offline", "reconnecting": "reconnecting", "toggle": "日本語",
    "water-liters": "drinking water (L)", "meals": "meals", "blankets": "blankets", "toilets": "toilets", "infant-formula": "infant formula", "diapers": "diapers", "care-kits": "care kits",
  },
};

function t(key, ...args) {
  const word = words[state.lang][key] ?? words.en[key] ?? key;
  return typeof word === "function" ? word(...args) : word;
}

function translatePage() {
  document.documentElement.lang = state.lang;
  for (const element of document.querySelectorAll("[data-i18n]")) element.textContent = t(element.dataset.i18n);
  $("language").textContent = t("toggle");
  $("scope").options[0].textContent = t("all");
  $("status").textContent = t(state.status);
}

function describeAlert(code) {
  if (code === "capacity-80" || code === "capacity-100") return t(code);
  if (code.startsWith("shortage:")) return t("short-of", t(code.slice("shortage:".length)));
  return code;
}

function badge(code) {
  const kind = code === "capacity-100" ? "full" : code.startsWith("shortage:") ? "shortage" : "warn";
  return `<span class="badge ${kind}">${describeAlert(code)}</span>`;
}

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

function inScope(shelter) {
  return state.scope === "all" || shelter.municipality === state.scope;
}

function render() {
  const shelters = [...state.shelters.values()].filter(inScope).sort((a, b) => a.municipality.localeCompare(b.municipality) || a.id.localeCompare(b.id));
  const sum = (f) => shelters.reduce((t, s) => t + f(s), 0);
  const occupancy = sum((s) => s.occupancy), capacity = sum((s) => s.capacity);
  const meals = { breakfast: sum((s) => s.mealsToday.breakfast), lunch: sum((s) => s.mealsToday.lunch), dinner: sum((s) => s.mealsToday.dinner) };
  $("total-occupancy").textContent = number(occupancy);
  $("total-capacity").textContent = t("of", number(capacity), capacity ? Math.round((100 * occupancy) / capacity) : 0);
  $("total-provisional").textContent = number(sum((s) => s.provisionalOccupants));
  $("total-flow").textContent = `${number(sum((s) => s.arrivals))} / ${number(sum((s) => s.departures))}`;
  $("total-meals").textContent = number(meals.breakfast + meals.lunch + meals.dinner);
  $("total-meals-detail").textContent = t("meals-detail", number(meals.breakfast), number(meals.lunch), number(meals.dinner));
  $("total-shelters").textContent = number(shelters.length);
  $("total-alerts").textContent = t("alert-count", sum((s) => s.alerts.length));

  $("shelters").querySelector("tbody").innerHTML = shelters.map((s) => {
    const ratio = s.capacity ? s.occupancy / s.capacity : 0;
    const level = ratio >= 1 ? "full" : ratio >= 0.8 ? "warn" : "";
    return `<tr data-shelter="${escapeHtml(s.id)}" class="${s.id === state.selected ? "selected" : ""}">
      <td>${escapeHtml(s.name)}<div class="bar-label">${escapeHtml(s.municipality)}</div></td>
      <td><div class="bar ${level}" title="${Math.round(ratio * 100)}%"><span style="width:${Math.min(100, ratio * 100)}%"></span></div>
          <div class="bar-label">${t("percent-of", Math.round(ratio * 100), number(s.capacity))}</div></td>
      <td class="num occupancy">${number(s.occupancy)}</td>
      <td class="num">${number(s.provisionalOccupants)}</td>
      <td>${s.alerts.map(badge).join("")}</td></tr>`;
  }).join("");

  renderTrend(shelters);
  renderAlerts(shelters);
  renderDetail();
  $("updated").textContent = t("updated", new Date().toLocaleTimeString("ja-JP"));
}

function renderTrend(shelters) {
  const hours = new Map();
  for (const s of shelters) for (const p of s.trend) {
    const t = hours.get(p.hour) || { arrivals: 0, departures: 0 };
    t.arrivals += p.arrivals; t.departures += p.departures; hours.set(p.hour, t);
  }
  const points = [...hours.entries()].sort((a, b) => a[0].localeCompare(b[0])).slice(-24);
  const svg = $("trend"), width = 480, height = 180, pad = 24;
  if (points.length === 0) { svg.innerHTML = `<text x="${width / 2}" y="${height / 2}" text-anchor="middle" fill="#5f6b73">${t("no-arrivals")}</text>`; return; }
  const max = Math.max(1, ...points.map(([, v]) => Math.max(v.arrivals, v.departures)));
  const step = (width - 2 * pad) / points.length, bar = Math.max(2, step / 2 - 2);
  const y = (v) => height - pad - ((height - 2 * pad) * v) / max;
  svg.innerHTML = points.map(([hour, v], i) => {
    const x = pad + i * step, label = new Date(hour).toLocaleTimeString("ja-JP", { hour: "2-digit" });
    return `<rect x="${x}" y="${y(v.arrivals)}" width="${bar}" height="${height - pad - y(v.arrivals)}" fill="#1e88e5"><title>${label}: ${v.arrivals} ${t("arrivals")}</title></rect>
      <rect x="${x + bar + 1}" y="${y(v.departures)}" width="${bar}" height="${height - pad - y(v.departures)}" fill="#8e24aa"><title>${label}: ${v.departures} ${t("departures")}</title></rect>
      ${i % Math.ceil(points.length / 8) === 0 ? `<text x="${x}" y="${height - 6}" font-size="10" fill="#5f6b73">${label}</text>` : ""}`;
  }).join("") + `<text x="${pad}" y="14" font-size="10" fill="#5f6b73">${t("per-hour", max)}</text>`;
}

function renderAlerts(shelters) {
  const active = shelters.flatMap((s) => s.alerts.map((a) => `<li>${badge(a)} ${escapeHtml(s.name)}</li>`));
  const log = state.alertLog.filter((a) => state.scope === "all" || a.municipality === state.scope).slice(-20).reverse()
    .map((a) => `<li class="${a.active ? "" : "cleared"}">${new Date(a.at).toLocaleTimeString("ja-JP")} ${escapeHtml(a.shelterName)}: ${describeAlert(a.alert)} ${t(a.active ? "raised" : "cleared")}</li>`);
  $("alerts").innerHTML = active.concat(log).join("") || `<li>${t("no-alerts")}</li>`;
}

function renderDetail() {
  const s = state.selected && state.shelters.get(state.selected);
  $("detail").hidden = !s;
  if (!s) return;
  $("detail-name").textContent = `${s.name} (${s.municipality})`;
  $("detail-day").textContent = s.localDay;
  $("detail-meals").querySelector("tbody").innerHTML = [["breakfast", s.mealsToday.breakfast], ["lunch", s.mealsToday.lunch], ["dinner", s.mealsToday.dinner]]
    .map(([period, served]) => `<tr><td>${t(period)}</td><td class="num">${number(served)}</td><td class="num">${number(s.occupancy)}</td>
      <td><div class="bar"><span style="width:${s.occupancy ? Math.min(100, (100 * served) / s.occupancy) : 0}%"></span></div></td></tr>`).join("");
  const certificateOnly = $("detail-certificate-only");
  certificateOnly.hidden = !s.allowCertificateOnly && !s.certificateOnlyTaps;
  certificateOnly.textContent = `証明書のみ（暗証番号なし）の食事・物資受取 ${number(s.certificateOnlyTaps)} 件 · certificate-only meals and pickups (no PIN, lower assurance)`
    + (s.allowCertificateOnly ? "" : " · この避難所では現在受け付けていません (not taken now)");
  $("detail-needs").querySelector("tbody").innerHTML = s.needs.filter((n) => n.needed > 0 || n.onHand > 0).map((n) =>
    `<tr class="${n.shortage > 0 ? "short" : ""}"><td>${escapeHtml(t(n.item))}</td><td class="num">${number(n.needed)}</td><td class="num">${number(n.onHand)}</td>
      <td class="num">${number(n.underWay)}</td><td class="num">${number(n.shortage)}</td></tr>`).join("");
}

function take(view) {
  for (const s of view.shelters) state.shelters.set(s.id, s);
  const select = $("scope"), known = new Set([...select.options].map((o) => o.value));
  for (const m of new Set([...state.shelters.values()].map((s) => s.municipality))) {
    if (!known.has(m)) select.add(new Option(m, m));
  }
  render();
}

function setStatus(status) {
  state.status = status;
  $("status").textContent = t(status);
  $("status").className = "status " + status;
}

// The token is sent once, to exchange it for an HttpOnly session cookie; it is never kept by the page, and the hub
// authenticates by that cookie, so no token appears in a URL or in storage.
async function problemText(response, fallback) {
  const problem = await response.json().catch(() => ({}));
  return problem.detail || `${fallback} (${response.status})`;
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

async function signIn(token) {
  const response = await fetch("/api/v1/session", {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ token }), credentials: "same-origin",
  });
  if (!response.ok) {
    const problem = await response.json().catch(() => ({}));
    const japanese = signInRefusals[problem.reason] || "サインインできませんでした。";
    throw new Error(`${japanese} ${problem.detail || `(${response.status})`}`);
  }
  await open(await response.json());
}

function widestScope(session) {
  const s = session.scope || {};
  return s.shelterId ? "shelter:" + s.shelterId : s.municipality ? "municipality:" + s.municipality : "all";
}

async function open(session) {
  state.watch = widestScope(session);
  const response = await fetch("/api/v1/dashboard?scope=" + encodeURIComponent(state.watch), { credentials: "same-origin" });
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
  connection.on("alerts", (changes) => { state.alertLog.push(...changes); state.alertLog = state.alertLog.slice(-200); render(); });
  connection.onreconnecting(async () => {
    setStatus("reconnecting");
    if (await sessionEnded()) await connection.stop();
  });
  connection.onreconnected(async () => { setStatus("online"); take(await connection.invoke("Watch", state.watch)); });
  // A revoked token ends the session: the hub's reconnect is refused, and the page goes back to sign-in.
  connection.onclose(async () => {
    setStatus("offline");
    if (await sessionEnded()) showSignIn("セッションが終了しました。もう一度サインインしてください / Your session has ended; sign in again.");
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
  state.lang = state.lang === "ja" ? "en" : "ja";
  translatePage();
  render();
});
translatePage();
$("scope").addEventListener("change", (event) => { state.scope = event.target.value; render(); });
$("shelters").addEventListener("click", (event) => {
  const row = event.target.closest("tr[data-shelter]");
  if (row) { state.selected = row.dataset.shelter === state.selected ? null : row.dataset.shelter; render(); }
});

fetch("/api/v1/session", { credentials: "same-origin" })
  .then(async (response) => { if (response.ok) await open(await response.json()); })
  .catch(() => showSignIn(""));
