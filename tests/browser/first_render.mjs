// Times the dashboard's first render: loads a URL ten times, each in a new
// browser context (nothing cached), and prints the milliseconds from
// navigation start to the `placard-first-render` mark (the page drawn with
// its first events: table and map) and to `placard-counts-drawn` (total,
// timeline). Used by bench/dashboard.sh.
//   node tests/browser/first_render.mjs URL LABEL
import { chromium } from 'playwright-core';

const [url, label] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.PLACARD_CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const times = [];
for (let i = 0; i < 10; i += 1) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForSelector('body[data-ready][data-stats]', { timeout: 60000 });
  times.push(await page.evaluate(() => ['placard-first-render', 'placard-counts-drawn']
    .map((name) => performance.getEntriesByName(name)[0].startTime)));
  await context.close();
}
await browser.close();
const ms = (t) => `${t.toFixed(0)} ms`;
const spread = (values) => {
  const sorted = values.slice().sort((a, b) => a - b);
  return `median ${ms(sorted[5])}, min ${ms(sorted[0])}, max ${ms(sorted[9])}`;
};
console.log(`${label} (10 loads, cold context): first render (table and map) ${spread(times.map((t) => t[0]))}; counts and timeline ${spread(times.map((t) => t[1]))}`);
