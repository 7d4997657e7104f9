/**
 * In Chromium: the one best marker sits where train.monitor decided best (the loss chart by default,
 * the accuracy or R² panel otherwise); a classifier without a baseline of its own gets the majority
 * class as a line on its accuracy panel (a binary run too: a real minus run, its share of 1s counted
 * here from the dataset's targets); an R² axis starts near its data, not at 0; a sweep's page
 * names its best trial's folder with the commands that use it, as the sweep's own table does.
 */
import { expect } from 'chai';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Page } from 'playwright-core';
import { bestTrialCommands } from '../../../src/app/sweep-best-trial.js';
import { displayPath } from '../../../src/core/paths.js';
import { loadDataset } from '../../../src/data/index.js';
import { context, gatherAll } from '../../data/context.js';
import { runCollecting } from '../../helpers/run.js';
import { boardBrowser } from './browser-page.js';
import { writeRun, writeSweep } from './fixture.js';

// The functions given to page.evaluate run in the page, not in Node: its globals, loosely typed.
declare const window: any; // eslint-disable-line @typescript-eslint/no-explicit-any
declare const document: any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Diamonds (the best marker's shape) drawn in a chart. */
function diamonds(page: Page, view: string): Promise<number> {
  return page.evaluate((v) => [...window.rnnflowBoard.views[v].container().querySelectorAll('g.mark-symbol.role-mark > path')]
    .filter((p: { getAttribute(n: string): string | null }) => p.getAttribute('fill') === '#c0392b').length, view);
}

/** The minus data's validation targets, every bit of every sample (what the majority line reads): how many, and how many are 1. */
function minusValidationBits(): { ones: number; bits: number } {
  const { validation } = loadDataset({ name: 'minus', bits: 4 }, context());
  const { y } = gatherAll(validation, Array.from({ length: validation.size }, (_, i) => i));
  return { ones: y.filter((v) => v > 0.5).length, bits: y.length };
}

describe('board: the best marker follows train.monitor; naive lines and R² axes (Chromium)', function () {
  let page: Page;
  let minusDir: string;
  const b = boardBrowser({
    prefix: 'rnnflow-monitor-page-', viewport: { width: 1280, height: 800 },
    setup: async (runs) => {
      // A real binary run (2 epochs of the shipped minus experiment, well under a second): its summary's matrix draws the line.
      minusDir = (await runCollecting({
        name: 'minus', seed: 1, data: { name: 'minus', bits: 4 },
        model: { netType: 'binary', outputMode: 'each', hiddenSize: 4, bias: false, init: 'book' },
        train: { optimizer: 'sgd', eta: 0.1, batchSize: 1, maxEpochs: 2, checkpointEvery: 1 },
        sinks: ['jsonl', 'csv', 'checkpoint', 'summary'],
      }, { outDir: join(runs, 'minus') })).runDir;
      writeRun(join(runs, 'by-loss', 'r1'), { name: 'by-loss' });
      writeRun(join(runs, 'by-accuracy', 'r1'), { name: 'by-accuracy', monitor: 'validation.accuracy' });
      writeRun(join(runs, 'by-r2', 'r1'), { name: 'by-r2', metric: 'r2', monitor: 'validation.r2' });
      // A 2-class classifier without a baseline: validation has 6 of class a and 4 of class b.
      const classes = writeRun(join(runs, 'classes', 'r1'), { name: 'classes' });
      const file = join(classes, 'summary.json');
      const summary = JSON.parse(readFileSync(file, 'utf8')) as { bestParams: { validation: Record<string, unknown> } };
      summary.bestParams.validation.confusion = { a: { a: 5, b: 1 }, b: { a: 2, b: 2 } };
      writeFileSync(file, JSON.stringify(summary));
      writeSweep(join(runs, 'sweeps', 's1'), [{ id: 'cc00000000c1', eta: 0.05, hiddenSize: 2 }, { id: 'cc00000000c2', eta: 0.1, hiddenSize: 4 }, { id: 'cc00000000c3', eta: 0.2, hiddenSize: 8 }]);
    },
  });
  beforeEach(() => { page = b.page; });
  const runHash = (id: string) => `#/run/${encodeURIComponent(id)}`;
  const data = (view: string, name: string) => page.evaluate(([v, n]) => window.rnnflowBoard.views[v].data(n), [view, name]);

  it('monitoring the validation loss (the default): the marker on the loss chart, none on the metrics', async () => {
    await b.open(runHash('0:by-loss/r1'));
    expect(await diamonds(page, 'loss')).to.equal(1);
    expect(await diamonds(page, 'metrics')).to.equal(0);
  });

  it('monitoring accuracy or R²: the one marker on that panel, at the best check\'s value', async () => {
    for (const [id, metric, value] of [['0:by-accuracy/r1', 'accuracy', 1], ['0:by-r2/r1', 'r2', 0.93]] as const) {
      await b.open(runHash(id));
      expect(await diamonds(page, 'loss'), id).to.equal(0);
      expect(await diamonds(page, 'metrics'), id).to.equal(1);
      const best = await data('metrics', 'best') as { metric: string; x: number; y: number }[];
      expect(best.map((r) => [r.metric, r.x, r.y])).to.deep.equal([[metric, 3, value]]);
    }
  });

  it('an R² axis starts near its data (0.13 … 0.93), not rounded out to 0', async () => {
    await b.open(runHash('0:by-r2/r1'));
    const [lo, hi] = await page.evaluate(() => window.rnnflowBoard.views.metrics.scale('concat_0_y').domain()) as [number, number];
    expect(lo).to.be.within(0.13 - 0.05 * 0.8, 0.13);
    expect(hi).to.be.within(0.93, 0.93 + 0.05 * 0.8);
  });

  it('a classifier with no baseline of its own draws the majority class on its accuracy panel', async () => {
    await b.open(runHash('0:classes/r1'));
    expect(await data('metrics', 'baseline')).to.deep.equal([{ metric: 'accuracy', y: 0.6, label: 'majority class (validation)' }]);
    const rules = () => page.evaluate(() => window.rnnflowBoard.views.metrics.container().querySelectorAll('g.mark-rule.role-mark > line').length);
    expect(await rules()).to.equal(1);
    // A binary run's summary from before binary metrics carried a matrix (the fixture's) loads, with no such line.
    await b.open(runHash('0:by-loss/r1'));
    expect(await rules()).to.equal(0);
  });

  it('a binary classifier draws the majority class too: max(p, 1 − p), p the validation share of 1s', async () => {
    const { ones, bits } = minusValidationBits();
    await b.open(runHash(`0:${relative(b.runs, minusDir)}`));
    // max(p, 1 − p) as counts: the share of the commoner bit.
    expect(await data('metrics', 'baseline')).to.deep.equal([{ metric: 'accuracy', y: Math.max(ones, bits - ones) / bits, label: 'majority class (validation)' }]);
    const rules = await page.evaluate(() => window.rnnflowBoard.views.metrics.container().querySelectorAll('g.mark-rule.role-mark > line').length);
    expect(rules).to.equal(1);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).to.be.at.most(1280);
  });

  it('a sweep\'s page names its best trial\'s folder and the commands that use it', async () => {
    await b.open(`#/sweep/${encodeURIComponent('0:sweeps/s1')}`);
    // The fake sweep ranks by validation loss (min): the lowest eta wins.
    const folder = displayPath(join(b.runs, 'sweeps', 's1', 'trials', 'cc00000000c1'));
    expect(await page.textContent('.best-trial code')).to.equal(folder);
    expect((await page.textContent('.best-trial pre'))!.split('\n')).to.deep.equal(bestTrialCommands(folder, 'minus'));
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).to.be.at.most(1280);
  });
});
