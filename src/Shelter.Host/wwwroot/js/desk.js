// The registration desk's page: every action is one call of the desk API (docs/desk.md, docs/privacy.md) with the
// session cookie; the page keeps no token and no personal data beyond what is on screen.
const $ = (id) => document.getElementById(id);

const needs = [
  ["infant", "乳幼児（月齢）"], ["pregnant-or-nursing", "妊産婦"], ["elderly", "高齢者"], ["needs-care", "要介護（度）"],
  ["physical-disability", "身体障害"], ["intellectual-disability", "知的障害"], ["mental-disability", "精神障害"], ["allergy", "アレルギー（物質）"],
  ["chronic-illness", "慢性疾患・服薬"], ["interpreter", "通訳（言語）"], ["pet", "ペット（同行・同伴）"],
];
const stays = { shelter: "避難所", home: "在宅避難", car: "車中泊", relatives: "親類・知人宅", moved: "市町村外" };
const outcomes = {
  "checked-in": "入所", "moved": "移動して入所", "already-checked-in": "入所済み", "checked-out": "退所", "meal-served": "食事",
  "supply-picked-up": "物資受取", "superseded": "記録のみ",
};
const sexes = { "1": "男性", "2": "女性", "3": "その他", "9": "記載なし" };
let selected = null;
let session = null;
// The card reading the registration form was filled from: registering links its card to the new person.
let fromReading = null;

function say(text, refused = false) {
  const message = $("message");
  message.textContent = text;
  message.className = refused ? "refused" : "";
}

async function call(method, path, body) {
  const response = await fetch(path, {
    method, credentials: "same-origin",
    headers: body === undefined ? {} : { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = await response.json().catch(() => ({}));
  if (!response.ok) {
    throw new Error(`${data.detail || "うまくいきませんでした。"} (${data.reason || response.status})`);
  }
  return data;
}

function text(value) {
  return value === null || value === undefined || value === "" ? undefined : value;
}

function item(...parts) {
  const li = document.createElement("li");
  for (const part of parts) li.append(part);
  return li;
}

function button(label, action, danger = false) {
  const b = document.createElement("button");
  b.type = "button";
  b.textContent = label;
  if (danger) b.className = "danger";
  b.addEventListener("click", () => action().catch((e) => say(e.message, true)));
  return b;
}

function span(content) {
  const s = document.createElement("span");
  s.textContent = content;
  return s;
}

function describe(person) {
  const needsText = person.needs.map((n) => (needs.find(([code]) => code === n.code)?.[1] || n.code) + (n.detail ? `: ${n.detail}` : "")).join("、");
  return `${person.name || "（氏名なし）"} ${person.furigana ? `（${person.furigana}）` : ""} ${person.birthDate || ""} — ${stays[person.stay] || person.stay}`
    + `${person.shelterId ? ` @ ${person.shelterId}` : ""}${needsText ? ` — ${needsText}` : ""} — 世帯 ${person.householdId}`;
}

function select(person) {
  selected = person;
  $("person").hidden = false;
  $("person-summary").textContent = describe(person);
  if (person.shelterId) $("t-shelter").value = person.shelterId;
}

async function register(event) {
  event.preventDefault();
  const fields = ["name", "furigana", "birthDate", "address", "phone", "sex", "language"];
  const body = {
    municipality: $("r-municipality").value.trim(), shelterId: text($("r-shelter").value.trim()), stay: $("r-stay").value,
    householdId: text($("r-household").value.trim()), consent: [],
  };
  for (const field of fields) {
    const value = text($(`r-${field}`).value.trim());
    if (value !== undefined) {
      body[field] = value;
      body.consent.push(field);
    }
  }
  body.needs = needs.filter(([code]) => $(`need-${code}`).checked)
    .map(([code]) => ({ code, detail: text($(`need-${code}-detail`).value.trim()) }));
  if (body.needs.length) body.consent.push("needs");
  const person = await call("POST", "/api/v1/people", body);
  say(`登録しました：${person.name || person.personId}`);
  select(person);
  $("register-form").reset();
  fillScope();
  if (fromReading) {
    const reading = fromReading;
    fromReading = null;
    await linkReading(reading);
  }
}

async function linkReading(reading) {
  if (!selected) {
    say("先に紐付ける人を検索して選択してください。", true);
    return;
  }
  await call("POST", `/api/v1/people/${selected.personId}/credentials/from-reading`, { readingId: reading.readingId, shelterId: reading.shelterId });
  say(`カードを ${selected.name || selected.personId} に紐付けました。このカードのタップはこの人として数えられます。`);
  await listReadings();
}

// What a desk station read and the person confirmed: the desk asks consent item by item, so it only fills the form.
function useReading(reading) {
  $("r-name").value = reading.name;
  $("r-address").value = reading.address;
  $("r-birthDate").value = reading.birthDate;
  $("r-sex").value = sexes[reading.sex] || reading.sex;
  fromReading = reading;
  say("カードの内容を登録欄に入れました。保存してよい項目を本人に確認し、不要な項目は消してから登録してください。");
  $("r-name").focus();
}

async function listReadings(event) {
  event?.preventDefault();
  const shelter = $("k-shelter").value.trim();
  if (!shelter) return;
  const found = await call("GET", `/api/v1/shelters/${encodeURIComponent(shelter)}/card-readings`);
  $("readings").replaceChildren(...found.readings.map((r) => {
    const reading = { ...r, shelterId: found.shelterId };
    return item(
      span(`${r.name} ${r.birthDate} ${sexes[r.sex] || r.sex} — ${r.address}（${new Date(r.readAt).toLocaleTimeString("ja-JP")} ${r.readerId}）`),
      button("この内容で登録", async () => useReading(reading)),
      button("選択中の人に紐付ける", () => linkReading(reading)),
      button("破棄", async () => {
        await call("DELETE", `/api/v1/shelters/${encodeURIComponent(found.shelterId)}/card-readings/${encodeURIComponent(r.readingId)}`);
        say("読み取った内容を破棄しました。");
        await listReadings();
      }, true));
  }));
}

async function search(event) {
  event.preventDefault();
  const query = new URLSearchParams({ name: $("s-name").value, birthDate: $("s-birthDate").value });
  const found = await call("GET", `/api/v1/people?${query}`);
  const list = $("people");
  list.replaceChildren(...found.people.map((p) => item(span(describe(p)), button("選択", async () => select(p)))));
  say(found.people.length ? `${found.people.length} 人見つかりました。` : "見つかりませんでした。");
}

async function issueCard(event) {
  event.preventDefault();
  await call("POST", `/api/v1/people/${selected.personId}/temporary-cards`, { cardId: $("c-card").value.trim() });
  say("仮カードを発行し、この人に紐付けました。");
  $("card-form").reset();
}

async function deskTap(event) {
  event.preventDefault();
  const answer = await call("POST", `/api/v1/people/${selected.personId}/desk-taps`, { action: $("t-action").value, shelterId: $("t-shelter").value.trim() });
  say(answer.status === "rejected" ? answer.message : `記録しました：${outcomes[answer.outcome] || answer.outcome}`, answer.status === "rejected");
}

// A wrong link tells one person's relatives where a stranger is: the desk sees what it merges, then confirms again.
async function preview(evacueeId) {
  if (!selected) {
    say("先に紐付ける人を検索して選択してください。", true);
    return;
  }
  const p = await call("POST", `/api/v1/people/${selected.personId}/credentials/preview`, { evacueeId });
  const meals = p.evacuee.mealsServed.length;
  say(`確認：この避難者（${p.evacuee.currentShelterId || "どこにも入所していない"}、食事 ${meals} 回、最後の移動 ${p.evacuee.lastMoveAt || "なし"}）を ${selected.name || selected.personId} に紐付けますか？`);
  const confirm = button("確認して紐付ける", async () => {
    if (!window.confirm(`${selected.name || selected.personId} と同じ人であることを本人に確認しましたか？`)) return;
    await call("POST", `/api/v1/people/${selected.personId}/credentials`, { evacueeId, confirmation: p.confirmation });
    say("紐付けました。");
    confirm.remove();
  });
  $("message").append(" ", confirm);
}

async function rollCall(event) {
  event.preventDefault();
  const shelter = $("p-shelter").value.trim();
  const roll = await call("GET", `/api/v1/shelters/${encodeURIComponent(shelter)}/roll-call?quietHours=${$("p-hours").value || 6}`);
  $("roll-summary").textContent = `在所 ${roll.occupancy} 人のうち、${roll.quiet.length} 人を ${new Date(roll.quietSince).toLocaleString("ja-JP")} 以降見かけていません。`;
  $("roll").replaceChildren(...roll.quiet.map((q) => item(
    span(q.name || (q.provisional ? "未登録の避難者" : "登録済み（氏名なし）")),
    span(q.lastSeenAt ? `最後：${new Date(q.lastSeenAt).toLocaleString("ja-JP")}` : "最後：不明"),
    ...(q.provisional ? [button("選択中の人に紐付ける", () => preview(q.evacueeId))] : []),
    button("タップを見る", () => showEvacuee(q.evacueeId)))));
}

async function showEvacuee(id) {
  const evacuee = await call("GET", `/api/v1/evacuees/${encodeURIComponent(id)}`);
  $("e-id").value = id;
  $("evacuee").hidden = false;
  $("evacuee-summary").textContent = `${evacuee.provisional ? "未登録" : "登録済み"} — ${evacuee.currentShelterId || "入所なし"} — 食事 ${evacuee.mealsServed.length} 回`;
  $("taps").replaceChildren(...(evacuee.recentTaps || []).map((t) => item(
    span(`${new Date(t.occurredAt).toLocaleString("ja-JP")} ${t.shelterId || ""} ${outcomes[t.code] || t.code}${t.corrected ? "（取消済み）" : ""}`),
    ...(t.corrected || t.status === "rejected" ? [] : [button("取り消す", async () => {
      const reason = window.prompt("取り消す理由を入力してください");
      if (!reason) return;
      await call("POST", `/api/v1/evacuees/${encodeURIComponent(id)}/corrections`, { tapId: t.tapId, reason });
      say("取り消しました。");
      await showEvacuee(id);
    })]))));
}

async function hold(lift) {
  const id = $("e-id").value.trim();
  if (lift) {
    await call("DELETE", `/api/v1/evacuees/${encodeURIComponent(id)}/hold`);
    say("保留を解除しました。");
  } else {
    const reason = window.prompt("保留の理由（例：スマートフォン紛失）");
    if (!reason) return;
    await call("PUT", `/api/v1/evacuees/${encodeURIComponent(id)}/hold`, { reason });
    say("保留にしました。数秒ですべての受付機で使えなくなります。");
  }
}

async function closeShelter(event) {
  event.preventDefault();
  const shelter = $("x-shelter").value.trim();
  const moveTo = text($("x-move").value.trim());
  if (!window.confirm(moveTo ? `${shelter} を閉鎖し、全員を ${moveTo} へ移動しますか？` : `${shelter} を閉鎖し、全員を退所にしますか？`)) return;
  say("閉鎖しています…");
  const closed = await call("POST", `/api/v1/shelters/${encodeURIComponent(shelter)}/closing`, { moveTo });
  say(`閉鎖しました：退所 ${closed.checkedOut} 人、移動 ${closed.moved} 人、残り ${closed.remaining} 人。`);
}

function guard(handler) {
  return (event) => handler(event).catch((e) => say(e.message, true));
}

// A desk token's scope fills in its municipality and shelter, so a shelter's desk never types them.
function fillScope() {
  const scope = session?.scope || {};
  if (scope.municipality) $("r-municipality").value = scope.municipality;
  for (const id of ["r-shelter", "t-shelter", "p-shelter", "x-shelter", "k-shelter"]) if (scope.shelterId) $(id).value = scope.shelterId;
}

async function open(signedIn) {
  session = signedIn;
  $("signin").hidden = true;
  $("desk").hidden = false;
  $("sign-out").hidden = false;
  $("who").textContent = `${session.name} (${session.role})`;
  fillScope();
  await listReadings().catch(() => {});
  setInterval(() => listReadings().catch(() => {}), 5000);
}

$("r-needs").append(...needs.map(([code, label]) => {
  const wrap = document.createElement("label");
  const box = Object.assign(document.createElement("input"), { type: "checkbox", id: `need-${code}` });
  const detail = Object.assign(document.createElement("input"), { id: `need-${code}-detail`, placeholder: "詳細" });
  detail.setAttribute("aria-label", `${label} の詳細`);
  wrap.append(box, ` ${label} `, detail);
  return wrap;
}));
$("register-form").addEventListener("submit", guard(register));
$("readings-form").addEventListener("submit", guard(listReadings));
$("search-form").addEventListener("submit", guard(search));
$("card-form").addEventListener("submit", guard(issueCard));
$("desk-tap-form").addEventListener("submit", guard(deskTap));
$("roll-form").addEventListener("submit", guard(rollCall));
$("evacuee-form").addEventListener("submit", guard(async (event) => { event.preventDefault(); await showEvacuee($("e-id").value.trim()); }));
$("hold").addEventListener("click", () => hold(false).catch((e) => say(e.message, true)));
$("lift").addEventListener("click", () => hold(true).catch((e) => say(e.message, true)));
$("close-form").addEventListener("submit", guard(closeShelter));
$("sign-out").addEventListener("click", async () => {
  await fetch("/api/v1/session", { method: "DELETE", credentials: "same-origin" });
  location.reload();
});
$("signin-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const response = await fetch("/api/v1/session", {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ token: $("token").value }), credentials: "same-origin",
  });
  $("token").value = "";
  if (!response.ok) {
    const problem = await response.json().catch(() => ({}));
    $("signin-error").textContent = `サインインできませんでした。${problem.detail || `(${response.status})`}`;
    return;
  }
  await open(await response.json());
});
fetch("/api/v1/session", { credentials: "same-origin" }).then(async (r) => { if (r.ok) await open(await r.json()); }).catch(() => {});
