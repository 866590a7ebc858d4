'use strict';
// The volunteer's screen: one view pushed by the station over server-sent events, a few POSTs back.
(() => {
  const $ = (id) => document.getElementById(id);
  const actions = {
    'check-in': ['チェックイン', 'Check-in'],
    'meal': ['食事', 'Meal'],
    'supply-pickup': ['物資', 'Supplies'],
    'check-out': ['チェックアウト', 'Check-out'],
    'card-face': ['券面読み取り（受付）', 'Read card (desk)'],
  };
  const sexes = { '1': '男性 / male', '2': '女性 / female', '3': 'その他 / other', '9': '記載なし / not stated' };
  const icons = { green: '✓', amber: '!', red: '×', idle: '' };
  let view = null;
  let lastResultKey = null;
  let pin = '';

  async function post(path, body) {
    const response = await fetch(path, {
      method: 'POST',
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
    });
    if (!response.ok && response.status !== 202) {
      let problem = {};
      try { problem = await response.json(); } catch { /* not JSON */ }
      throw new Error(problem.detail || problem.title || String(response.status));
    }
    return response;
  }

  function time(iso) {
    return iso ? new Date(iso).toLocaleTimeString('ja-JP', { hour: '2-digit', minute: '2-digit', second: '2-digit' }) : '—';
  }

  // Distinct sounds: rising for green, one tone for amber, a low double buzz for red.
  let audio = null;
  function beep(verdict) {
    try {
      audio = audio || new AudioContext();
      const tones = { green: [[880, 0], [1320, 0.12]], amber: [[660, 0]], red: [[220, 0], [220, 0.25]] }[verdict] || [];
      for (const [frequency, at] of tones) {
        const oscillator = audio.createOscillator();
        const gain = audio.createGain();
        oscillator.type = verdict === 'red' ? 'square' : 'sine';
        oscillator.frequency.value = frequency;
        gain.gain.value = 0.2;
        oscillator.connect(gain).connect(audio.destination);
        oscillator.start(audio.currentTime + at);
        oscillator.stop(audio.currentTime + at + 0.18);
      }
    } catch { /* no audio device: the colour and icon still say it */ }
  }

  function render(next) {
    view = next;
    const [ja, en] = actions[view.action] || [view.action, view.action];
    $('banner').dataset.action = view.action;
    $('banner-ja').textContent = ja;
    $('banner-en').textContent = en;
    for (const button of document.querySelectorAll('.action')) {
      button.setAttribute('aria-pressed', String(button.dataset.action === view.action));
    }
    const registration = view.registration;
    $('shelter').textContent = registration.registered
      ? `${registration.shelterName || registration.shelterId} · ${registration.readerId}` : '未登録 / not registered';
    $('certificate-only').hidden = !view.certificateOnlyNow;
    $('register').hidden = registration.registered;
    $('register-error').textContent = registration.error || '';

    const status = view.status;
    const link = $('link');
    link.textContent = status.online ? 'オンライン / online' : 'オフライン / offline';
    link.className = 'pill ' + (status.online ? 'online' : 'offline');
    $('offline-banner').hidden = status.online || !registration.registered;
    $('waiting').textContent = String(status.waiting);
    $('last-upload').textContent = time(status.lastUpload);
    $('reader').textContent = status.readers.length ? status.readers.join(', ') : 'なし / none';
    $('card-on-reader').hidden = !status.cardOnReader;
    const clock = $('clock');
    clock.textContent = status.clockInStep ? '時計 OK / clock OK'
      : `時計が ${Math.abs(status.clockAheadSeconds)} 秒${status.clockAheadSeconds > 0 ? '進んで' : '遅れて'}います / clock ${status.clockAheadSeconds > 0 ? 'ahead' : 'behind'} ${Math.abs(status.clockAheadSeconds)} s`;
    clock.className = 'pill ' + (status.clockInStep ? 'online' : 'drift');
    $('hold').hidden = status.hold === 'None';
    $('hold-text').textContent = status.holdJapanese ? `${status.holdJapanese} / ${status.holdEnglish}` : '';
    $('resume').hidden = status.hold === 'TokenRefused';
    $('reader-problem').hidden = !status.readerProblemJapanese;
    $('reader-problem').textContent = status.readerProblemJapanese ? `${status.readerProblemJapanese} / ${status.readerProblemEnglish}` : '';

    const result = view.result;
    const verdict = result ? result.verdict : 'idle';
    $('result').className = 'result ' + verdict;
    $('result').dataset.verdict = verdict;
    $('result-icon').textContent = icons[verdict];
    if (result) {
      $('result-ja').textContent = result.japanese;
      $('result-en').textContent = result.english;
      $('result-hint').hidden = !result.hintJapanese;
      $('result-hint').textContent = result.hintJapanese ? `${result.hintJapanese} / ${result.hintEnglish}` : '';
      const key = `${result.tapId}|${result.at}|${result.verdict}|${result.japanese}`;
      if (key !== lastResultKey && lastResultKey !== null) { beep(result.verdict); }
      lastResultKey = key;
    } else if (lastResultKey === null) {
      lastResultKey = '';
    }

    $('reading').hidden = !view.reading || !!view.pin;
    if (view.reading) {
      $('reading-ja').textContent = view.reading.japanese;
      $('reading-en').textContent = view.reading.english;
    }

    const pad = $('pin');
    if (view.pin) {
      if (pad.hidden) { pin = ''; }
      pad.hidden = false;
      const tries = view.pin.triesLeft;
      $('pin-tries').textContent = tries === null || tries === undefined ? '' : `残り ${tries} 回 / ${tries} tries left`;
      $('pin-warning').hidden = !view.pin.lastTry;
      const cardFace = view.pin.purpose === 'card-face';
      $('pin-title-ja').textContent = cardFace ? '券面事項入力補助用の暗証番号（数字4桁）を入力してください' : '暗証番号（数字4桁）を入力してください';
      $('pin-title-en').textContent = cardFace ? 'Enter the 4-digit PIN for the card\'s face details' : 'Enter your 4-digit PIN';
      showDots();
    } else {
      pad.hidden = true;
      pin = '';
    }

    const face = view.cardFace;
    $('card-face').hidden = !face;
    if (face) {
      $('card-face-name').textContent = face.name;
      $('card-face-address').textContent = face.address;
      $('card-face-birth').textContent = face.birthDate;
      $('card-face-sex').textContent = sexes[face.sex] || face.sex;
    }

    $('attention').hidden = view.attention.length === 0;
    $('attention-count').textContent = String(view.attention.length);
    const list = $('attention-list');
    list.replaceChildren(...view.attention.map((item) => {
      const row = document.createElement('tr');
      row.dataset.tap = item.tapId;
      const cells = [time(item.occurredAt), (actions[item.action] || [item.action])[0], `${item.japanese} / ${item.english}`];
      for (const text of cells) {
        const cell = document.createElement('td');
        cell.textContent = text;
        row.append(cell);
      }
      const done = document.createElement('button');
      done.type = 'button';
      done.textContent = '確認済み / done';
      done.addEventListener('click', () => post(`/api/attention/${encodeURIComponent(item.tapId)}/dismiss`).catch(() => {}));
      const cell = document.createElement('td');
      cell.append(done);
      row.append(cell);
      return row;
    }));
    $('demo').hidden = !view.demo;
    document.body.classList.toggle('with-demo', view.demo);
  }

  function showDots() {
    $('pin-dots').textContent = '●'.repeat(pin.length) + '○'.repeat(4 - pin.length);
    $('pin-confirm').disabled = pin.length !== 4;
  }

  function digit(d) {
    if (pin.length < 4) { pin += d; showDots(); }
  }

  async function confirmPin() {
    if (pin.length !== 4) { return; }
    const typed = pin;
    pin = '';
    showDots();
    try { await post('/api/pin', { pin: typed }); } catch { /* the pad closes with the station's next view */ }
  }

  for (const button of document.querySelectorAll('.action')) {
    button.addEventListener('click', () => post('/api/action', { action: button.dataset.action }).catch(() => {}));
  }
  for (const key of document.querySelectorAll('[data-digit]')) {
    key.addEventListener('click', () => digit(key.dataset.digit));
  }
  $('pin-clear').addEventListener('click', () => { pin = pin.slice(0, -1); showDots(); });
  $('pin-cancel').addEventListener('click', () => { pin = ''; post('/api/pin/cancel').catch(() => {}); });
  $('pin-confirm').addEventListener('click', confirmPin);
  document.addEventListener('keydown', (event) => {
    if (!view || !view.pin) { return; }
    if (/^[0-9]$/.test(event.key)) { digit(event.key); event.preventDefault(); }
    else if (event.key === 'Backspace') { pin = pin.slice(0, -1); showDots(); event.preventDefault(); }
    else if (event.key === 'Enter') { confirmPin(); event.preventDefault(); }
    else if (event.key === 'Escape') { pin = ''; post('/api/pin/cancel').catch(() => {}); event.preventDefault(); }
  });
  $('resume').addEventListener('click', () => post('/api/resume').catch(() => {}));
  $('card-face-confirm').addEventListener('click', () => post('/api/card-face/confirm').catch(() => {}));
  $('card-face-discard').addEventListener('click', () => post('/api/card-face/discard').catch(() => {}));
  $('desk-button').addEventListener('click', () => { $('desk').hidden = false; });
  $('desk-close').addEventListener('click', () => { $('desk').hidden = true; });
  $('register-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const code = $('register-code').value.trim();
    if (!code) { return; }
    $('register-button').disabled = true;
    try {
      await post('/api/register', { code });
      $('register-code').value = '';
    } catch (error) {
      $('register-error').textContent = error.message;
    } finally {
      $('register-button').disabled = false;
    }
  });

  async function loadDemo() {
    const response = await fetch('/api/demo/cards', { credentials: 'same-origin' });
    if (!response.ok) { return; }
    const cards = await response.json();
    $('demo-cards').replaceChildren(...cards.map((card) => {
      const button = document.createElement('button');
      button.type = 'button';
      button.dataset.card = card.id;
      button.textContent = card.japanese;
      const english = document.createElement('small');
      english.lang = 'en';
      english.textContent = card.english;
      button.append(english);
      button.addEventListener('click', () => post('/api/demo/present', { card: card.id }).catch(() => {}));
      return button;
    }));
  }

  let demoLoaded = false;
  const events = new EventSource('/api/events');
  events.addEventListener('screen', (event) => {
    $('disconnected').hidden = true;
    render(JSON.parse(event.data));
    if (view.demo && !demoLoaded) { demoLoaded = true; loadDemo(); }
  });
  events.addEventListener('error', () => { $('disconnected').hidden = false; });
})();
