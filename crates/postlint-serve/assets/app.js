// postlint serve: the page. Plain JavaScript, no build step, nothing fetched
// but the server's own API (/api/v1/check, /api/v1/rules).
(function () {
  'use strict';

  // ------------------------------------------------------------------ texts
  const I18N = {
    en: {
      skip: 'Skip to the draft',
      tagline: 'Check your post before you publish it.',
      uiLanguage: 'Language of this page',
      draftHeading: 'Your draft',
      platform: 'Platform',
      kind: 'Type',
      kindPost: 'Post',
      kindReply: 'Reply',
      postLanguage: 'Language of the post',
      langAuto: 'Detect',
      langEn: 'English',
      langNl: 'Dutch',
      replyTo: 'The message you are replying to',
      replyToPlaceholder: "Paste the customer's message or comment here",
      draft: 'Draft',
      draftPlaceholder: 'Type or paste your post here',
      profileHeading: 'Persuasion principles in this post',
      findingsHeading: 'Findings',
      fixAll: 'Apply all safe fixes',
      calendarHeading: 'Content calendar',
      calendarHint: 'Check a whole month of posts at once: a CSV or JSONL file with one post per row (columns such as text, platform, date, lang).',
      dropText: 'Drop a calendar file here, or',
      chooseFile: 'choose a file',
      footer: 'postlint checks persuasion, engagement killers and platform limits, in English and Dutch.',
      meter: '{length} / {limit}, counted the way {platform} counts',
      meterOver: '{n} over the limit',
      meterLeft: '{n} left',
      languageGiven: 'Checked as {lang}.',
      languageDetected: 'Checked as {lang} (detected).',
      countEmpty: 'Type a draft to check it.',
      countNone: 'No findings: this draft looks good.',
      findings: ['{n} finding', '{n} findings'],
      error: ['{n} error', '{n} errors'],
      warning: ['{n} warning', '{n} warnings'],
      suggestion: ['{n} suggestion', '{n} suggestions'],
      sev_error: 'Error',
      sev_warning: 'Warning',
      sev_suggestion: 'Suggestion',
      used: 'used',
      notUsed: 'not used',
      fixReplace: 'Replace “{from}” with “{to}”',
      fixRemove: 'Remove “{from}”',
      fixInsert: 'Insert “{to}”',
      fixSafe: 'safe fix',
      showInDraft: 'Show in draft',
      why: 'Why this matters',
      serverError: 'postlint could not check this: {msg}',
      netError: 'The postlint server did not answer. Is postlint serve still running?',
      calChecking: 'Checking {name}…',
      calDone: '{name}: {posts} checked, {cal} in the calendar, {post} in the posts.',
      posts: ['{n} post', '{n} posts'],
      calFindings: 'Calendar findings',
      noCalFindings: 'No calendar findings: the rhythm and the mix look fine.',
      chartPrinciples: 'Persuasion principles: share of posts that use each',
      chartMix: 'Questions, humor and sales: share of posts',
      chartPlatforms: 'Platforms: share of posts',
      mixQuestions: 'Ask a question',
      mixHumor: 'Lean on humor',
      mixSales: 'Sell',
      platformsTable: 'Rhythm per platform',
      thPlatform: 'Platform',
      thPosts: 'Posts',
      thFirst: 'First',
      thLast: 'Last',
      thGap: 'Largest gap (days)',
      thPerDay: 'Most on one day',
      thPerWeek: 'Posts per week',
      postFindings: 'Findings per post',
      noPostFindings: 'No findings in the posts themselves.',
      record: 'row {n}',
      recordLine: 'line {n}',
      records: 'Posts:',
      inputErrors: 'Could not be read',
      allPlatforms: 'all platforms',
      chartOf: '{label}: {value}',
    },
    nl: {
      skip: 'Naar het concept',
      tagline: 'Controleer je bericht voor je het plaatst.',
      uiLanguage: 'Taal van deze pagina',
      draftHeading: 'Je concept',
      platform: 'Platform',
      kind: 'Soort',
      kindPost: 'Bericht',
      kindReply: 'Antwoord',
      postLanguage: 'Taal van het bericht',
      langAuto: 'Herkennen',
      langEn: 'Engels',
      langNl: 'Nederlands',
      replyTo: 'Het bericht waarop je antwoordt',
      replyToPlaceholder: 'Plak hier het bericht of de reactie van de klant',
      draft: 'Concept',
      draftPlaceholder: 'Typ of plak hier je bericht',
      profileHeading: 'Overtuigingsprincipes in dit bericht',
      findingsHeading: 'Bevindingen',
      fixAll: 'Alle veilige verbeteringen toepassen',
      calendarHeading: 'Contentkalender',
      calendarHint: 'Controleer een hele maand berichten tegelijk: een CSV- of JSONL-bestand met één bericht per rij (kolommen zoals text, platform, date, lang).',
      dropText: 'Sleep een kalenderbestand hierheen, of',
      chooseFile: 'kies een bestand',
      footer: 'postlint controleert overtuigingskracht, interactiekillers en platformlimieten, in het Nederlands en het Engels.',
      meter: '{length} / {limit}, geteld zoals {platform} telt',
      meterOver: '{n} te veel',
      meterLeft: 'nog {n}',
      languageGiven: 'Gecontroleerd als {lang}.',
      languageDetected: 'Gecontroleerd als {lang} (herkend).',
      countEmpty: 'Typ een concept om het te controleren.',
      countNone: 'Geen bevindingen: dit concept ziet er goed uit.',
      findings: ['{n} bevinding', '{n} bevindingen'],
      error: ['{n} fout', '{n} fouten'],
      warning: ['{n} waarschuwing', '{n} waarschuwingen'],
      suggestion: ['{n} suggestie', '{n} suggesties'],
      sev_error: 'Fout',
      sev_warning: 'Waarschuwing',
      sev_suggestion: 'Suggestie',
      used: 'gebruikt',
      notUsed: 'niet gebruikt',
      fixReplace: 'Vervang “{from}” door “{to}”',
      fixRemove: 'Verwijder “{from}”',
      fixInsert: 'Voeg “{to}” in',
      fixSafe: 'veilige verbetering',
      showInDraft: 'Toon in concept',
      why: 'Waarom dit telt',
      serverError: 'postlint kon dit niet controleren: {msg}',
      netError: 'De postlint-server antwoordt niet. Draait postlint serve nog?',
      calChecking: '{name} wordt gecontroleerd…',
      calDone: '{name}: {posts} gecontroleerd, {cal} in de kalender, {post} in de berichten.',
      posts: ['{n} bericht', '{n} berichten'],
      calFindings: 'Bevindingen in de kalender',
      noCalFindings: 'Geen bevindingen in de kalender: ritme en mix zien er goed uit.',
      chartPrinciples: 'Overtuigingsprincipes: aandeel berichten dat ze gebruikt',
      chartMix: 'Vragen, humor en verkoop: aandeel berichten',
      chartPlatforms: 'Platformen: aandeel berichten',
      mixQuestions: 'Stelt een vraag',
      mixHumor: 'Gebruikt humor',
      mixSales: 'Verkoopt',
      platformsTable: 'Ritme per platform',
      thPlatform: 'Platform',
      thPosts: 'Berichten',
      thFirst: 'Eerste',
      thLast: 'Laatste',
      thGap: 'Grootste gat (dagen)',
      thPerDay: 'Meeste op één dag',
      thPerWeek: 'Berichten per week',
      postFindings: 'Bevindingen per bericht',
      noPostFindings: 'Geen bevindingen in de berichten zelf.',
      record: 'rij {n}',
      recordLine: 'regel {n}',
      records: 'Berichten:',
      inputErrors: 'Niet te lezen',
      allPlatforms: 'alle platformen',
      chartOf: '{label}: {value}',
    },
  };

  const PRINCIPLES = ['why', 'reciprocity', 'commitment', 'social_proof', 'liking', 'authority', 'scarcity'];
  const PRINCIPLE_NAMES = {
    en: { why: 'Why', reciprocity: 'Reciprocity', commitment: 'Commitment', social_proof: 'Social proof', liking: 'Liking', authority: 'Authority', scarcity: 'Scarcity' },
    nl: { why: 'Waarom', reciprocity: 'Wederkerigheid', commitment: 'Commitment', social_proof: 'Sociale bewijskracht', liking: 'Sympathie', authority: 'Autoriteit', scarcity: 'Schaarste' },
  };
  const PLATFORM_NAMES = { x: 'X', linkedin: 'LinkedIn', facebook: 'Facebook', instagram: 'Instagram', mastodon: 'Mastodon', bluesky: 'Bluesky', threads: 'Threads', tiktok: 'TikTok' };
  const SEVERITY_RANK = { error: 3, warning: 2, suggestion: 1 };
  const DEBOUNCE_MS = 250;

  // ------------------------------------------------------------------ state
  const $ = (id) => document.getElementById(id);
  const el = {
    platform: $('platform'), lang: $('lang'), draft: $('draft'), backdrop: $('backdrop'),
    replyField: $('reply-field'), replyTo: $('reply-to'), meterFill: $('meter-fill'),
    meterText: $('meter-text'), meter: $('meter'), principles: $('principles'), findings: $('findings'),
    count: $('findings-count'), error: $('error'), fixAll: $('fix-all'), drop: $('drop'),
    file: $('calendar-file'), fileName: $('file-name'), calStatus: $('calendar-status'),
    calReport: $('calendar-report'), findingsHeading: $('findings-heading'),
  };

  const state = {
    ui: 'en',
    uiExplicit: false,
    text: '',           // the textarea's text the findings are mapped to
    findings: [],       // {f, start, end, fix: {start, end, replacement, safe} | null, gone}
    post: null,         // posts[0] of the last answer
    checked: false,     // an answer has arrived for some text
    seq: 0,             // number of the latest check request
    timer: 0,
    pending: 0,         // requests in flight
    rules: new Map(),   // id -> rule from /api/v1/rules
    platforms: new Map(),
    calendar: null,     // {name, result}
    calSeq: 0,
  };

  // ------------------------------------------------------------------ helpers
  function t(key, vars) {
    let s = (I18N[state.ui] && I18N[state.ui][key]);
    if (s === undefined) s = I18N.en[key];
    if (s === undefined) return key;
    if (Array.isArray(s)) s = s[vars && vars.n === 1 ? 0 : 1];
    if (vars) s = s.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m));
    return s;
  }

  function esc(s) {
    return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
  }

  function num(n) {
    return new Intl.NumberFormat(state.ui === 'nl' ? 'nl-NL' : 'en-US').format(n);
  }

  function pct(x) {
    return new Intl.NumberFormat(state.ui === 'nl' ? 'nl-NL' : 'en-US', { style: 'percent', maximumFractionDigits: 0 }).format(x);
  }

  function platformName(id) {
    const p = state.platforms.get(id);
    return (p && p.name) || PLATFORM_NAMES[id] || id;
  }

  function langName(code) {
    if (code === 'en') return t('langEn');
    if (code === 'nl') return t('langNl');
    return code;
  }

  function shorten(s, max) {
    const chars = Array.from(s.replace(/\s+/g, ' ').trim());
    return chars.length > max ? chars.slice(0, max - 1).join('') + '…' : chars.join('');
  }

  // postlint's spans are UTF-8 byte offsets; the textarea counts UTF-16 code
  // units. Returns a function from byte offset to UTF-16 offset.
  function byteToUtf16(text) {
    const starts = [0]; // starts[i]: byte offset of the i-th code point
    const units = [0];  // units[i]: its UTF-16 offset
    let b = 0;
    let u = 0;
    for (const ch of text) {
      const cp = ch.codePointAt(0);
      b += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      u += ch.length;
      starts.push(b);
      units.push(u);
    }
    return function (off) {
      if (off <= 0) return 0;
      if (off >= b) return u;
      let lo = 0;
      let hi = starts.length - 1;
      while (lo < hi) { // last code point starting at or before off
        const mid = (lo + hi + 1) >> 1;
        if (starts[mid] <= off) lo = mid; else hi = mid - 1;
      }
      return units[lo];
    };
  }

  // Where oldText and newText differ: [prefix, oldEnd, newEnd].
  function diffRange(oldText, newText) {
    const max = Math.min(oldText.length, newText.length);
    let p = 0;
    while (p < max && oldText.charCodeAt(p) === newText.charCodeAt(p)) p++;
    let s = 0;
    while (s < max - p && oldText.charCodeAt(oldText.length - 1 - s) === newText.charCodeAt(newText.length - 1 - s)) s++;
    return [p, oldText.length - s, newText.length - s];
  }

  // Moves a span [start, end) of oldText into newText; null when the edit
  // touched it.
  function moveSpan(start, end, range) {
    const [p, oldEnd, newEnd] = range;
    if (end <= p) return [start, end]; // wholly before the edit
    if (start >= oldEnd) return [start + newEnd - oldEnd, end + newEnd - oldEnd]; // wholly after
    return null;
  }

  function remapFindings(oldText, newText) {
    if (oldText === newText) return;
    const range = diffRange(oldText, newText);
    for (const fd of state.findings) {
      if (fd.gone) continue;
      const s = moveSpan(fd.start, fd.end, range);
      if (!s) { fd.gone = true; continue; }
      fd.start = s[0];
      fd.end = s[1];
      if (fd.fix) {
        const fs = moveSpan(fd.fix.start, fd.fix.end, range);
        if (fs) { fd.fix.start = fs[0]; fd.fix.end = fs[1]; } else { fd.gone = true; }
      }
    }
  }

  // ------------------------------------------------------------------ URL state
  function readUrl() {
    const q = new URLSearchParams(location.search);
    const ui = q.get('ui');
    if (ui === 'en' || ui === 'nl') {
      state.ui = ui;
      state.uiExplicit = true;
    } else {
      const langs = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || 'en'];
      state.ui = /^nl\b/i.test(langs[0] || '') ? 'nl' : 'en';
    }
    const platform = q.get('platform');
    if (platform) ensurePlatformOption(platform);
    if (platform) el.platform.value = platform;
    const kind = q.get('kind') === 'reply' ? 'reply' : 'post';
    document.querySelector(`input[name=kind][value=${kind}]`).checked = true;
    const lang = q.get('lang');
    if (lang === 'en' || lang === 'nl' || lang === 'auto') el.lang.value = lang;
    el.draft.value = q.get('text') || '';
    el.replyTo.value = q.get('reply') || '';
  }

  function writeUrl() {
    const q = new URLSearchParams();
    if (state.uiExplicit) q.set('ui', state.ui);
    q.set('platform', el.platform.value);
    q.set('kind', kind());
    if (el.lang.value !== 'auto') q.set('lang', el.lang.value);
    if (el.draft.value) q.set('text', el.draft.value);
    if (kind() === 'reply' && el.replyTo.value) q.set('reply', el.replyTo.value);
    const url = location.pathname + '?' + q.toString();
    if (url !== location.pathname + location.search) history.replaceState(null, '', url);
  }

  function kind() {
    const r = document.querySelector('input[name=kind]:checked');
    return r ? r.value : 'post';
  }

  function ensurePlatformOption(id) {
    if (!/^[a-z0-9_-]{1,40}$/i.test(id)) return;
    if (!Array.from(el.platform.options).some((o) => o.value === id)) {
      el.platform.add(new Option(platformName(id), id));
    }
  }

  // ------------------------------------------------------------------ checking
  function setBusy() {
    if (state.timer || state.pending) document.body.dataset.busy = '1';
    else delete document.body.dataset.busy;
  }

  function schedule(immediate) {
    clearTimeout(state.timer);
    state.timer = 0;
    if (immediate) { check(); return; }
    state.timer = setTimeout(() => { state.timer = 0; check(); }, DEBOUNCE_MS);
    setBusy();
  }

  async function check() {
    const seq = ++state.seq;
    const text = el.draft.value;
    const body = { text, platform: el.platform.value, kind: kind(), lang: el.lang.value };
    if (body.kind === 'reply' && el.replyTo.value.trim()) body.in_reply_to = el.replyTo.value;
    state.pending++;
    setBusy();
    let answer = null;
    let failure = null;
    try {
      const res = await fetch('/api/v1/check', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      let json = null;
      try { json = await res.json(); } catch (e) { json = null; }
      if (res.ok && json && Array.isArray(json.posts)) answer = json;
      else failure = t('serverError', { msg: (json && json.error) || res.status + ' ' + res.statusText });
    } catch (e) {
      failure = t('netError');
    } finally {
      state.pending--;
    }
    if (seq !== state.seq) { setBusy(); return; } // a newer check is under way or done
    if (failure) {
      el.error.textContent = failure;
      el.error.hidden = false;
      setBusy();
      return;
    }
    el.error.hidden = true;
    takeAnswer(answer, text);
    setBusy();
  }

  function takeAnswer(answer, sentText) {
    const post = answer.posts[0] || null;
    state.post = post;
    state.checked = true;
    const toU = byteToUtf16(sentText);
    const list = (post && post.findings) || [];
    state.findings = list.map((f) => {
      const span = f.span || { start: 0, end: 0 };
      const fd = { f, start: toU(span.start), end: toU(span.end), fix: null, gone: false };
      if (f.fix && f.fix.span) {
        fd.fix = { start: toU(f.fix.span.start), end: toU(f.fix.span.end), replacement: f.fix.replacement || '', safe: !!f.fix.safe };
      }
      return fd;
    });
    state.text = sentText;
    remapFindings(sentText, el.draft.value); // the writer may have typed on
    state.text = el.draft.value;
    renderAll();
  }

  // ------------------------------------------------------------------ rendering
  function renderAll() {
    renderHighlights();
    renderFindings();
    renderMeter();
    renderPrinciples();
  }

  function isWide(fd, len) {
    // Findings about the whole post (too long, no call to action) tint the
    // text instead of underlining all of it.
    return len > 0 && fd.end - fd.start >= Math.max(40, 0.8 * len);
  }

  function renderHighlights() {
    const text = el.draft.value;
    const live = state.findings.map((fd, i) => ({ fd, i })).filter(({ fd }) => !fd.gone && fd.end > fd.start && fd.end <= text.length);
    const cuts = new Set([0, text.length]);
    for (const { fd } of live) { cuts.add(fd.start); cuts.add(fd.end); }
    const points = Array.from(cuts).sort((a, b) => a - b);
    let html = '';
    for (let k = 0; k + 1 < points.length; k++) {
      const a = points[k];
      const b = points[k + 1];
      const piece = esc(text.slice(a, b));
      const over = live.filter(({ fd }) => fd.start <= a && fd.end >= b);
      if (!over.length) { html += piece; continue; }
      const narrow = over.filter(({ fd }) => !isWide(fd, text.length));
      const shown = narrow.length ? narrow : over;
      let top = shown[0].fd.f.severity;
      for (const { fd } of shown) if ((SEVERITY_RANK[fd.f.severity] || 0) > (SEVERITY_RANK[top] || 0)) top = fd.f.severity;
      const cls = 'sev-' + esc(top) + (narrow.length ? '' : ' wide');
      const rules = over.map(({ fd }) => fd.f.rule).join(' ');
      const idx = over.map(({ i }) => i).join(' ');
      html += `<mark class="${cls}" data-rules="${esc(rules)}" data-findings="${idx}">${piece}</mark>`;
    }
    el.backdrop.innerHTML = html + '\u200b\n';
    syncScroll();
  }

  function syncScroll() {
    el.backdrop.scrollTop = el.draft.scrollTop;
    el.backdrop.scrollLeft = el.draft.scrollLeft;
  }

  function autoGrow() {
    const ta = el.draft;
    ta.style.height = 'auto';
    const border = ta.offsetHeight - ta.clientHeight;
    ta.style.height = Math.max(ta.scrollHeight + border, 0) + 'px';
    syncScroll();
  }

  function fixLabel(fd) {
    const from = shorten(el.draft.value.slice(fd.fix.start, fd.fix.end), 40);
    const to = shorten(fd.fix.replacement, 40);
    if (!to) return t('fixRemove', { from });
    if (!from) return t('fixInsert', { to });
    return t('fixReplace', { from, to });
  }

  function countText() {
    const n = state.findings.length;
    if (!el.draft.value.trim()) return t('countEmpty');
    if (!state.checked) return '';
    if (!n) return t('countNone');
    const by = { error: 0, warning: 0, suggestion: 0 };
    for (const fd of state.findings) by[fd.f.severity] = (by[fd.f.severity] || 0) + 1;
    const parts = ['error', 'warning', 'suggestion'].filter((s) => by[s]).map((s) => t(s, { n: by[s] }));
    return t('findings', { n }) + ': ' + parts.join(', ');
  }

  function renderFindings() {
    el.count.textContent = countText();
    const items = state.findings.map((fd, i) => ({ fd, i }));
    // The most serious first, then in the order of the text.
    items.sort((a, b) => (SEVERITY_RANK[b.fd.f.severity] || 0) - (SEVERITY_RANK[a.fd.f.severity] || 0) || a.fd.start - b.fd.start);
    const len = el.draft.value.length;
    el.findings.innerHTML = items.map(({ fd, i }) => {
      const f = fd.f;
      const rule = state.rules.get(f.rule);
      const quote = !fd.gone && fd.end > fd.start && !isWide(fd, len)
        ? `<p class="quote"><q>${esc(shorten(el.draft.value.slice(fd.start, fd.end), 80))}</q></p>` : '';
      const fix = fd.fix && !fd.gone
        ? `<button type="button" class="fix" data-fix="${i}">${esc(fixLabel(fd))}</button>` : '';
      const show = !fd.gone && fd.end > fd.start
        ? `<button type="button" class="link show" data-show="${i}">${esc(t('showInDraft'))}</button>` : '';
      const why = rule && rule.rationale
        ? `<details class="why"><summary>${esc(t('why'))}</summary>${rule.rationale.split(/\n\n+/).map((p) => `<p>${esc(p)}</p>`).join('')}</details>` : '';
      return `<li class="finding sev-${esc(f.severity)}" id="finding-${i}" data-rule="${esc(f.rule)}">
        <div class="finding-top"><span class="badge">${esc(t('sev_' + f.severity))}</span><code class="rule">${esc(f.rule)}</code></div>
        ${quote}
        <p class="message">${esc(f.message)}</p>
        ${f.help ? `<p class="help">${esc(f.help)}</p>` : ''}
        ${fix || show ? `<div class="actions">${fix}${show}</div>` : ''}
        ${why}
      </li>`;
    }).join('');
    const safe = state.findings.filter((fd) => fd.fix && fd.fix.safe && !fd.gone).length;
    el.fixAll.hidden = safe < 2;
  }

  function renderMeter() {
    const post = state.post;
    const m = post && post.metrics;
    if (!m || typeof m.length !== 'number' || typeof m.limit !== 'number' || !m.limit) {
      el.meterFill.style.width = '0';
      el.meterText.textContent = '\u00a0';
      el.meter.className = 'meter';
      return;
    }
    const ratio = m.length / m.limit;
    el.meterFill.style.width = Math.min(100, ratio * 100) + '%';
    el.meter.className = 'meter' + (ratio > 1 ? ' over' : ratio > 0.9 ? ' near' : '');
    const extra = m.length > m.limit ? t('meterOver', { n: num(m.length - m.limit) }) : t('meterLeft', { n: num(m.limit - m.length) });
    let text = t('meter', { length: num(m.length), limit: num(m.limit), platform: platformName(post.platform) }) + ' · ' + extra;
    if (post.language) text += ' · ' + t(post.language_detected ? 'languageDetected' : 'languageGiven', { lang: langName(post.language) });
    el.meterText.textContent = text;
  }

  function renderPrinciples() {
    const used = new Set((state.post && state.post.principles) || []);
    const names = PRINCIPLE_NAMES[state.ui] || PRINCIPLE_NAMES.en;
    const ids = PRINCIPLES.concat(Array.from(used).filter((p) => !PRINCIPLES.includes(p)));
    el.principles.innerHTML = ids.map((id) => {
      const on = used.has(id);
      return `<li class="principle${on ? ' on' : ''}" data-principle="${esc(id)}"><span aria-hidden="true">${on ? '✓' : '·'}</span> ${esc(names[id] || id)}<span class="visually-hidden"> (${esc(on ? t('used') : t('notUsed'))})</span></li>`;
    }).join('');
  }

  // ------------------------------------------------------------------ editing
  function onTextChanged(immediate) {
    const text = el.draft.value;
    remapFindings(state.text, text);
    state.text = text;
    autoGrow();
    renderHighlights();
    writeUrl();
    if (!text.trim()) {
      // Nothing to check: clear at once, but still ask for the meter.
      state.findings = [];
      renderFindings();
      renderHighlights();
    }
    schedule(immediate);
  }

  function replaceRange(start, end, replacement) {
    const ta = el.draft;
    ta.value = ta.value.slice(0, start) + replacement + ta.value.slice(end);
    const caret = start + replacement.length;
    ta.setSelectionRange(caret, caret);
  }

  function applyFix(i) {
    const fd = state.findings[i];
    if (!fd || !fd.fix || fd.gone) return;
    const order = Array.from(el.findings.querySelectorAll('button.fix')).map((b) => b.dataset.fix);
    const pos = order.indexOf(String(i));
    replaceRange(fd.fix.start, fd.fix.end, fd.fix.replacement);
    fd.gone = true;
    onTextChanged(true);
    renderFindings();
    // Keep the keyboard where it was: the next fix, else the draft.
    const buttons = Array.from(el.findings.querySelectorAll('button.fix'));
    const next = buttons[Math.min(pos, buttons.length - 1)];
    if (next) next.focus(); else el.draft.focus();
  }

  function applyAllSafe() {
    const fixes = state.findings.filter((fd) => fd.fix && fd.fix.safe && !fd.gone).sort((a, b) => b.fix.start - a.fix.start);
    const ta = el.draft;
    let text = ta.value;
    let limit = Infinity;
    for (const fd of fixes) {
      if (fd.fix.end > limit) continue; // overlaps one already applied
      text = text.slice(0, fd.fix.start) + fd.fix.replacement + text.slice(fd.fix.end);
      limit = fd.fix.start;
      fd.gone = true;
    }
    ta.value = text;
    onTextChanged(true);
    renderFindings();
    el.draft.focus();
  }

  function showFinding(i) {
    const fd = state.findings[i];
    if (!fd || fd.gone) return;
    el.draft.focus();
    el.draft.setSelectionRange(fd.start, fd.end);
    markCurrent();
  }

  // The findings under the caret are marked in the list and the text.
  function markCurrent() {
    if (document.activeElement !== el.draft) return;
    const a = el.draft.selectionStart;
    const b = el.draft.selectionEnd;
    const hit = new Set();
    state.findings.forEach((fd, i) => {
      if (!fd.gone && fd.start <= b && fd.end >= a && fd.end > fd.start && !isWide(fd, el.draft.value.length)) hit.add(String(i));
    });
    for (const li of el.findings.children) li.classList.toggle('current', hit.has(li.id.slice(8)));
    for (const m of el.backdrop.querySelectorAll('mark')) {
      m.classList.toggle('active', m.dataset.findings.split(' ').some((x) => hit.has(x)));
    }
  }

  // ------------------------------------------------------------------ calendar
  async function checkCalendar(file) {
    const seq = ++state.calSeq;
    const name = file.name || 'calendar';
    const format = /\.(jsonl|ndjson)$/i.test(name) ? 'jsonl' : 'csv';
    el.fileName.textContent = name;
    el.calStatus.textContent = t('calChecking', { name });
    el.calReport.hidden = true;
    document.body.dataset.calBusy = '1';
    let result = null;
    let failure = null;
    try {
      const records = await file.text();
      const res = await fetch('/api/v1/check', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ records, format }),
      });
      let json = null;
      try { json = await res.json(); } catch (e) { json = null; }
      if (res.ok && json && Array.isArray(json.posts)) result = json;
      else failure = t('serverError', { msg: (json && json.error) || res.status + ' ' + res.statusText });
    } catch (e) {
      failure = t('netError');
    }
    if (seq !== state.calSeq) return;
    delete document.body.dataset.calBusy;
    if (failure) {
      state.calendar = null;
      el.calStatus.textContent = failure;
      return;
    }
    state.calendar = { name, format, result };
    renderCalendar();
  }

  function barChart(id, title, rows) {
    // rows: [{label, value (0..1), note}]; shares on a fixed 0–100 % scale.
    // Drawn at about the size it is shown, so the text stays readable on a phone.
    const W = Math.max(300, Math.min(380, (el.drop.clientWidth || 380) - 26));
    const longest = Math.max(0, ...rows.map((r) => Array.from(shorten(r.label, 22)).length));
    const labelW = Math.round(Math.max(70, Math.min(W * 0.45, longest * 6.6 + 14)));
    const barW = W - labelW - 46;
    const rowH = 24;
    const top = 18;
    const H = top + rows.length * rowH + 4;
    let svg = `<svg class="chart" id="${id}" viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="${id}-title"><title id="${id}-title">${esc(title + ': ' + rows.map((r) => t('chartOf', { label: r.label, value: pct(r.value) })).join(', '))}</title>`;
    for (const tick of [0, 0.25, 0.5, 0.75, 1]) {
      const x = labelW + tick * barW;
      svg += `<line class="grid" x1="${x}" y1="${top - 4}" x2="${x}" y2="${H - 2}"/>`;
      svg += `<text class="tick" x="${x}" y="${top - 7}" text-anchor="middle">${esc(pct(tick))}</text>`;
    }
    rows.forEach((r, k) => {
      const y = top + k * rowH;
      const v = Math.max(0, Math.min(1, r.value || 0));
      svg += `<text class="label" x="${labelW - 8}" y="${y + rowH / 2 + 4}" text-anchor="end">${esc(shorten(r.label, 22))}</text>`;
      svg += `<rect class="track" x="${labelW}" y="${y + 5}" width="${barW}" height="${rowH - 10}" rx="3"/>`;
      if (v > 0) svg += `<rect class="bar" x="${labelW}" y="${y + 5}" width="${Math.max(2, v * barW)}" height="${rowH - 10}" rx="3"/>`;
      svg += `<text class="value" x="${labelW + barW + 6}" y="${y + rowH / 2 + 4}">${esc(pct(v))}</text>`;
    });
    svg += '</svg>';
    return `<figure class="chart-box"><figcaption>${esc(title)}</figcaption>${svg}</figure>`;
  }

  function renderCalendar() {
    const c = state.calendar;
    const recLabel = (n) => t(c && c.format === 'jsonl' ? 'recordLine' : 'record', { n });
    if (!c) { el.calReport.hidden = true; el.calStatus.textContent = ''; return; }
    const r = c.result;
    const cal = r.calendar || { findings: [], summary: null };
    const sum = cal.summary || {};
    const posts = r.posts || [];
    const total = sum.posts || posts.length || 0;
    const byRecord = new Map(posts.map((p) => [p.record, p]));
    const postFindingCount = posts.reduce((n, p) => n + (p.findings ? p.findings.length : 0), 0);
    el.calStatus.textContent = t('calDone', {
      name: c.name,
      posts: t('posts', { n: total }),
      cal: t('findings', { n: cal.findings.length }),
      post: t('findings', { n: postFindingCount }),
    });

    const recordChip = (rec) => {
      const p = byRecord.get(rec.record);
      const label = recLabel(rec.record);
      const detail = p ? ` · ${esc(platformName(p.platform))}${p.id != null ? ' · #' + esc(p.id) : ''}` : '';
      return `<li><span class="rec">${esc(label)}</span>${detail}</li>`;
    };

    let html = '';
    html += `<h3>${esc(t('calFindings'))}</h3>`;
    if (!cal.findings.length) html += `<p class="ok">${esc(t('noCalFindings'))}</p>`;
    else {
      html += '<ul class="cal-findings">' + cal.findings.map((f) => {
        const rule = state.rules.get(f.rule);
        const why = rule && rule.rationale ? `<details class="why"><summary>${esc(t('why'))}</summary><p>${esc(rule.rationale)}</p></details>` : '';
        const recs = (f.records || []);
        return `<li class="finding sev-${esc(f.severity)}" data-rule="${esc(f.rule)}">
          <div class="finding-top"><span class="badge">${esc(t('sev_' + f.severity))}</span><code class="rule">${esc(f.rule)}</code>${f.platform ? `<span class="plat">${esc(platformName(f.platform))}</span>` : ''}</div>
          <p class="message">${esc(f.message)}</p>
          ${f.help ? `<p class="help">${esc(f.help)}</p>` : ''}
          ${recs.length ? `<details class="recs"><summary>${esc(t('records'))} ${recs.length}</summary><ul>${recs.map(recordChip).join('')}</ul></details>` : ''}
          ${why}
        </li>`;
      }).join('') + '</ul>';
    }

    // Charts: shares of posts, 0–100 %.
    const charts = [];
    if (total && Array.isArray(sum.principles)) {
      const names = PRINCIPLE_NAMES[state.ui] || PRINCIPLE_NAMES.en;
      charts.push(barChart('chart-principles', t('chartPrinciples'), sum.principles.map((p) => ({ label: names[p.id] || p.name || p.id, value: p.posts / total }))));
    }
    if (total) {
      charts.push(barChart('chart-mix', t('chartMix'), [
        { label: t('mixQuestions'), value: (sum.questions || 0) / total },
        { label: t('mixHumor'), value: (sum.humor || 0) / total },
        { label: t('mixSales'), value: (sum.sales || 0) / total },
      ]));
    }
    const plats = sum.platforms ? Object.entries(sum.platforms) : [];
    if (total && plats.length) {
      charts.push(barChart('chart-platforms', t('chartPlatforms'), plats.map(([id, p]) => ({ label: platformName(id), value: p.posts / total }))));
    }
    if (charts.length) html += `<div class="charts">${charts.join('')}</div>`;

    if (plats.length) {
      html += `<h3>${esc(t('platformsTable'))}</h3><div class="table-wrap"><table class="rhythm"><thead><tr>
        <th scope="col">${esc(t('thPlatform'))}</th><th scope="col" class="n">${esc(t('thPosts'))}</th><th scope="col">${esc(t('thFirst'))}</th><th scope="col">${esc(t('thLast'))}</th>
        <th scope="col" class="n">${esc(t('thGap'))}</th><th scope="col" class="n">${esc(t('thPerDay'))}</th><th scope="col">${esc(t('thPerWeek'))}</th></tr></thead><tbody>`;
      for (const [id, p] of plats) {
        const weeks = p.per_week ? Object.entries(p.per_week).map(([w, n]) => `<span class="wk" title="${esc(w)}">${esc(w.replace(/^\d{4}-/, ''))}: ${esc(n)}</span>`).join(' ') : '';
        html += `<tr><th scope="row">${esc(platformName(id))}</th><td class="n">${esc(p.posts)}</td><td>${esc(p.first || '–')}</td><td>${esc(p.last || '–')}</td>
          <td class="n">${p.max_gap_days == null ? '–' : esc(num(p.max_gap_days))}</td><td class="n">${p.max_posts_per_day == null ? '–' : esc(p.max_posts_per_day)}</td><td class="weeks">${weeks}</td></tr>`;
      }
      html += '</tbody></table></div>';
    }

    html += `<h3>${esc(t('postFindings'))}</h3>`;
    const withFindings = posts.filter((p) => p.findings && p.findings.length);
    if (!withFindings.length) html += `<p class="ok">${esc(t('noPostFindings'))}</p>`;
    else {
      html += '<ul class="post-findings">' + withFindings.map((p) => `<li><details><summary><span class="rec">${esc(recLabel(p.record))}</span> · ${esc(platformName(p.platform))}${p.id != null ? ` · <span class="snippet">#${esc(p.id)}</span>` : ''} · ${esc(t('findings', { n: p.findings.length }))}</summary>
        <ul>${p.findings.map((f) => `<li class="sev-${esc(f.severity)}"><span class="badge">${esc(t('sev_' + f.severity))}</span> <code class="rule">${esc(f.rule)}</code> ${esc(f.message)}</li>`).join('')}</ul></details></li>`).join('') + '</ul>';
    }

    if (r.errors && r.errors.length) {
      html += `<h3>${esc(t('inputErrors'))}</h3><ul class="input-errors">${r.errors.map((e) => `<li>${e.record != null ? esc(recLabel(e.record)) + ': ' : ''}${esc(e.message)}</li>`).join('')}</ul>`;
    }
    el.calReport.innerHTML = html;
    el.calReport.hidden = false;
  }

  // ------------------------------------------------------------------ UI language
  function applyUi() {
    document.documentElement.lang = state.ui;
    for (const node of document.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
    for (const node of document.querySelectorAll('[data-i18n-placeholder]')) node.placeholder = t(node.dataset.i18nPlaceholder);
    for (const node of document.querySelectorAll('[data-i18n-aria]')) node.setAttribute('aria-label', t(node.dataset.i18nAria));
    for (const b of document.querySelectorAll('[data-ui]')) b.setAttribute('aria-pressed', String(b.dataset.ui === state.ui));
    document.title = 'postlint: ' + t('tagline').replace(/\.$/, '').toLowerCase();
    renderFindings();
    renderMeter();
    renderPrinciples();
    if (state.calendar) renderCalendar();
  }

  // ------------------------------------------------------------------ rules
  async function loadRules() {
    try {
      const res = await fetch('/api/v1/rules');
      if (!res.ok) return;
      const json = await res.json();
      for (const r of json.rules || []) state.rules.set(r.id, r);
      for (const p of json.platforms || []) {
        state.platforms.set(p.id, p);
        ensurePlatformOption(p.id);
        const opt = Array.from(el.platform.options).find((o) => o.value === p.id);
        if (opt && p.name) opt.textContent = p.name;
      }
      renderFindings();
      renderMeter();
      if (state.calendar) renderCalendar();
    } catch (e) {
      // The explanations are extras: the page works without them.
    }
  }

  // ------------------------------------------------------------------ wiring
  function init() {
    readUrl();
    applyUi();
    el.replyField.hidden = kind() !== 'reply';
    autoGrow();
    renderHighlights();
    writeUrl();

    el.draft.addEventListener('input', () => onTextChanged(false));
    el.draft.addEventListener('scroll', syncScroll);
    el.replyTo.addEventListener('input', () => { writeUrl(); schedule(false); });
    el.platform.addEventListener('change', () => { writeUrl(); schedule(true); });
    el.lang.addEventListener('change', () => { writeUrl(); schedule(true); });
    for (const r of document.querySelectorAll('input[name=kind]')) {
      r.addEventListener('change', () => {
        el.replyField.hidden = kind() !== 'reply';
        writeUrl();
        schedule(true);
      });
    }
    for (const b of document.querySelectorAll('[data-ui]')) {
      b.addEventListener('click', () => {
        state.ui = b.dataset.ui;
        state.uiExplicit = true;
        applyUi();
        writeUrl();
      });
    }
    el.findings.addEventListener('click', (e) => {
      const fix = e.target.closest('button[data-fix]');
      if (fix) { applyFix(Number(fix.dataset.fix)); return; }
      const show = e.target.closest('button[data-show]');
      if (show) showFinding(Number(show.dataset.show));
    });
    el.fixAll.addEventListener('click', applyAllSafe);
    document.addEventListener('selectionchange', markCurrent);
    window.addEventListener('resize', autoGrow);

    el.file.addEventListener('change', () => {
      if (el.file.files && el.file.files[0]) checkCalendar(el.file.files[0]);
    });
    el.drop.addEventListener('dragover', (e) => { e.preventDefault(); el.drop.classList.add('hover'); });
    el.drop.addEventListener('dragleave', () => el.drop.classList.remove('hover'));
    el.drop.addEventListener('drop', (e) => {
      e.preventDefault();
      el.drop.classList.remove('hover');
      const f = e.dataTransfer && e.dataTransfer.files && e.dataTransfer.files[0];
      if (f) checkCalendar(f);
    });

    loadRules();
    schedule(true);
  }

  init();
})();
