// Screenshots of the board as a user first sees it, 1280×800 (the viewport, not the whole page): the
// runs list, one run's page and the compare page, for docs/screenshots/. Needs a build and Debian's
// Chromium (apt-get install -y chromium).
//   node scripts/board-screenshots.mjs <runs folder> <run name> <out prefix>
//   e.g. node scripts/board-screenshots.mjs runs minus docs/screenshots/after-
// The run page shows the longest run named <run name>; compare shows every run of that name.
/* global fetch, window -- Node 20's fetch; window only in the function page.waitForFunction runs in the page */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { chromium } from 'playwright-core';
import { startBoard } from '../dist/src/app/board/server.js';

const [dir, name, prefix] = process.argv.slice(2);
if (!dir || !name || !prefix) {
  console.error('usage: node scripts/board-screenshots.mjs <runs folder> <run name> <out prefix>');
  process.exit(2);
}
const board = await startBoard({ dirs: [dir], port: 0, host: '127.0.0.1' });
const browser = await chromium.launch({ executablePath: process.env.RNNFLOW_CHROMIUM ?? '/usr/lib/chromium/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const index = await (await fetch(`${board.url}api/index`)).json();
  const runs = index.runs.filter((r) => r.name === name);
  if (runs.length < 2) throw new Error(`${dir} holds ${runs.length} run(s) named ${name}; compare needs two`);
  const longest = runs.reduce((a, b) => ((b.iterations ?? 0) > (a.iterations ?? 0) ? b : a));
  const shots = [['runs', '#/'], ['run', `#/run/${encodeURIComponent(longest.id)}`], ['compare', `#/compare/${runs.map((r) => encodeURIComponent(r.id)).join(',')}`]];
  mkdirSync(dirname(`${prefix}x`), { recursive: true });
  for (const [shot, hash] of shots) {
    await page.goto(board.url + hash);
    await page.waitForFunction(() => window.rnnflowBoard?.ready === true);
    await page.screenshot({ path: `${prefix}${shot}.png` });
    console.log(`${prefix}${shot}.png`);
  }
} finally {
  await browser.close();
  await board.close();
}
