// Every word the page shows, Japanese first; English on the toggle. Supply items and crowding are named, never coded.
const words = {
  ja: {
    "title": "避難所ダッシュボード", "nav": "表示範囲", "totals": "合計",
    "occupancy": "避難者数", "unregistered": "未登録", "provisional": "仮登録", "flow": "到着 / 退所", "since-opening": "開設以降",
    "meals-today": "本日の食事", "shelters": "避難所", "scope": "市町村", "all": "すべての市町村", "sign-out": "サインアウト",
    "trend": "1時間ごとの到着と退所", "arrivals": "到着", "departures": "退所", "alerts-title": "警報", "shelter": "避難所",
    "people": "人数", "unreg": "未登録", "alerts": "警報", "period": "時間帯", "served": "提供数", "headcount": "在所者数", "ratio": "割合",
    "needs": "見通し期間の物資の必要量", "item": "品目", "needed": "必要量", "on-hand": "在庫", "under-way": "輸送中", "short": "不足",
    "map": "避難所の地図", "zoom-in": "拡大", "zoom-out": "縮小", "fit": "全体",
    "history": "避難者数の推移（48時間）", "list": "避難所一覧", "search": "検索", "crowding": "混雑状況", "status": "開設状況", "sort": "並べ替え",
    "previous": "前へ", "next": "次へ", "downloads": "報告書のダウンロード",
    "vacant": "空き", "crowded": "混雑", "full": "定員一杯", "unknown": "不明", "open": "開設中", "closed": "閉鎖",
    "any-crowding": "すべて", "any-status": "すべて",
    "sort-name": "名前順", "sort-municipality": "市町村順", "sort-crowding": "混雑の高い順", "sort-occupancy": "避難者の多い順",
    "sort-provisional": "未登録の多い順", "sort-alerts": "警報の多い順",
    "of": (c, p) => `定員 ${c} の ${p}%`, "of-unknown": "定員不明", "meals-detail": (b, l, d) => `朝食 ${b} · 昼食 ${l} · 夕食 ${d}`,
    "alert-count": (n) => `警報 ${n} 件`, "updated": (t) => `更新 ${t}`, "no-arrivals": "まだ到着はありません", "no-alerts": "警報はありません。",
    "raised": "発生", "cleared": "解除", "capacity-80": "80%以上", "capacity-100": "満員", "short-of": (item) => `${item}が不足`,
    "percent-of": (p, c) => `${p}% / 定員 ${c}`, "breakfast": "朝食", "lunch": "昼食", "dinner": "夕食", "per-hour": (m) => `最大 ${m} 人/時`,
    "online": "オンライン", "offline": "オフライン", "reconnecting": "再接続中", "toggle": "English",
    "list-count": (n, from, to) => n === 0 ? "該当する避難所はありません" : `${n} 件中 ${from}–${to} 件`,
    "page": (p, n) => `${p} / ${n} ページ`, "people-now": (n) => `現在 ${n} 人`, "capacity-line": (c) => `定員 ${c}`,
    "map-summary": (drawn, unplaced) => `地図上の避難所 ${drawn} か所` + (unplaced ? `（位置不明 ${unplaced} か所は一覧のみ）` : ""),
    "opened-at": (t) => `開設 ${t}`, "closed-at": (t) => `閉鎖 ${t}`,
    "status-report": "避難所状況（L-Alert 形式・暫定）", "daily-report": "避難所日報", "utf8": "CSV（UTF-8）", "sjis": "CSV（Shift_JIS）",
    "daily-needs-scope": "日報は市町村か避難所を選ぶとダウンロードできます。", "certificate-only": (n, open) =>
      `証明書のみ（暗証番号なし）の食事・物資受取 ${n} 件` + (open ? "" : " · この避難所では現在受け付けていません"),
    "session-ended": "セッションが終了しました。もう一度サインインしてください。",
    "water-liters": "飲料水（L）", "meals": "食事（食）", "blankets": "毛布", "toilets": "トイレ", "infant-formula": "粉ミルク", "diapers": "おむつ", "care-kits": "介護用品",
  },
  en: {
    "title": "Shelter dashboard", "nav": "Scope", "totals": "Totals",
    "occupancy": "Occupancy", "unregistered": "Unregistered", "provisional": "provisional", "flow": "Arrivals / departures", "since-opening": "since opening",
    "meals-today": "Meals today", "shelters": "Shelters", "scope": "Municipality", "all": "All municipalities", "sign-out": "Sign out",
    "trend": "Arrivals and departures per hour", "arrivals": "arrivals", "departures": "departures", "alerts-title": "Alerts", "shelter": "Shelter",
    "people": "People", "unreg": "Unreg.", "alerts": "Alerts", "period": "Period", "served": "Served", "headcount": "Headcount", "ratio": "Ratio",
    "needs": "Supply needs over the horizon", "item": "Item", "needed": "Needed", "on-hand": "On hand", "under-way": "Under way", "short": "Short",
    "map": "Map of shelters", "zoom-in": "Zoom in", "zoom-out": "Zoom out", "fit": "Fit",
    "history": "Occupancy over 48 hours", "list": "Shelters", "search": "Search", "crowding": "Crowding", "status": "Status", "sort": "Sort",
    "previous": "Previous", "next": "Next", "downloads": "Download reports",
    "vacant": "vacant", "crowded": "crowded", "full": "full", "unknown": "unknown", "open": "open", "closed": "closed",
    "any-crowding": "any", "any-status": "any",
    "sort-name": "by name", "sort-municipality": "by municipality", "sort-crowding": "most crowded first", "sort-occupancy": "most people first",
    "sort-provisional": "most unregistered first", "sort-alerts": "most alerts first",
    "of": (c, p) => `of ${c} (${p}%)`, "of-unknown": "capacity unknown", "meals-detail": (b, l, d) => `breakfast ${b} · lunch ${l} · dinner ${d}`,
    "alert-count": (n) => `${n} alerts`, "updated": (t) => `updated ${t}`, "no-arrivals": "no arrivals yet", "no-alerts": "No alerts.",
    "raised": "raised", "cleared": "cleared", "capacity-80": "80% full", "capacity-100": "full", "short-of": (item) => `short of ${item}`,
    "percent-of": (p, c) => `${p}% of ${c}`, "breakfast": "breakfast", "lunch": "lunch", "dinner": "dinner", "per-hour": (m) => `max ${m}/h`,
    "online": "online", "offline": "offline", "reconnecting": "reconnecting", "toggle": "日本語",
    "list-count": (n, from, to) => n === 0 ? "No shelter matches" : `${from}–${to} of ${n}`,
    "page": (p, n) => `page ${p} of ${n}`, "people-now": (n) => `${n} now`, "capacity-line": (c) => `capacity ${c}`,
    "map-summary": (drawn, unplaced) => `${drawn} shelters on the map` + (unplaced ? ` (${unplaced} without a location are in the list only)` : ""),
    "opened-at": (t) => `opened ${t}`, "closed-at": (t) => `closed ${t}`,
    "status-report": "Shelter status (L-Alert shape, provisional)", "daily-report": "Daily report", "utf8": "CSV (UTF-8)", "sjis": "CSV (Shift_JIS)",
    "daily-needs-scope": "Choose a municipality or a shelter to download its daily report.", "certificate-only": (n, open) =>
      `certificate-only meals and pickups (no PIN, lower assurance): ${n}` + (open ? "" : " · not taken at this shelter now"),
    "session-ended": "Your session has ended; sign in again.",
    "water-liters": "drinking water (L)", "meals": "meals", "blankets": "blankets", "toilets": "toilets", "infant-formula": "infant formula", "diapers": "diapers", "care-kits": "care kits",
  },
};

let language = "ja";

export const languageNow = () => language;

export function setLanguage(next) {
  language = next;
}

export function t(key, ...args) {
  const word = words[language][key] ?? words.en[key] ?? key;
  return typeof word === "function" ? word(...args) : word;
}

export const number = (n) => Number(n).toLocaleString("ja-JP");

export const time = (at) => new Date(at).toLocaleString(language === "ja" ? "ja-JP" : "en-GB", { month: "numeric", day: "numeric", hour: "2-digit", minute: "2-digit" });

export function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

export function describeAlert(code) {
  if (code === "capacity-80" || code === "capacity-100") return t(code);
  if (code.startsWith("shortage:")) return t("short-of", t(code.slice("shortage:".length)));
  return code;
}
