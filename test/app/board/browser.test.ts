/**
 * The board and a report in a real browser: Debian's Chromium, headless, driven by playwright-core
 * (no browser download). One browser for the suite; every view must draw with zero console errors.
 * Screenshots of each view go to test-output/board/.
 */
import { expect } from 'chai';
import { mkdirSync, readdirSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { root } from '../../helpers/cli.js';
import { writeReport } from '../../../src/app/report/write-report.js';
import { addTrial, appendEvents, fakeLoss, stepLines, writeRun, writeSweep } from './fixture.js';
import { trainTinyClassRun, trainTinyValueRun } from './pm25-runs.js';
import type { RunSummary } from '../../../src/events/run-event.js';
import { boardBrowser } from './browser-page.js';

const SHOTS = join(root, 'test-output', 'board');

// The functions given to page.evaluate run in the page, not in Node: its globals, loosely typed.
declare const window: any; // eslint-disable-line @typescript-eslint/no-explicit-any
declare const document: any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** "#/run/<id>" for a board id. */
const runHash = (id: string) => `#/run/${encodeURIComponent(id)}`;

/** Number of SVG marks of one kind (line, symbol, rect, rule) in the chart named `view`. */
function countMarks(page: Page, view: string, kind: string): Promise<number> {
  return page.evaluate(([v, k]) => {
    const el = window.rnnflowBoard.views[v]?.container();
    return el ? el.querySelectorAll(`g.mark-${k}.role-mark > path, g.mark-${k}.role-mark > rect, g.mark-${k}.role-mark > line`).length : -1;
  }, [view, kind]);
}

/** A run folder's name holding markup: shown as text, never run. */
const MARKUP_FOLDER = 'r3<img src=x onerror=window.pwned=2>';

describe('board and report in Chromium', function () {
  let page: Page;
  let context: BrowserContext;
  let valueSummary: RunSummary;
  let classSummary: RunSummary;
  let valueDir: string;
  let classDir: string;
  const b = boardBrowser({
    prefix: 'rnnflow-browser-', viewport: { width: 1280, height: 900 },
    setup: async (runs) => {
      writeRun(join(runs, 'alpha', 'r1'), { name: 'alpha', seed: 1, eta: 0.1, time: Date.UTC(2026, 0, 1) });
      writeRun(join(runs, 'alpha', 'r2'), { name: 'alpha', seed: 2, eta: 0.2, time: Date.UTC(2026, 0, 2) });
      writeRun(join(runs, 'markup', MARKUP_FOLDER), { name: 'markup', description: '<script>window.pwned = 1</script><b>bold?</b>', status: 'diverged', time: Date.UTC(2026, 0, 3) });
      writeRun(join(runs, 'live', 'r4'), { name: 'live', status: 'running', epochs: 2 });
      // Real runs, trained here (about a second each): the week chart and the confusion matrix read their files.
      const value = await trainTinyValueRun(join(runs, 'pm25', 'value'), [1, 3]);
      const classes = await trainTinyClassRun(join(runs, 'pm25', 'class'));
      [valueSummary, valueDir, classSummary, classDir] = [value.summary, value.runDir, classes.summary, classes.runDir];
      writeSweep(join(runs, 'sweeps', 's1'), [{ id: 'ee00000000e1', eta: 0.05, hiddenSize: 2 }, { id: 'ee00000000e2', eta: 0.1, hiddenSize: 4 }, { id: 'ee00000000e3', eta: 0.2, hiddenSize: 8 }, { id: 'ee00000000e4', eta: 0.4, hiddenSize: 4 }]);
      mkdirSync(SHOTS, { recursive: true });
    },
  });
  const { dir, runs } = b;
  beforeEach(() => { [page, context] = [b.page, b.context]; });
  const open = (hash: string, base?: string) => b.open(hash, base);
  /** A run folder's board id: root 0, its path under the root. */
  const idOf = (runDir: string) => `0:${relative(runs, runDir)}`;

  it('the runs list shows every run, filters by name, escapes a description, and shows a new run without a reload', async () => {
    await open('#/');
    const names = () => page.$$eval('tbody tr td:nth-child(2) a', (as) => as.map((a) => a.textContent).sort());
    // The PM2.5 runs were trained by this suite's helpers (experiment "<test>"): listed on request only.
    expect(await names()).to.deep.equal(['alpha', 'alpha', 'live', 'markup']);
    await page.check('input[aria-label="runs of regress and tests"]');
    expect(await names()).to.deep.equal(['alpha', 'alpha', 'live', 'markup', 'pm25-class-tiny', 'pm25-value-tiny']);
    await page.screenshot({ path: join(SHOTS, 'runs.png'), fullPage: true });
    await page.fill('input[type=search]', 'alp');
    expect(await page.$$eval('tbody tr', (rows) => rows.length)).to.be.at.least(2);
    expect(await page.$$eval('main > .scroll tbody tr', (rows) => rows.length)).to.equal(2);
    await page.fill('input[type=search]', '');

    writeRun(join(runs, 'gamma', 'r5'), { name: 'gamma' });
    await page.waitForFunction(() => [...document.querySelectorAll('tbody a')].some((a: { textContent: string }) => a.textContent === 'gamma'), null, { timeout: 3000 });

    await open(runHash(`0:markup/${MARKUP_FOLDER}`));
    expect(await page.textContent('p.description')).to.equal('<script>window.pwned = 1</script><b>bold?</b>');
    expect(await page.textContent('h2')).to.contain(MARKUP_FOLDER); // the folder's name as text
    expect(await page.evaluate(() => window.pwned)).to.equal(undefined);
    expect(await page.$$('main b, main img')).to.have.length(0);
  });

  it('a run page draws its curves (3 loss series, 3 checks, the best marked), its metrics and learning rate', async () => {
    await open(runHash('0:alpha/r1'));
    expect(await countMarks(page, 'loss', 'line')).to.equal(3); // steps, their smoothed line, validation
    expect(await countMarks(page, 'loss', 'symbol')).to.equal(3 + 1); // 3 checks + the best diamond, the one best marker
    expect(await countMarks(page, 'loss', 'rule')).to.equal(0);
    expect(await countMarks(page, 'metrics', 'line')).to.equal(1); // validation accuracy
    expect(await countMarks(page, 'lr', 'line')).to.equal(1);
    expect(await page.textContent('main')).to.contain('"eta": 0.1');
    await page.screenshot({ path: join(SHOTS, 'run.png'), fullPage: true });
  });

  it('a run that is training shows new points within 2 seconds', async () => {
    const live = join(runs, 'live', 'r4');
    await open(runHash('0:live/r4'));
    const curvePoints = () => page.evaluate(() => window.rnnflowBoard.views.loss.data('curves').length);
    const before = await curvePoints();
    const checksBefore = await countMarks(page, 'loss', 'symbol');
    appendEvents(live, stepLines(41, 20, 20) + JSON.stringify({ type: 'eval', split: 'validation', epoch: 3, iteration: 60, metrics: { loss: 0.5, samples: 136, accuracy: 0.9 } }) + '\n');
    const t0 = Date.now();
    await page.waitForFunction((n) => window.rnnflowBoard.views.loss.data('curves').length >= n + 21, before, { timeout: 2000 });
    expect(Date.now() - t0).to.be.below(2000);
    expect(await countMarks(page, 'loss', 'symbol')).to.equal(checksBefore + 1);
    // A second's steps in one line, as the jsonl sink batches them (run-folder/event-line.ts StepBatch).
    const batch = { type: 'steps', firstIteration: 61, iteration: 80, epoch: 4, losses: Array.from({ length: 20 }, (_, i) => Number(fakeLoss(61 + i).toPrecision(6))), eta: 0.1, rows: 20 };
    const mid = await curvePoints();
    appendEvents(live, JSON.stringify(batch) + '\n');
    await page.waitForFunction((n) => window.rnnflowBoard.views.loss.data('curves').length >= n + 20, mid, { timeout: 2000 });
    const steps: { x: number; y: number; series: string }[] = await page.evaluate(() => window.rnnflowBoard.views.loss.data('curves').filter((r: { series: string }) => r.series === 'train loss (steps)'));
    expect(steps.at(-1)).to.deep.include({ x: 4, y: batch.losses[19] }); // iteration 80 of 20 per epoch
    await page.waitForFunction(() => document.querySelector('.progress')?.textContent === '4 epochs · 80 iterations', null, { timeout: 2000 });
    await page.screenshot({ path: join(SHOTS, 'live.png'), fullPage: true });
  });

  it('compare lists exactly the fields that differ, and overlays the curves', async () => {
    await open(`#/compare/${['0:alpha/r1', '0:alpha/r2'].map(encodeURIComponent).join(',')}`);
    expect(await page.$$eval('table.diff td.field', (tds) => tds.map((td) => td.textContent))).to.deep.equal(['seed', 'train.eta']);
    expect(await countMarks(page, 'compare', 'line')).to.equal(4); // 2 runs × (validation, train)
    await page.screenshot({ path: join(SHOTS, 'compare.png'), fullPage: true });
  });

  it('the sweep view draws one line per trial, marks the best, and shows a trial that finishes while it is open', async () => {
    await open(`#/sweep/${encodeURIComponent('0:sweeps/s1')}`);
    expect(await countMarks(page, 'parallel', 'line')).to.equal(4);
    expect(await countMarks(page, 'scatter', 'symbol')).to.equal(4 * 2);
    expect(await page.textContent('tr.best')).to.contain('ee00000000e1');
    await page.screenshot({ path: join(SHOTS, 'sweep.png'), fullPage: true });

    addTrial(join(runs, 'sweeps', 's1'), { id: 'ee00000000e5', eta: 0.01, hiddenSize: 16 });
    await page.waitForFunction(() => document.querySelector('main .grid > .card')?.querySelectorAll('g.mark-line.role-mark > path').length === 5, null, { timeout: 3000 });
    expect(await page.textContent('tr.best')).to.contain('ee00000000e5'); // the lowest metric now
  });

  it('a pruning sweep marks its pruned trials and the asha rungs; a trial\'s progress updates the table without drawing the charts again', async () => {
    const s2 = join(runs, 'sweeps', 's2');
    writeSweep(s2, [{ id: 'dd00000000d1', eta: 0.05, hiddenSize: 2 }, { id: 'dd00000000d2', eta: 0.4, hiddenSize: 4, pruneAt: 1 }, { id: 'dd00000000d3', eta: 0.1, hiddenSize: 8 }, { id: 'dd00000000d4', eta: 0.3, hiddenSize: 2, pruneAt: 1 }],
      { method: 'asha', minEpochs: 1, maxEpochs: 4, reduction: 2, metric: 'validation.loss', goal: 'min' });
    await open(`#/sweep/${encodeURIComponent('0:sweeps/s2')}`);
    expect(await countMarks(page, 'rungs', 'rule')).to.equal(2); // rungs at 1 and 2 epochs (4 is the end)
    expect(await countMarks(page, 'rungs', 'line')).to.equal(4);
    expect(await countMarks(page, 'rungs', 'symbol')).to.equal(2); // a cross where each pruned trial stopped
    expect(await page.$$eval('tr.pruned', (trs) => trs.map((tr) => tr.children[2].textContent).sort())).to.deep.equal(['dd00000000d2', 'dd00000000d4']);
    expect(await page.$$eval('tr.pruned .status', (b) => b.map((x) => x.textContent))).to.deep.equal(['pruned', 'pruned']);
    const header = await page.textContent('main > p.muted');
    expect(header).to.contain('rungs at 1, 2 epochs').and.to.contain('2 pruned');
    expect(await countMarks(page, 'parallel', 'line')).to.equal(4);
    await page.screenshot({ path: join(SHOTS, 'sweep-pruned.png'), fullPage: true });

    // A trial starts (the charts are drawn again: a new trial), then trains on within its first check (the table alone changes).
    addTrial(s2, { id: 'dd00000000d5', eta: 0.2, hiddenSize: 4, running: true });
    const epochsOf = (trial: string) => page.evaluate((t) => [...document.querySelectorAll('tbody tr')].find((tr: { children: { textContent: string }[] }) => tr.children[2].textContent === t)?.children[4].textContent, trial);
    await page.waitForFunction(() => [...document.querySelectorAll('tbody tr')].some((tr: { textContent: string }) => tr.textContent.includes('dd00000000d5') && tr.textContent.includes('running')), null, { timeout: 3000 });
    expect(await epochsOf('dd00000000d5')).to.equal('1');
    await page.evaluate(() => { window.rnnflowBoard.views.parallel.marked = true; });
    appendEvents(join(s2, 'trials', 'dd00000000d5'), stepLines(21, 20, 20));
    await page.waitForFunction(() => [...document.querySelectorAll('tbody tr')].find((tr: { children: { textContent: string }[] }) => tr.children[2].textContent === 'dd00000000d5')?.children[4].textContent === '2', null, { timeout: 3000 });
    expect(await page.evaluate(() => window.rnnflowBoard.views.parallel.marked)).to.equal(true);
  });

  it('a sweep table shows only the parameters that vary, and names the others once', async () => {
    writeSweep(join(runs, 'sweeps', 's3'), [{ id: 'cc00000000c1', eta: 0.1, hiddenSize: 4 }, { id: 'cc00000000c2', eta: 0.2, hiddenSize: 4 }, { id: 'cc00000000c3', eta: 0.3, hiddenSize: 4 }]);
    await open(`#/sweep/${encodeURIComponent('0:sweeps/s3')}`);
    const heads = await page.$$eval('thead th', (ths) => ths.map((th) => th.textContent));
    expect(heads).to.include('train.eta').and.not.include('model.hiddenSize');
    expect(await page.textContent('main > p.muted')).to.contain('the same in every trial: model.hiddenSize = 4');
    expect(await countMarks(page, 'scatter', 'symbol')).to.equal(3); // one scatter (train.eta), a point per trial
    expect(await countMarks(page, 'parallel', 'line')).to.equal(3);
  });

  it('a PM2.5 value run draws a test week (measured, model, persistence); the week and horizon pickers redraw it', async () => {
    const id = idOf(valueDir);
    await open(runHash(id));
    expect(await countMarks(page, 'forecast', 'line')).to.equal(3);
    type Row = { t: number; series: string; y: number | null };
    type Week = { truth: (number | null)[]; model: (number | null)[][]; persistence: (number | null)[][] };
    const drawn = (): Promise<Row[]> => page.evaluate(() => window.rnnflowBoard.views.forecast.data('forecast'));
    const api = (week: number) => page.evaluate(async ([i, w]) => (await fetch(`/api/forecast?id=${encodeURIComponent(i)}&week=${w}`)).json() as Promise<Week>, [id, week] as const);
    const week0 = await api(0);
    const rows = await drawn();
    expect(rows.filter((r) => r.series === 'measured').map((r) => r.y)).to.deep.equal(week0.truth);
    expect(rows.filter((r) => r.series === 'model, 1 h ahead').map((r) => r.y)).to.deep.equal(week0.model[0]);
    expect(rows.filter((r) => r.series === 'persistence, 1 h ahead').map((r) => r.y)).to.deep.equal(week0.persistence[0]);
    expect(rows[0].t).to.equal(Date.UTC(2014, 0, 1));
    // The week's RMSE under the chart is the page's own sum over the drawn hours.
    const sq = (key: 'model' | 'persistence') => week0.truth.reduce((s: number, v, i) => (v === null ? s : s + (week0[key][0][i]! - v) ** 2), 0);
    const n = week0.truth.filter((v) => v !== null).length;
    expect(await page.textContent('.forecast-errors')).to.contain(`model ${Math.sqrt(sq('model') / n).toPrecision(3)}`);
    expect(await page.textContent('.forecast-errors')).to.contain(`persistence ${Math.sqrt(sq('persistence') / n).toPrecision(3)}`);
    await page.screenshot({ path: join(SHOTS, 'forecast.png'), fullPage: true });

    await page.selectOption('select[aria-label="test week"]', '9');
    await page.waitForSelector('.forecast[data-week="9"]');
    expect((await drawn())[0].t).to.equal(Date.UTC(2014, 0, 1) + 9 * 168 * 3_600_000);
    await page.selectOption('select[aria-label="hours ahead"]', '3');
    await page.waitForSelector('.forecast[data-horizon="3"]');
    const week9 = await api(9);
    expect((await drawn()).filter((r) => r.series === 'model, 3 h ahead').map((r) => r.y)).to.deep.equal(week9.model[1]);
    expect(await countMarks(page, 'forecast', 'line')).to.equal(3);
    expect(valueSummary.status).to.equal('completed');
  });

  it('a classifier\'s page draws the confusion matrix of its summary.json', async () => {
    await open(runHash(idOf(classDir)));
    const truth = classSummary.bestParams.test.confusion!;
    const names = Object.keys(truth);
    expect(names).to.have.length(6);
    const cells: { truth: string; predicted: string; count: number; share: number }[] = await page.evaluate(() => window.rnnflowBoard.views.confusion.data('confusion'));
    const rowTotal = (t: string) => names.reduce((sum, p) => sum + truth[t][p], 0);
    expect(cells).to.deep.equal(names.flatMap((t) => names.map((p) => ({ truth: t, predicted: p, count: truth[t][p], share: rowTotal(t) ? truth[t][p] / rowTotal(t) : 0 }))));
    expect(await countMarks(page, 'confusion', 'rect')).to.equal(36);
    const texts: string[] = await page.evaluate(() => [...window.rnnflowBoard.views.confusion.container().querySelectorAll('g.mark-text.role-mark > text')].map((t: { textContent: string }) => t.textContent));
    const counts = names.flatMap((t) => names.map((p) => truth[t][p]));
    expect(texts.map(Number).sort((a, b) => a - b)).to.deep.equal([...counts].sort((a, b) => a - b));
    expect(await page.$$eval('table.classes tbody tr', (trs) => trs.length)).to.equal(6);
    await page.screenshot({ path: join(SHOTS, 'confusion.png'), fullPage: true });
  });

  it('a report draws the same with the network blocked', async () => {
    const file = await writeReport([join(runs, 'alpha', 'r1')], join(dir, 'report.html'));
    const sweepFile = await writeReport([join(runs, 'sweeps', 's1')], join(dir, 'sweep.html'));
    const valueFile = await writeReport([valueDir], join(dir, 'value.html'));
    await context.setOffline(true);
    await context.route('**/*', (route) => (route.request().url().startsWith('file:') ? route.continue() : route.abort()));
    await open('', `file://${file}`);
    expect(await countMarks(page, 'loss', 'line')).to.equal(3);
    expect(await countMarks(page, 'loss', 'symbol')).to.equal(4);
    expect(await countMarks(page, 'lr', 'line')).to.equal(1);
    await page.screenshot({ path: join(SHOTS, 'report.png'), fullPage: true });
    await open('', `file://${sweepFile}`);
    expect(await countMarks(page, 'parallel', 'line')).to.equal(readdirSync(join(runs, 'sweeps', 's1', 'trials')).length);
    await open('', `file://${valueFile}`);
    expect(await page.textContent('h2 .muted')).to.equal(basename(valueDir)); // the folder's name, not its index
    expect(await countMarks(page, 'forecast', 'line')).to.equal(3);
    await page.selectOption('select[aria-label="test week"]', '52');
    await page.waitForSelector('.forecast[data-week="52"]');
    expect(await page.evaluate(() => window.rnnflowBoard.views.forecast.data('forecast').length)).to.equal(24 * 3);
  });
});
