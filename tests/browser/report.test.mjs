// Browser tests of the HTML report (`postlint check --format html`), in the
// system Chromium: the charts at 1280 and 390 px wide.
//   POSTLINT_BIN=target/debug/postlint node --test report.test.mjs
// See README.md.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..', '..');
const BIN = resolve(ROOT, process.env.POSTLINT_BIN || 'target/debug/postlint');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const SHOTS = process.env.SCREENSHOT_DIR || tmpdir();

let context;
let profile;
let work;
const reports = {};

// Writes the report of `inputs` with `args`; the exit code is 1 (findings).
function build(name, inputs, args = []) {
  const out = join(work, `${name}.html`);
  try {
    execFileSync(BIN, ['check', ...inputs, '--format', 'html', '--output', out, ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, LANG: 'C', LC_ALL: '', LC_MESSAGES: '' },
    });
  } catch (e) {
    if (e.status !== 1) throw new Error(`postlint exited ${e.status}: ${e.stderr}`);
  }
  assert.ok(existsSync(out), `${out} written`);
  return pathToFileURL(out).href;
}

before(async () => {
  assert.ok(existsSync(BIN), `no postlint binary at ${BIN}: cargo build -p postlint-cli, or set POSTLINT_BIN`);
  work = mkdtempSync(join(tmpdir(), 'postlint-report-'));
  reports.month = build('month', ['examples/calendar.csv']);
  reports.year = build('year', ['tests/browser/fixtures/calendar-year.csv']);
  reports.nl = build('year-nl', ['tests/browser/fixtures/calendar-year.csv'], ['--ui-lang', 'nl']);
  reports.pillars = build('pillars', ['tests/browser/fixtures/calendar-year.csv'], ['--config', 'tests/browser/fixtures/pillars.yaml']);
  profile = mkdtempSync(join(tmpdir(), 'postlint-chromium-'));
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
  if (work) rmSync(work, { recursive: true, force: true });
});

async function open(url, width) {
  const page = await context.newPage();
  await page.setViewportSize({ width, height: 900 });
  await page.goto(url);
  return page;
}

for (const width of [1280, 390]) {
  test(`a year-long report fits ${width} px: no horizontal overflow, months wrap`, async () => {
    const page = await open(reports.year, width);
    await page.screenshot({ path: join(SHOTS, `postlint-report-${width}.png`), fullPage: true });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `page is ${overflow} px wider than the ${width} px window`);
    // Every month block of the week chart lies inside the window, and a
    // year takes several rows of them.
    const blocks = await page.locator('#posts-per-week figure.month').evaluateAll((els) =>
      els.map((e) => { const r = e.getBoundingClientRect(); return { left: r.left, right: r.right, top: r.top }; }));
    assert.equal(blocks.length, 12, 'a month block for each month from November to October');
    for (const b of blocks) assert.ok(b.left >= 0 && b.right <= width, `block ${JSON.stringify(b)} inside ${width} px`);
    const rows = new Set(blocks.map((b) => Math.round(b.top))).size;
    assert.ok(rows >= (width > 1000 ? 3 : 12), `${rows} rows of months at ${width} px`);
    // Week labels stay legible: drawn at 10 px or more.
    const smallest = await page.locator('#posts-per-week text.week').evaluateAll((els) =>
      Math.min(...els.map((e) => e.getBoundingClientRect().height)));
    assert.ok(smallest >= 10, `week labels ${smallest} px high`);
    await page.close();
  });
}

test('share bars are drawn on a 0 to 100 % scale', async () => {
  for (const width of [1280, 390]) {
    const page = await open(reports.month, width);
    await page.screenshot({ path: join(SHOTS, `postlint-report-month-${width}.png`), fullPage: true });
    const bars = await page.locator('#principle-mix .bars[data-scale="share"]').first().locator('.bar:not(.axis)').evaluateAll((els) =>
      els.map((e) => ({
        label: e.querySelector('.label').textContent,
        value: e.querySelector('.value').textContent,
        track: e.querySelector('.track').getBoundingClientRect().width,
        fill: e.querySelector('.fill').getBoundingClientRect().width,
      })));
    // examples/calendar.csv: 22 posts, 4 of them give a reason why.
    assert.equal(bars.length, 7);
    const why = bars.find((b) => b.label === 'Why');
    assert.equal(why.value, '4 (18%)');
    for (const b of bars) {
      const [, n] = b.value.match(/^(\d+) /);
      const expected = (Number(n) / 22) * b.track;
      assert.ok(Math.abs(b.fill - expected) <= 1, `${b.label}: bar ${b.fill} px of ${b.track}, expected ${expected}`);
    }
    // The largest share is not drawn as a full bar.
    assert.ok(Math.max(...bars.map((b) => b.fill)) < bars[0].track / 2);
    const mix = await page.locator('#principle-mix .bars[data-scale="share"]').nth(1).locator('.bar:not(.axis)').evaluateAll((els) =>
      els.map((e) => e.querySelector('.fill').getBoundingClientRect().width / e.querySelector('.track').getBoundingClientRect().width));
    assert.equal(mix.length, 3);
    assert.ok(Math.abs(mix[0] - 13 / 22) < 0.01, `questions: ${mix[0]} of the track, 13 of 22 posts`);
    assert.deepEqual(await page.locator('#principle-mix .axis .ticks').first().evaluate((e) => e.innerText.split(/\s+/)), ['0%', '50%', '100%']);
    await page.close();
  }
});

test('week labels carry the date of the Monday, and the year where it changes', async () => {
  const page = await open(reports.year, 1280);
  const labels = await page.locator('#posts-per-week text.week').evaluateAll((els) =>
    els.map((e) => [...e.querySelectorAll('tspan')].map((t) => t.textContent)));
  assert.equal(labels.length, 52);
  for (const l of labels) assert.match(l[0], /^\d{1,2} [A-Z][a-z]{2}$/);
  assert.deepEqual(labels[0], ['3 Nov', '2025'], 'the first week has its year');
  const january = labels.findIndex((l) => l[0] === '5 Jan');
  assert.deepEqual(labels[january], ['5 Jan', '2026'], 'the first week of 2026 has its year');
  assert.equal(labels.filter((l) => l.length === 2).length, 2, 'no other week repeats the year');
  const captions = await page.locator('#posts-per-week figcaption').allTextContents();
  assert.equal(captions[0], 'November 2025');
  assert.equal(captions.at(-1), 'October 2026');
  await page.close();
});

test("a calendar finding links to its posts' cards, and the cards link back", async () => {
  const page = await open(reports.year, 390);
  // LinkedIn's three quiet weeks in February: a gap finding with two posts.
  const gap = page.locator('#calendar-findings li', { hasText: 'calendar/gap' }).first();
  const link = gap.locator('.records a').first();
  const href = await link.getAttribute('href');
  assert.match(href, /^#post-\d+$/);
  await link.click();
  const card = page.locator(`article.post${href}`);
  assert.ok(await card.evaluate((e) => e.matches(':target')), 'the link targets the card');
  const box = await card.boundingBox();
  assert.ok(box.y >= 0 && box.y < 900, `the card is scrolled into view (y ${box.y})`);
  // The card shows when the post goes out, and names the finding.
  assert.match(await card.locator('.scheduled').textContent(), /^scheduled (Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} [A-Z][a-z]{2} 20\d\d, \d\d:\d\d$/);
  assert.match(await card.locator('time').getAttribute('datetime'), /^20\d\d-\d\d-\d\dT\d\d:\d\d$/);
  const back = card.locator('.about a', { hasText: 'calendar/gap' });
  await back.click();
  const id = (await back.getAttribute('href')).slice(1);
  assert.equal(await gap.getAttribute('id'), id, 'the card links back to the finding');
  await page.close();
});

test('a Dutch report has Dutch labels and dates', async () => {
  const page = await open(reports.nl, 390);
  await page.screenshot({ path: join(SHOTS, `postlint-report-nl-390.png`), fullPage: true });
  assert.equal(await page.locator('html').getAttribute('lang'), 'nl');
  assert.equal(await page.locator('#posts-per-week h2').textContent(), 'Berichten per week per platform');
  assert.equal(await page.locator('#posts-per-week figcaption').first().textContent(), 'november 2025');
  const labels = await page.locator('#posts-per-week text.week tspan:first-child').allTextContents();
  assert.ok(labels.includes('2 mrt'), labels.join(' '));
  assert.match(await page.locator('article.post .scheduled').first().textContent(), /^gepland (ma|di|wo|do|vr|za|zo) \d{1,2} [a-z]{3} 20\d\d, \d\d:\d\d$/);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `page is ${overflow} px wider than the window`);
  await page.close();
});

for (const width of [1280, 390]) {
  test(`the content pillars table has a column a month and marks the drift, at ${width} px`, async () => {
    const page = await open(reports.pillars, width);
    await page.locator('#content-pillars').screenshot({ path: join(SHOTS, `postlint-report-pillars-${width}.png`) });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `page is ${overflow} px wider than the ${width} px window`);
    const head = await page.locator('#content-pillars tr').first().locator('th').allTextContents();
    assert.deepEqual(head.slice(0, 3), ['pillar', 'target', 'Nov 2025']);
    assert.equal(head.length, 2 + 12, 'a column for each month from November to October');
    const rows = await page.locator('#content-pillars tr').evaluateAll((trs) =>
      trs.slice(1).map((tr) => [...tr.children].map((c) => c.textContent)));
    assert.deepEqual(rows.map((r) => r[0]), ['education', 'community', 'conversation', 'no pillar', 'posts']);
    const conversation = rows[2];
    assert.equal(conversation[1], '5%');
    // December: 3 of 13 posts (23 %) against 5 %: the rule named it, the cell says so.
    assert.equal(conversation[3], '23% ▲');
    const off = page.locator('#content-pillars td.off');
    assert.equal(await off.count(), 2, 'December and February');
    assert.match(await off.first().getAttribute('title'), /^23% of the posts of December 2025 \(3 of 13\); target 5%$/);
    // Each month's shares and the posts in no pillar make up the month.
    for (let m = 2; m < head.length; m++) {
      const total = [0, 1, 2, 3].map((r) => parseInt(rows[r][m], 10)).reduce((a, b) => a + b, 0);
      assert.ok(Math.abs(total - 100) <= 2, `month ${head[m]}: ${total}%`);
    }
    // At 1280 px a year fits; on a phone the table scrolls inside its box
    // (the page does not), with the pillar names kept in view.
    const wrap = await page.locator('#content-pillars .table-wrap').evaluate((e) => e.scrollWidth - e.clientWidth);
    if (width >= 1280) assert.ok(wrap <= 0, `the table is ${wrap} px wider than its box`);
    const box = await page.locator('#content-pillars .table-wrap').boundingBox();
    assert.ok(box.x >= 0 && box.x + box.width <= width, `table box ${JSON.stringify(box)}`);
    await page.close();
  });
}
