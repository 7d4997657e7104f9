/**
 * Issue 23: an 18-class run's page at 1280×800 — the matrix has a row a class, the page is no wider
 * than the window, and a cell's colour follows its share of the true class's row (not its count).
 * The screenshot is docs/screenshots/confusion-18.png's source.
 */
import { expect } from 'chai';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { root } from '../../helpers/cli.js';
import { requireOrSkip } from '../../helpers/requires.js';
import { LANGUAGES, languageMetrics } from '../../helpers/languages.js';
import { startBoard, type RunningBoard } from '../../../src/app/board/server.js';
import { CHROMIUM, CHROMIUM_ARGS } from './chromium.js';
import { writeRun } from './fixture.js';

declare const window: any; // eslint-disable-line @typescript-eslint/no-explicit-any
declare const document: any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Relative luminance-ish darkness of "#rrggbb" or "rgb(r, g, b)": 0 white … 765 black. */
function darkness(colour: string): number {
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(colour);
  const parts = hex ? hex.slice(1).map((h) => parseInt(h, 16)) : (/rgb\((\d+), ?(\d+), ?(\d+)\)/.exec(colour) ?? []).slice(1).map(Number);
  if (parts.length !== 3) throw new Error(`not a colour: ${colour}`);
  return 765 - parts.reduce((a, b) => a + b, 0);
}

describe('board: an 18-class confusion matrix you can read (Chromium, 1280×800)', function () {
  const dir = mkdtempSync(join(tmpdir(), 'rnnflow-confusion-'));
  const runDir = join(dir, 'runs', 'names', 'r1');
  let browser: Browser;
  let board: RunningBoard;

  before(async function () {
    requireOrSkip(this, existsSync(CHROMIUM), { missing: `no Chromium at ${CHROMIUM} (the browser tests drive it)`, fix: 'apt-get update && apt-get install -y chromium' });
    writeRun(runDir, { name: 'names-like' });
    // The fake run's summary gets the 18-class test metrics of the project's own accumulator.
    const summary = JSON.parse(readFileSync(join(runDir, 'summary.json'), 'utf8'));
    const test = languageMetrics();
    summary.bestParams.test = test;
    summary.metrics.test = test;
    writeFileSync(join(runDir, 'summary.json'), JSON.stringify(summary, null, 2) + '\n');
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    board = await startBoard({ dirs: [join(dir, 'runs')], port: 0, host: '127.0.0.1' });
  });

  after(async () => {
    await board?.close();
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('18 rows, no horizontal overflow, cells coloured by row share, counts only where they fit', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${board.url}#/run/${encodeURIComponent('0:names/r1')}`);
    await page.waitForFunction(() => window.rnnflowBoard?.ready === true);
    const confusion = languageMetrics().confusion!;
    const cells: { truth: string; predicted: string; count: number; share: number }[] = await page.evaluate(() => window.rnnflowBoard.views.confusion.data('confusion'));
    expect([...new Set(cells.map((c) => c.truth))]).to.deep.equal(LANGUAGES);
    for (const c of cells) {
      const row = Object.values(confusion[c.truth]).reduce((a, b) => a + b, 0);
      expect(c.count).to.equal(confusion[c.truth][c.predicted]);
      expect(c.share).to.be.closeTo(c.count / row, 1e-12);
    }
    // One rect a cell, in data order; and 18 y-axis labels, "Vietnamese" whole (not cut to "Vietn…").
    const drawn: { fill: string; width: number }[] = await page.evaluate(() => [...window.rnnflowBoard.views.confusion.container().querySelectorAll('g.mark-rect.role-mark > path')]
      .map((p: { getAttribute(n: string): string; getBBox(): { width: number } }) => ({ fill: p.getAttribute('fill'), width: p.getBBox().width })));
    expect(drawn).to.have.length(18 * 18);
    expect(drawn[0].width).to.be.closeTo(22, 0.5);
    const labels: string[] = await page.evaluate(() => [...window.rnnflowBoard.views.confusion.container().querySelectorAll('.role-axis-label text')].map((t: { textContent: string }) => t.textContent));
    expect(labels.filter((l) => l === 'Vietnamese')).to.have.length(2);
    // Darker exactly when the share is larger: Vietnamese's 7 of 7 is as dark as any cell, Russian's larger count lighter.
    for (let i = 0; i < cells.length; i += 7) for (let j = 0; j < cells.length; j += 5) {
      if (cells[i].share > cells[j].share + 0.02) expect(darkness(drawn[i].fill), `${cells[i].truth}→${cells[i].predicted} vs ${cells[j].truth}→${cells[j].predicted}`).to.be.greaterThan(darkness(drawn[j].fill));
    }
    const index = (t: string, p: string) => cells.findIndex((c) => c.truth === t && c.predicted === p);
    expect(cells[index('Russian', 'Russian')].count).to.be.greaterThan(cells[index('Vietnamese', 'Vietnamese')].count);
    expect(darkness(drawn[index('Vietnamese', 'Vietnamese')].fill)).to.be.greaterThan(darkness(drawn[index('Russian', 'Russian')].fill));
    // 3 digits fit a 22 px cell at 9 px, 4 do not: only the shorter counts are written.
    const texts: string[] = await page.evaluate(() => [...window.rnnflowBoard.views.confusion.container().querySelectorAll('g.mark-text.role-mark > text')].map((t: { textContent: string }) => t.textContent));
    expect(texts.map(Number).sort((a, b) => a - b)).to.deep.equal(cells.map((c) => c.count).filter((c) => c < 1000).sort((a, b) => a - b));
    const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
    expect(scroll).to.be.at.most(client);
    const shots = join(root, 'test-output', 'board');
    mkdirSync(shots, { recursive: true });
    await (await page.$('.chart-confusion'))!.screenshot({ path: join(shots, 'confusion-18.png') });
    expect(errors).to.deep.equal([]);
    await context.close();
  });
});
