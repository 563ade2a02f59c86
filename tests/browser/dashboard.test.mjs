// The dashboard in headless Chromium, against a real `placard serve` on the
// demo corpus plus one article full of markup. Started by
// crates/cli/tests/it/browser.rs, which passes:
//   PLACARD_URL        the server's address (reading is public)
//   PLACARD_PRIVATE_URL  a second server on the same database, where
//                      reading needs a token
//   PLACARD_TOKEN      a coder token
//   PLACARD_ARTEFACTS  a directory for screenshots and timings
//   PLACARD_CHROMIUM   the browser (default /usr/bin/chromium)
// Every expected value is read from the API, not from the page, so the test
// checks that the page shows what the server holds.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const base = process.env.PLACARD_URL;
const token = process.env.PLACARD_TOKEN;
const artefacts = process.env.PLACARD_ARTEFACTS || 'artefacts';
assert.ok(base && token, 'PLACARD_URL and PLACARD_TOKEN must be set');
mkdirSync(artefacts, { recursive: true });

let browser;
let page;
const pageErrors = [];
const dialogs = [];

async function api(path, options = {}) {
  const response = await fetch(base + path, options);
  assert.equal(response.status, 200, `${path}: ${response.status} ${await response.clone().text()}`);
  return response.json();
}

async function shot(name) {
  await page.screenshot({ path: join(artefacts, `${name}.png`), fullPage: true });
}

// Navigates inside the app and waits until the page is drawn anew.
async function open(hash, kind) {
  await page.evaluate(() => { delete document.body.dataset.ready; delete document.body.dataset.stats; });
  await page.evaluate((h) => { location.hash = h; }, hash);
  await page.waitForSelector(`body[data-ready="${kind}"]`);
}

// Offsets are in characters (code points), as the API documents.
const slice = (text, [start, end]) => Array.from(text).slice(start, end).join('');

before(async () => {
  browser = await chromium.launch({
    executablePath: process.env.PLACARD_CHROMIUM || '/usr/bin/chromium',
    // Without these, Chromium keeps trying to reach Google's services,
    // which this machine's closed network refuses.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('dialog', async (dialog) => { dialogs.push(dialog.message()); await dialog.dismiss(); });
});

after(async () => {
  await browser?.close();
});

test('the first page shows the table, the map and the timeline of every event', async () => {
  const stats = await api('/api/stats');
  const first = await api('/api/events?limit=100');
  await page.goto(`${base}/`);
  await page.waitForSelector('body[data-ready="list"][data-stats="drawn"]');
  const [firstRender, countsDrawn] = await page.evaluate(() =>
    ['placard-first-render', 'placard-counts-drawn']
      .map((name) => performance.getEntriesByName(name)[0].startTime));
  writeFileSync(join(artefacts, 'timings.json'),
    JSON.stringify({ first_render_ms: firstRender, counts_drawn_ms: countsDrawn }, null, 2));
  console.log(`first render: ${firstRender.toFixed(0)} ms after navigation started; counts ${countsDrawn.toFixed(0)} ms`);

  const rows = await page.$$eval('#events tbody tr', (trs) => trs.map((tr) => tr.dataset.eventId));
  assert.deepEqual(rows, first.events.map((e) => e.event_id));
  const located = first.events.filter((e) => e.place && typeof e.place.lat === 'number');
  assert.equal(await page.locator('.markers circle').count(), located.length);
  assert.ok(await page.locator('.countries path').count() > 200, 'country shapes drawn');
  assert.equal(await page.locator('.timeline .bar').count(), stats.by_period.length);
  assert.match(await page.textContent('#summary'), new RegExp(`^${stats.total} events match`));
  for (const format of ['csv', 'jsonl', 'geojson', 'plover', 'acled']) {
    const href = await page.getAttribute(`a.export[data-format="${format}"]`, 'href');
    assert.equal(href, `/api/export?format=${format}`);
  }
  await shot('1-events');
});

test('filtering by country keeps that country only, in the table and on the map', async () => {
  const expected = await api('/api/events?country=GE&limit=500');
  assert.ok(expected.events.length > 0, 'the demo corpus has events in Georgia');
  await page.selectOption('#filters select[name=country]', 'GE');
  await page.evaluate(() => { delete document.body.dataset.ready; delete document.body.dataset.stats; });
  await page.click('#filters button[type=submit]');
  await page.waitForSelector('body[data-ready="list"][data-stats="drawn"]');
  assert.match(page.url(), /#\/\?country=GE$/);
  const countries = await page.$$eval('#events tbody tr', (trs) => trs.map((tr) => tr.dataset.country));
  assert.equal(countries.length, expected.events.length);
  assert.ok(countries.every((c) => c === 'GE'), countries.join(','));
  const markerIds = await page.$$eval('.markers circle', (cs) => cs.map((c) => c.dataset.eventId).sort());
  assert.deepEqual(markerIds, expected.events.filter((e) => e.place && e.place.lat !== undefined)
    .map((e) => e.event_id).sort());
  assert.equal(await page.getAttribute('a.export[data-format="csv"]', 'href'), '/api/export?format=csv&country=GE');
  await shot('2-filter-georgia');
  // Counted per day instead of per week: one bar per day the API counts.
  const days = await api('/api/stats?country=GE&bucket=day');
  await page.evaluate(() => { delete document.body.dataset.ready; delete document.body.dataset.stats; });
  await page.click('#bucket-toggle');
  await page.waitForSelector('body[data-ready="list"][data-stats="drawn"]');
  assert.match(page.url(), /#\/\?country=GE&bucket=day$/);
  assert.equal(await page.locator('.timeline .bar').count(), days.by_period.length);
  assert.deepEqual(await page.$$eval('.timeline .bar', (bars) => bars.map((b) => b.dataset.period)),
    days.by_period.map((p) => p.key));
  assert.ok(days.by_period.length > 1, 'the Georgian events fall on more than one day');
});

test('an event page highlights the words behind each value and shows the source chain', async () => {
  // The Tbilisi protest with the most reports: open it from the table.
  const { events } = await api('/api/events?country=GE&kind=protest&limit=500');
  const event = events.slice().sort((a, b) => b.reports.length - a.reports.length)[0];
  await page.evaluate(() => { delete document.body.dataset.ready; });
  await page.click(`#events tr[data-event-id="${event.event_id}"] td:first-child a`);
  await page.waitForSelector('body[data-ready="event"]');
  const detail = await api(`/api/events/${event.event_id}`);
  assert.match(await page.textContent('#event-title'), /Tbilisi/);
  const articles = new Map(detail.articles.map((a) => [a.id, a]));
  let checked = 0;
  for (const report of detail.reports) {
    const card = page.locator(`article.report[data-report-id="${report.report_id}"]`);
    const text = articles.get(report.article_id).text;
    // Nested spans share marks; data-fields lists every field a mark is in.
    const marked = async (field) => card.locator(`mark[data-fields~="${field}"]`).allTextContents();
    if (report.place && report.place.span) {
      assert.ok((await marked('place')).includes(slice(text, report.place.span)), 'place highlighted');
      assert.equal(slice(text, report.place.span), report.place.text);
      checked += 1;
    }
    if (report.size && report.size.span) {
      assert.ok((await marked('size')).join('').includes(report.size.text), 'size highlighted');
    }
    const evidence = (await marked('evidence')).join('|');
    for (const span of report.evidence) {
      assert.ok(evidence.includes(slice(text, span)), `evidence ${slice(text, span)} highlighted`);
    }
    // The whole text is there, in order, as text.
    assert.equal(await card.locator('.article-text').textContent(), text);
    const chain = await card.locator('.sources').textContent();
    assert.ok(chain.includes(report.publisher), `chain names the publisher: ${chain}`);
    for (const source of report.sources) {
      if (source.name) assert.ok(chain.includes(source.name), `chain names ${source.name}`);
    }
  }
  assert.ok(checked > 0, 'some report has a place span');
  assert.equal(await page.locator('#compare tbody tr').count(), detail.reports.length);
  await shot('3-event-evidence');
});

test('markup in an article is shown as text and never runs', async () => {
  const { events } = await api('/api/events?limit=500');
  const hostile = events.find((e) => e.articles.includes('xss-1'));
  assert.ok(hostile, 'the hostile article became an event');
  await open(`#/event/${hostile.event_id}`, 'event');
  const detail = await api(`/api/events/${hostile.event_id}`);
  const article = detail.articles.find((a) => a.id === 'xss-1');
  const shown = await page.locator('.article-text').first().textContent();
  assert.equal(shown, article.text);
  assert.ok(shown.includes("<script>alert('x')</script>"));
  assert.equal(await page.locator('main img').count(), 0, 'no image element made from the text or title');
  assert.equal(await page.locator('main script').count(), 0);
  assert.ok((await page.textContent('main')).includes('<img src=x onerror=alert(1)>'), 'title shown as text');
  assert.deepEqual(dialogs, []);
  await shot('4-markup-as-text');
});

test('a review edit without a token is refused, and with a coder token is saved and audited', async () => {
  const { events } = await api('/api/events?country=GE&kind=protest&limit=500');
  const event = events[0];
  await open(`#/event/${event.event_id}`, 'event');
  await page.selectOption('#edit-field', 'size');
  await page.fill('#edit-form input[name=low]', '123');
  await page.fill('#edit-form input[name=high]', '456');
  await page.click('#edit-form button[type=submit]');
  await page.waitForSelector('#review-message.error');
  assert.match(await page.textContent('#review-message'), /Refused: writing needs a bearer token/);
  const unchanged = await api(`/api/events/${event.event_id}`);
  assert.deepEqual(unchanged.event.size, event.size);
  await shot('5-edit-refused');

  await page.fill('#token-input', token);
  await page.evaluate(() => { delete document.body.dataset.ready; });
  await page.click('#token-form button[type=submit]');
  await page.waitForSelector('body[data-ready="event"]');
  await page.selectOption('#edit-field', 'size');
  await page.fill('#edit-form input[name=low]', '123');
  await page.fill('#edit-form input[name=high]', '456');
  await page.evaluate(() => { delete document.body.dataset.ready; });
  await page.click('#edit-form button[type=submit]');
  await page.waitForSelector('#review-message.ok');
  assert.match(await page.textContent('#review-message'), /edit: saved/);
  assert.equal(await page.textContent('#event-size'), '123–456');
  const after = await api(`/api/events?country=GE&kind=protest&size_min=123&size_max=123&limit=500`);
  const edited = after.events.find((e) => e.size && e.size.low === 123 && e.size.high === 456);
  assert.ok(edited, 'the server holds the edited size');
  const audit = await api('/api/audit?limit=1', { headers: { Authorization: `Bearer ${token}` } });
  assert.equal(audit[0].action, 'edit');
  // The log keeps who, and the event before and after.
  assert.equal(audit[0].who, 'browser-coder');
  assert.deepEqual([audit[0].after.size.low, audit[0].after.size.high], [123, 456]);
  const [before] = audit[0].before;
  assert.equal(before.event_id, event.event_id);
  assert.deepEqual(before.size && [before.size.low, before.size.high],
    event.size && [event.size.low, event.size.high]);
  await shot('6-edit-saved');

  // The audit log page lists the edit: who, what, and the change.
  await page.click('a.audit-link');
  await page.waitForSelector('body[data-ready="audit"]');
  const row = page.locator('#audit tbody tr').first();
  const cells = await row.locator('td').allTextContents();
  assert.equal(cells[1], 'browser-coder');
  assert.equal(cells[2], 'edit');
  const number = new Intl.NumberFormat('en');
  const was = event.size ? `${number.format(event.size.low)}–${number.format(event.size.high)}` : '—';
  assert.equal(cells[4], `size: ${was} → 123–456`);
  await shot('7-audit-log');
});

test('where reading needs a token, the dashboard asks for one and then shows the events', async () => {
  const closed = process.env.PLACARD_PRIVATE_URL;
  assert.ok(closed, 'PLACARD_PRIVATE_URL must be set');
  const other = await browser.newPage();
  other.on('pageerror', (error) => pageErrors.push(error.message));
  await other.goto(`${closed}/`);
  await other.waitForSelector('#notice:not([hidden])');
  assert.match(await other.textContent('#notice'), /reading needs a bearer token.*Paste a token/);
  assert.equal(await other.locator('#events tbody tr').count(), 0);
  await other.fill('#token-input', token);
  await other.click('#token-form button[type=submit]');
  await other.waitForSelector('body[data-ready="list"][data-stats="drawn"]');
  assert.ok(await other.locator('#events tbody tr').count() > 0);
  // The download links carry the token: the file comes through fetch.
  const download = other.waitForEvent('download');
  await other.click('a.export[data-format="csv"]');
  const file = await (await download).path();
  const { readFileSync } = await import('node:fs');
  assert.match(readFileSync(file, 'utf8').split('\n')[0], /^event_id,/);
  await other.screenshot({ path: join(artefacts, '8-private-with-token.png') });
  await other.close();
});

test('no script error happened on any page', () => {
  assert.deepEqual(pageErrors, []);
});
