/**
 * Issue 25's "curves you can read" in Chromium at 1280×800: no page is wider than the window, the
 * smoothing slider redraws the smoothed line (an EMA held against a readable reference) and the
 * browser remembers it, the y axis fits the solid lines and can be linear, a series keeps its colour,
 * the classifier's baseline is a line, compare names runs by what differs and overlays any metric, a
 * 2-parameter grid gets a heat map, and the runs list leads with what matters and keeps regress's
 * and the tests' runs apart.
 */
import { expect } from 'chai';
import { join, relative } from 'node:path';
import type { Page } from 'playwright-core';
import type { RunningBoard } from '../../../src/app/board/server.js';
import type { RunDetail } from '../../../src/app/board/run-reader.js';
import { boardBrowser } from './browser-page.js';
import { writeRun, writeSweep } from './fixture.js';
import { trainTinyClassRun } from './pm25-runs.js';
import type { RunSummary } from '../../../src/events/run-event.js';

// The functions given to page.evaluate run in the page, not in Node: its globals, loosely typed.
declare const window: any; // eslint-disable-line @typescript-eslint/no-explicit-any
declare const document: any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** TensorBoard's debiased EMA written out as its sum: Σ_j (1−w)·w^(i−j)·y_j / (1 − w^(i+1)). */
function referenceEma(ys: number[], w: number): number[] {
  return ys.map((_, i) => {
    let sum = 0;
    for (let j = 0; j <= i; j++) sum += (1 - w) * w ** (i - j) * ys[j];
    return sum / (1 - w ** (i + 1));
  });
}

function expectCloseTo(got: number[], want: number[]): void {
  expect(got).to.have.length(want.length);
  got.forEach((v, i) => expect(v).to.be.closeTo(want[i], 1e-9 * Math.abs(want[i])));
}

describe('board: curves you can read, tables that fit (Chromium, 1280×800)', function () {
  const long = 'a-long-experiment-name-without-any-space-that-would-push-a-table-past-the-window-edge';
  let page: Page;
  let board: RunningBoard;
  let classId: string;
  let classSummary: RunSummary;
  const runHash = (id: string) => `#/run/${encodeURIComponent(id)}`;
  const compareHash = (ids: string[]) => `#/compare/${ids.map(encodeURIComponent).join(',')}`;

  const b = boardBrowser({
    prefix: 'rnnflow-readable-', viewport: { width: 1280, height: 800 },
    setup: async (runs) => {
      writeRun(join(runs, 'alpha', 'r1'), { name: 'alpha', seed: 1, eta: 0.1, time: Date.UTC(2026, 0, 1) });
      writeRun(join(runs, 'alpha', 'r2'), { name: 'alpha', seed: 2, eta: 0.2, time: Date.UTC(2026, 0, 2) });
      // 3,000 steps: more than the board sends (2,000), so the trace is downsampled and smoothing reads the means.
      writeRun(join(runs, 'noisy', 'r1'), { name: 'noisy', epochs: 10, stepsPerEpoch: 300 });
      writeRun(join(runs, long, 'r1'), { name: long, description: `${long} `.repeat(6), time: Date.UTC(2026, 0, 3) });
      writeRun(join(runs, 'live', 'r1'), { name: 'live', status: 'running', epochs: 2 });
      writeRun(join(runs, 'regression', '2026-12-07T00-02-00', 'minus'), { name: 'regress-minus' });
      const classes = await trainTinyClassRun(join(runs, 'pm25', 'class'));
      classId = `0:${relative(runs, classes.runDir)}`;
      classSummary = classes.summary;
      writeSweep(join(runs, 'sweeps', 'grid'), [{ id: 'bb00000000b1', eta: 0.1, hiddenSize: 2 }, { id: 'bb00000000b2', eta: 0.1, hiddenSize: 4 }, { id: 'bb00000000b3', eta: 0.2, hiddenSize: 2 }, { id: 'bb00000000b4', eta: 0.2, hiddenSize: 4 }]);
    },
  });
  before(() => { board = b.board; });
  beforeEach(() => { page = b.page; });
  const open = (hash: string) => b.open(hash);

  const api = async (id: string): Promise<RunDetail> => (await fetch(`${board.url}api/run?id=${encodeURIComponent(id)}`)).json() as Promise<RunDetail>;
  /** label → colour of a chart's legend entries. */
  const legendColours = (view: string) => page.evaluate((v) => {
    const root = window.rnnflowBoard.views[v].container();
    const labels = [...root.querySelectorAll('.role-legend-label text')].map((t: { textContent: string }) => t.textContent);
    const symbols = [...root.querySelectorAll('.role-legend-symbol path')].map((p: { getAttribute(n: string): string }) => p.getAttribute('fill') ?? p.getAttribute('stroke'));
    return Object.fromEntries(labels.map((l, i) => [l, symbols[i]]));
  }, view);

  it('no page is wider than the window: runs list, run, compare, sweep', async () => {
    const pages = ['#/', runHash(`0:${long}/r1`), runHash('0:noisy/r1'), compareHash(['0:alpha/r1', '0:alpha/r2', `0:${long}/r1`]), `#/sweep/${encodeURIComponent('0:sweeps/grid')}`];
    for (const hash of pages) {
      await open(hash);
      const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
      expect(scroll, hash).to.be.at.most(client);
    }
    // A long value is cut, its whole text on hover.
    await open('#/');
    expect(await page.getAttribute(`td .cell[title^="${long}"]`, 'title')).to.contain(long);
  });

  it('the smoothing slider changes the drawn line (an EMA of the steps\' means), and the browser remembers it', async () => {
    const detail = await api('0:noisy/r1');
    expect(detail.points.train.length).to.be.at.most(2000);
    const means = detail.points.trainMean!;
    expect(means.length).to.be.within(1001, 2000); // buckets of a power-of-two width: bounded-points.ts
    await open(runHash('0:noisy/r1'));
    const smoothed = (): Promise<number[]> => page.evaluate(() => window.rnnflowBoard.views.loss.data('smoothed').map((r: { y: number }) => r.y));
    const drawnPath = (): Promise<string> => page.evaluate(() => window.rnnflowBoard.views.loss.container().querySelector('g.layer_1_marks > path').getAttribute('d'));
    expectCloseTo(await smoothed(), referenceEma(means.map(([, y]) => y), 0.9)); // the default
    const before = await drawnPath();
    await page.fill('input[aria-label="smoothing"]', '0.3');
    await page.waitForFunction(() => Math.abs(window.rnnflowBoard.views.loss.data('smoothed')[5].y - window.rnnflowBoard.views.loss.data('smoothed')[4].y) > 0);
    expectCloseTo(await smoothed(), referenceEma(means.map(([, y]) => y), 0.3));
    expect(await drawnPath()).to.not.equal(before);
    await page.reload();
    await page.waitForFunction(() => window.rnnflowBoard?.ready === true);
    expect(await page.inputValue('input[aria-label="smoothing"]')).to.equal('0.3');
    expectCloseTo(await smoothed(), referenceEma(means.map(([, y]) => y), 0.3));
  });

  it('the y axis spans the smoothed line and the checks, log or linear as the reader picks', async () => {
    await open(runHash('0:alpha/r1'));
    const axis = () => page.evaluate(() => {
      const v = window.rnnflowBoard.views.loss;
      const solid = [...v.data('smoothed'), ...v.data('curves').filter((r: { series: string }) => r.series === 'validation loss')].map((r: { y: number }) => r.y);
      return { lo: v.signal('yLo'), hi: v.signal('yHi'), min: Math.min(...solid), max: Math.max(...solid), type: v.scale('y').type };
    });
    const log = await axis();
    expect(log.type).to.equal('log');
    expect(log.lo).to.be.below(log.min).and.above(log.min / 1.5);
    expect(log.hi).to.be.above(log.max).and.below(log.max * 1.5);
    await page.uncheck('input[aria-label="log scale"]');
    await page.waitForFunction(() => window.rnnflowBoard.views.loss.scale('y').type === 'linear');
    await page.reload();
    await page.waitForFunction(() => window.rnnflowBoard?.ready === true);
    expect((await axis()).type).to.equal('linear');
  });

  it('validation keeps its colour whether the run is live or finished; a classifier draws its baseline on the accuracy chart', async () => {
    await open(runHash('0:live/r1'));
    const live = await legendColours('metrics');
    await open(runHash(classId));
    const finished = await legendColours('metrics');
    expect(Object.keys(finished)).to.include.members(['validation', 'test']);
    expect(live.validation).to.be.a('string').and.equal(finished.validation);
    const baseline = classSummary.baseline!;
    const drawn: { metric: string; y: number; label: string }[] = await page.evaluate(() => window.rnnflowBoard.views.metrics.data('baseline'));
    expect(drawn.find((b) => b.metric === 'accuracy')).to.deep.include({ y: baseline.validation.accuracy, label: `${baseline.name} (validation)` });
    expect(await page.evaluate(() => window.rnnflowBoard.views.metrics.container().querySelectorAll('g.mark-rule.role-mark > line').length)).to.equal(drawn.length);
  });

  it('compare names runs by what differs, overlays any metric of the checks, and smooths', async () => {
    await open(compareHash(['0:alpha/r1', '0:alpha/r2']));
    expect(Object.keys(await legendColours('compare'))).to.include.members(['η=0.1, seed=1', 'η=0.2, seed=2']);
    const smoothed = (): Promise<number[]> => page.evaluate(() => window.rnnflowBoard.views.compare.data('compare').filter((r: { run: string; kind: string }) => r.run === 'η=0.1, seed=1' && r.kind === 'train loss (smoothed)').map((r: { y: number }) => r.y));
    const steps = (await api('0:alpha/r1')).points.train.map(([, y]) => y);
    expectCloseTo(await smoothed(), referenceEma(steps, 0.9));
    await page.fill('input[aria-label="smoothing"]', '0'); // no smoothing: the steps themselves
    await page.waitForFunction((want) => window.rnnflowBoard.views.compare?.data('compare').some((r: { kind: string; y: number }) => r.kind === 'train loss (smoothed)' && r.y === want), steps[1]);
    expectCloseTo(await smoothed(), steps);
    await page.selectOption('select[aria-label="metric"]', 'accuracy');
    await page.waitForFunction(() => window.rnnflowBoard.views.compare?.data('compare')?.every((r: { kind: string }) => r.kind === 'validation accuracy'));
    const rows: { x: number; y: number; run: string }[] = await page.evaluate(() => window.rnnflowBoard.views.compare.data('compare'));
    const want = (await api('0:alpha/r1')).points.evals.map((e) => e.metrics.accuracy);
    expect(rows.filter((r) => r.run === 'η=0.1, seed=1').map((r) => r.y)).to.deep.equal(want);
  });

  it('a sweep over a full grid of two parameters gets a heat map of its metric', async () => {
    await open(`#/sweep/${encodeURIComponent('0:sweeps/grid')}`);
    const cells: { across: string; down: string; metric: number; best: boolean }[] = await page.evaluate(() => window.rnnflowBoard.views.heatmap.data('heat'));
    // The fixture's metric is eta·10 + hiddenSize/100; the best (lowest) is eta 0.1, hidden 2.
    expect(cells.map((c) => [c.across, c.down, c.metric]).sort()).to.deep.equal([['0.1', '2', 1.02], ['0.1', '4', 1.04], ['0.2', '2', 2.02], ['0.2', '4', 2.04]].sort());
    expect(cells.filter((c) => c.best).map((c) => [c.across, c.down])).to.deep.equal([['0.1', '2']]);
  });

  it('the runs list leads with status, the run\'s own metric on test and validation, and the date; regress\'s and the tests\' runs on request', async () => {
    await open('#/');
    const heads = await page.$$eval('main > .scroll thead th', (ths) => ths.map((th) => th.textContent));
    expect(heads.slice(0, 6)).to.deep.equal(['', 'name', 'status', 'test', 'validation', 'started']);
    expect(heads).to.not.include('validation r2'); // no shown run has one
    const names = () => page.$$eval('main > .scroll tbody td:nth-child(2) a', (as) => as.map((a) => a.textContent).sort());
    expect(await names()).to.not.include.members(['regress-minus', 'pm25-class-tiny']);
    await page.check('input[aria-label="runs of regress and tests"]');
    expect(await names()).to.include.members(['regress-minus', 'pm25-class-tiny']);
  });
});
