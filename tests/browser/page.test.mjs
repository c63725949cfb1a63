// Browser tests of the page of `postlint serve`, in the system Chromium.
//   POSTLINT_URL=http://127.0.0.1:8765 node --test page.test.mjs
// See README.md.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const BASE = (process.env.POSTLINT_URL || 'http://127.0.0.1:8765').replace(/\/+$/, '');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const SHOTS = process.env.SCREENSHOT_DIR || tmpdir();
const HERE = dirname(fileURLToPath(import.meta.url));
const CALENDAR = join(HERE, 'fixtures', 'calendar.csv');

let context;
let profile;

before(async () => {
  profile = mkdtempSync(join(tmpdir(), 'postlint-chromium-'));
  // launchPersistentContext is how Playwright takes --user-data-dir.
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
    viewport: { width: 1280, height: 900 },
    locale: 'en-US',
  });
});

after(async () => {
  if (context) await context.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

async function open(query = '', viewport) {
  const page = await context.newPage();
  if (viewport) await page.setViewportSize(viewport);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e));
  page.errors = errors;
  await page.goto(BASE + '/' + query);
  await idle(page);
  return page;
}

// Waits until no check is pending (debounce or request in flight).
async function idle(page) {
  await page.waitForFunction(() => !document.body.dataset.busy, null, { timeout: 10000 });
}

async function typeDraft(page, text) {
  await page.locator('#draft').click();
  await page.keyboard.type(text);
  await idle(page);
}

const finding = (page, rule) => page.locator(`#findings li[data-rule="${rule}"]`);
const underline = (page, rule) => page.locator(`#backdrop mark[data-rules~="${rule}"]`);

test('typing a draft shows a finding, underlined at the right text', async () => {
  const page = await open('?platform=x&kind=post');
  await typeDraft(page, 'Like if you agree that Mondays need more coffee!');
  await finding(page, 'killers/engagement-bait').waitFor();
  assert.match(await page.locator('#findings-count').textContent(), /\d+ findings?/);
  const marks = underline(page, 'killers/engagement-bait');
  assert.equal(await marks.count(), 1);
  assert.equal(await marks.first().textContent(), 'Like if');
  // The underline sits over the words in the textarea: it starts at the
  // textarea's first line, left edge.
  const box = await marks.first().boundingBox();
  const ta = await page.locator('#draft').boundingBox();
  assert.ok(box.x >= ta.x && box.x < ta.x + 30, `mark x ${box.x} vs textarea ${ta.x}`);
  assert.ok(box.y >= ta.y && box.y < ta.y + 40, `mark y ${box.y} vs textarea ${ta.y}`);
  // The backdrop mirrors the text.
  assert.equal((await page.locator('#backdrop').textContent()).replace(/\u200b\n$/, ''), await page.locator('#draft').inputValue());
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('spans after emoji land on the right text (bytes to UTF-16)', async () => {
  const page = await open('?platform=x&kind=post&lang=en');
  await page.locator('#draft').fill('Our new café 👍🏽🎉 opens today at 9 in Gent!!! Come and see');
  await idle(page);
  const marks = underline(page, 'killers/shouting');
  await marks.first().waitFor();
  assert.equal(await marks.first().textContent(), '!!!');
  await page.close();
});

test('applying a fix (keyboard) changes the text and the finding goes away', async () => {
  const page = await open('?platform=x&kind=post&lang=en');
  await page.locator('#draft').fill('Our new café 👍🏽 opens today in Gent!!! Come and see');
  await idle(page);
  const item = finding(page, 'killers/shouting');
  await item.waitFor();
  const fix = item.locator('button.fix');
  assert.match(await fix.textContent(), /Replace “!!!” with “!”/);
  await fix.focus();
  await page.keyboard.press('Enter');
  assert.equal(await page.locator('#draft').inputValue(), 'Our new café 👍🏽 opens today in Gent! Come and see');
  await idle(page);
  assert.equal(await finding(page, 'killers/shouting').count(), 0);
  assert.equal(await underline(page, 'killers/shouting').count(), 0);
  assert.match(page.url(), /Gent%21\+Come/);
  await page.close();
});

test('a stale answer (slower than a newer one) is ignored', async () => {
  const page = await open('?platform=x&kind=post&lang=en');
  await page.route('**/api/v1/check', async (route) => {
    if ((route.request().postData() || '').includes('FIRST')) await new Promise((r) => setTimeout(r, 1200));
    await route.continue();
  });
  const slow = page.waitForResponse((r) => (r.request().postData() || '').includes('FIRST'));
  await page.locator('#draft').fill('Like if you agree FIRST');
  await page.waitForTimeout(400); // the debounced check of FIRST is under way
  await page.locator('#draft').fill('Our workshop in Gent opens at nine on Saturday. SECOND');
  await idle(page);
  await slow;
  await page.waitForTimeout(100);
  assert.equal(await finding(page, 'killers/engagement-bait').count(), 0);
  assert.equal(await underline(page, 'killers/engagement-bait').count(), 0);
  await page.close();
});

test('switching the platform changes the findings and the meter', async () => {
  const page = await open('?platform=x&kind=post&lang=en');
  const sentence = 'We rebuilt the checkout so paying takes one tap instead of five, and here is why. ';
  let text = '';
  while (text.length < 300) text += sentence;
  text = text.slice(0, 300);
  await page.locator('#draft').fill(text);
  await idle(page);
  await finding(page, 'platform/too-long').waitFor();
  assert.match(await page.locator('#meter').getAttribute('class'), /\bover\b/);
  assert.match(await page.locator('#meter-text').textContent(), /300 \/ 280/);

  await page.locator('#platform').selectOption('linkedin');
  await idle(page);
  assert.equal(await finding(page, 'platform/too-long').count(), 0);
  assert.doesNotMatch(await page.locator('#meter').getAttribute('class'), /\bover\b/);
  assert.match(await page.locator('#meter-text').textContent(), /300 \/ 3,000/);
  assert.match(page.url(), /platform=linkedin/);
  await page.close();
});

test('the URL state round-trips', async () => {
  const page = await open('?platform=x&kind=post');
  await page.locator('#platform').selectOption('mastodon');
  await page.locator('#kind-reply').check();
  await page.locator('#reply-to').fill('My order arrived broken, worst shop ever.');
  await page.locator('#lang').selectOption('en');
  await page.locator('#draft').fill('Please DM us. 😊 & thanks');
  await idle(page);
  const url = page.url();
  const q = new URL(url).searchParams;
  assert.equal(q.get('platform'), 'mastodon');
  assert.equal(q.get('kind'), 'reply');
  assert.equal(q.get('lang'), 'en');
  assert.equal(q.get('text'), 'Please DM us. 😊 & thanks');
  assert.equal(q.get('reply'), 'My order arrived broken, worst shop ever.');
  const found = await page.locator('#findings li').evaluateAll((lis) => lis.map((li) => li.dataset.rule));
  await page.close();

  const again = await context.newPage();
  await again.goto(url);
  await idle(again);
  assert.equal(await again.locator('#platform').inputValue(), 'mastodon');
  assert.equal(await again.locator('#kind-reply').isChecked(), true);
  assert.equal(await again.locator('#reply-field').isVisible(), true);
  assert.equal(await again.locator('#reply-to').inputValue(), 'My order arrived broken, worst shop ever.');
  assert.equal(await again.locator('#lang').inputValue(), 'en');
  assert.equal(await again.locator('#draft').inputValue(), 'Please DM us. 😊 & thanks');
  const foundAgain = await again.locator('#findings li').evaluateAll((lis) => lis.map((li) => li.dataset.rule));
  assert.deepEqual(foundAgain, found);
  assert.ok(found.includes('replies/no-apology'), 'the reply is checked against the message: ' + found);
  await again.close();
});

test('uploading a calendar CSV shows the calendar report', async () => {
  const page = await open();
  await page.locator('#calendar-file').setInputFiles(CALENDAR);
  const report = page.locator('#calendar-report');
  await report.locator('.cal-findings li[data-rule="calendar/gap"]').first().waitFor();
  assert.equal(await report.locator('.cal-findings li[data-rule="calendar/gap"]').count(), 2);
  assert.equal(await report.locator('.cal-findings li[data-rule="calendar/question-every-post"]').count(), 1);
  assert.match(await page.locator('#calendar-status').textContent(), /8 posts checked/);
  // Charts: inline SVG, shares on a 0–100 % scale.
  assert.equal(await report.locator('svg.chart').count(), 3);
  const mix = await report.locator('#chart-mix title').textContent();
  assert.match(mix, /Ask a question: 75%/);
  assert.match(await report.locator('#chart-mix').textContent(), /100%/);
  assert.match(await report.locator('table.rhythm').textContent(), /LinkedIn/);
  await report.locator('.post-findings li[data-rule], .post-findings details').first().waitFor();
  await page.close();
});

test('dropping a calendar JSONL file on the drop zone', async () => {
  const page = await open();
  const jsonl = [
    { id: 'a1', scheduled: '2026-05-01T09:00:00+02:00', platform: 'instagram', lang: 'en', media: true, text: 'Monday again 😂😂 Our coffee machine quit before we did haha' },
    { id: 'a2', scheduled: '2026-05-02T09:00:00+02:00', platform: 'instagram', lang: 'en', media: true, text: 'lol, the intern named the printer 🤣 Meet Kevin, our newest colleague.' },
    { id: 'a3', scheduled: '2026-05-20T09:00:00+02:00', platform: 'instagram', lang: 'en', media: true, text: 'We repaired 120 bikes in May, thanks to you.' },
  ].map((r) => JSON.stringify(r)).join('\n') + '\n';
  await page.evaluate((content) => {
    const dt = new DataTransfer();
    dt.items.add(new File([content], 'may.jsonl', { type: 'application/x-ndjson' }));
    const drop = document.getElementById('drop');
    drop.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
    drop.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, jsonl);
  const report = page.locator('#calendar-report');
  await report.locator('.cal-findings li[data-rule="calendar/gap"]').waitFor();
  assert.match(await page.locator('#calendar-status').textContent(), /may\.jsonl: 3 posts checked/);
  assert.match(await report.locator('.cal-findings').textContent(), /line 3/);
  await page.close();
});

test('the Dutch UI: switch, URL and ?ui=nl', async () => {
  const page = await open('?platform=x');
  assert.equal(await page.locator('#findings-heading').textContent(), 'Findings');
  await page.locator('#ui-nl').click();
  assert.equal(await page.locator('#findings-heading').textContent(), 'Bevindingen');
  assert.equal(await page.locator('html').getAttribute('lang'), 'nl');
  assert.equal(await page.locator('#ui-nl').getAttribute('aria-pressed'), 'true');
  assert.match(page.url(), /ui=nl/);
  await typeDraft(page, 'Like if you agree!');
  assert.match(await page.locator('#findings-count').textContent(), /bevinding/);
  assert.equal(await page.locator('label[for=draft]').textContent(), 'Concept');
  await page.close();

  const nl = await open('?ui=nl');
  assert.equal(await nl.locator('#calendar-heading').textContent(), 'Contentkalender');
  await nl.locator('#ui-en').click();
  assert.equal(await nl.locator('#calendar-heading').textContent(), 'Content calendar');
  await nl.close();
});

test('the explanation of a rule comes from /api/v1/rules', async () => {
  const page = await open('?platform=x&lang=en');
  await typeDraft(page, 'Like if you agree!');
  const why = finding(page, 'killers/engagement-bait').locator('details.why');
  await why.waitFor();
  await why.locator('summary').click();
  assert.ok((await why.locator('p').first().textContent()).length > 20);
  await page.close();
});

test('screenshots at 1280 and 390 px', async () => {
  for (const width of [1280, 390]) {
    const page = await open('?platform=x&kind=post&lang=en&text=' + encodeURIComponent(
      'We are pleased to announce our new app!!! BUY NOW, LIMITED STOCK!!! Like if you agree and tag a friend who needs it 👍🏽 https://example.com/app'),
    { width, height: 900 });
    await page.locator('#calendar-file').setInputFiles(CALENDAR);
    await page.locator('#calendar-report .cal-findings').waitFor();
    await page.screenshot({ path: join(SHOTS, `postlint-page-${width}.png`), fullPage: true });
    // Nothing wider than the viewport.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `page overflows by ${overflow}px at ${width}px`);
    await page.close();
  }
});
