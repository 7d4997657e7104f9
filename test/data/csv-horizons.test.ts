/**
 * A csv forecasting run forecasts k steps ahead by feeding each prediction back as the next row's
 * target input (as PM2.5 does), beside persistence, in the summary; and predict --horizon agrees.
 * Oracles: a slow per-window roll-out written from the definition, and persistence by hand.
 */
import { expect } from 'chai';
import { join } from 'node:path';
import type { CsvData } from '../../src/config/types.js';
import { UserError } from '../../src/core/errors.js';
import { Random } from '../../src/core/random.js';
import { loadDataset } from '../../src/data/index.js';
import type { WindowedSeries } from '../../src/data/windows.js';
import { loadRun } from '../../src/app/predict/run-model.js';
import { validateExperiment } from '../../src/app/experiment-file.js';
import { Rnn } from '../../src/model/rnn.js';
import { evaluate } from '../../src/train/evaluate.js';
import { summaryLines } from '../../src/sinks/console.js';
import { horizonRows } from '../../src/app/board/client/charts/horizons.js';
import { readDatasetFacts } from '../../src/run-folder/index.js';
import { runCollecting } from '../helpers/run.js';
import { tempExperimentDir, withCsv } from './context.js';

/** 120 rows: a level that wanders (its own past predicts it) and a temperature that leads it a little. */
const ROWS = (() => {
  const rng = new Random(11, 'csv-horizons');
  let level = 50;
  const lines = ['when,temp,level'];
  for (let r = 0; r < 120; r++) {
    const temp = 20 + 8 * Math.sin(r / 6);
    level += 0.3 * (temp - 20) + rng.normal();
    lines.push(`t${r},${temp.toFixed(3)},${level.toFixed(3)}`);
  }
  return lines.join('\n');
})();

const T = 4;
const csv = (over: Partial<CsvData> = {}): CsvData => ({
  name: 'csv', file: 'level.csv', features: ['level', 'temp'], target: 'level', task: 'regression',
  predictNext: true, timesteps: T, validationFraction: 0.2, testFraction: 0.25, missing: 'error', horizons: [1, 2, 4], ...over,
});
const netSpec = { netType: 'regression' as const, outputMode: 'last' as const, timesteps: T, inputSize: 2, hiddenSize: 3, outputSize: 1, bias: true };

function randomNet(seed: number): Rnn {
  const net = new Rnn(netSpec);
  const rng = new Random(seed, 'net');
  for (let i = 0; i < net.params.flat.length; i++) net.params.flat[i] = rng.normal() * 0.5;
  return net;
}

/**
 * The definition, one window at a time: predict the next row, put that prediction where the next row's
 * target input would be, slide one row, k times. Returns per window [prediction k ahead, truth k ahead].
 */
function slowRollOut(net: Rnn, split: WindowedSeries, k: number, lastLabelRow: number): [number, number][] {
  const n = split.inputSize;
  const fed = split.fedInput;
  const out: [number, number][] = [];
  for (let i = 0; i < split.size; i++) {
    const start = split.starts[i];
    if (split.labelRow(i) + 4 - 1 > lastLabelRow) continue; // the windows every horizon scores (the longest is 4)
    const rows: number[][] = [];
    for (let t = 0; t < T; t++) rows.push(Array.from(split.series.subarray((start + t) * n, (start + t + 1) * n)));
    let prediction = NaN;
    for (let step = 1; step <= k; step++) {
      const x = new Float64Array(T * n);
      rows.slice(-T).forEach((row, t) => row.forEach((v, j) => { x[t * n + j] = v; }));
      net.forwardBatch(x, 1);
      prediction = net.output(T - 1)[0];
      const next = Array.from(split.series.subarray((start + T - 1 + step) * n, (start + T + step) * n));
      next[fed] = prediction;
      rows.push(next);
    }
    out.push([prediction, split.labels[start + T - 2 + k]]);
  }
  return out;
}

function r2Of(pairs: [number, number][]): number {
  const mean = pairs.reduce((s, [, y]) => s + y, 0) / pairs.length;
  const sse = pairs.reduce((s, [a, y]) => s + (a - y) ** 2, 0);
  const sst = pairs.reduce((s, [, y]) => s + (y - mean) ** 2, 0);
  return 1 - sse / sst;
}

describe('csv forecasting: k steps ahead with predictions fed back, and persistence', function () {
  this.timeout(120_000);
  const dir = tempExperimentDir();
  const ctx = withCsv(dir, 'level.csv', ROWS);
  // 120 rows: test the last 30, validation 18 before them, train 72; the last label row of a block is its second last row.
  const lastLabelRow = { validation: 72 + 18 - 2, test: 119 - 1 };

  it('+1 alone is the model\'s own evaluation; +k matches a slow roll-out that feeds predictions back', () => {
    const one = loadDataset(csv({ horizons: [1] }), ctx);
    const net = randomNet(3);
    for (const split of ['validation', 'test'] as const) {
      const h = one.horizonMetrics!(net, split)['+1'];
      const e = evaluate(net, one[split], 300);
      expect(h.samples).to.equal(e.samples);
      expect(h.r2).to.be.closeTo(e.r2!, 1e-12);
    }
    const set = loadDataset(csv(), ctx);
    for (const split of ['validation', 'test'] as const) {
      const h = set.horizonMetrics!(net, split);
      expect(Object.keys(h)).to.deep.equal(['+1', '+2', '+4']);
      for (const k of [1, 2, 4]) {
        const slow = slowRollOut(net, set[split] as WindowedSeries, k, lastLabelRow[split]);
        expect(h[`+${k}`].samples, `${split} +${k}`).to.equal(slow.length);
        expect(h[`+${k}`].r2, `${split} +${k}`).to.be.closeTo(r2Of(slow), 1e-9);
      }
    }
  });

  it('persistence: the next row\'s target is this row\'s, at 1 step (baseline) and k steps (by hand)', () => {
    const set = loadDataset(csv(), ctx);
    for (const split of ['validation', 'test'] as const) {
      const w = set[split] as WindowedSeries;
      const byHand = (k: number, keepAll: boolean): [number, number][] => {
        const pairs: [number, number][] = [];
        for (let i = 0; i < w.size; i++) {
          if (!keepAll && w.labelRow(i) + 3 > lastLabelRow[split]) continue;
          pairs.push([w.series[w.labelRow(i) * 2], w.series[(w.labelRow(i) + k) * 2]]); // level is input 0
        }
        return pairs;
      };
      expect(set.baseline!.name).to.equal('persistence');
      expect(set.baseline![split].r2).to.be.closeTo(r2Of(byHand(1, true)), 1e-9);
      for (const k of [1, 2, 4]) expect(set.baseline!.horizons![split][`+${k}`].r2).to.be.closeTo(r2Of(byHand(k, false)), 1e-9);
    }
  });

  it('refuses horizons it cannot feed back, naming the field and the fix', () => {
    expect(() => loadDataset(csv({ features: ['temp'] }), ctx)).to.throw(UserError, /data\.horizons \[1, 2, 4\].*"level" is not one of data\.features \[temp\]/);
    expect(() => loadDataset(csv({ predictNext: false }), ctx)).to.throw(UserError, /data\.predictNext is false/);
    const doc = { name: 'h', data: { ...csv({ features: ['temp'] }) }, model: { netType: 'regression', outputMode: 'last', hiddenSize: 3 }, train: { eta: 0.1, maxEpochs: 1 } };
    expect(() => validateExperiment(doc, { file: 'h.json5', baseDir: dir })).to.throw(UserError, /h\.json5: invalid experiment:[\s\S]*data\.horizons/);
  });

  it('a run reports them in its summary, the console and the board\'s chart rows; predict --horizon forecasts the same way', async () => {
    const out = tempExperimentDir();
    const doc = {
      name: 'level', seed: 2, data: { ...csv(), file: join(dir, 'level.csv') },
      model: { netType: 'regression', outputMode: 'last', hiddenSize: 3 }, train: { eta: 0.05, maxEpochs: 3, batchSize: 8 },
    };
    const result = await runCollecting(doc, { outDir: out });
    const end = result.events.find((e) => e.type === 'end');
    const summary = end && 'summary' in end ? end.summary : undefined;
    expect(summary?.baseline?.name).to.equal('persistence');
    expect(Object.keys(summary!.horizons!.bestParams.test)).to.deep.equal(['+1', '+2', '+4']);
    expect(Object.keys(summary!.baseline!.horizons!.test)).to.deep.equal(['+1', '+2', '+4']);
    const text = summaryLines(summary!).join('\n');
    expect(text).to.match(/test \(persistence\)/);
    expect(text).to.match(/R² k steps ahead\s+\+1\s+\+2\s+\+4/);
    const rows = horizonRows(JSON.parse(JSON.stringify(summary)), JSON.parse(JSON.stringify(doc)));
    expect(rows.filter((r) => r.metric === 'r2').map((r) => `${r.source} ${r.horizon} ${r.kind}`)).to.deep.equal([
      ...['+1', '+2', '+4'].map((k) => `model (best parameters) ${k} k steps ahead`), ...['+1', '+2', '+4'].map((k) => `persistence ${k} k steps ahead`),
    ]);

    // predict on the test block's rows: the forecast 4 steps ahead from each window equals the run's own roll-out.
    const runDir = out;
    const model = await loadRun(runDir, { say: () => {} });
    const set = loadDataset(csv(), ctx);
    const test = set.test as WindowedSeries;
    const lines = ROWS.split('\n');
    const header = lines[0].split(',');
    const block = lines.slice(1 + test.starts[0]).map((l) => Object.fromEntries(l.split(',').map((v, j) => [header[j], v])));
    const p = model.predict(block, { horizon: 4 });
    const slow = slowRollOut(model.net, test, 4, lastLabelRow.test);
    const { min, max } = (readDatasetFacts(runDir) as { labelScale: { min: number; max: number } }).labelScale;
    slow.forEach(([scaled], w) => {
      expect(p.rows[w].forecasts[3].ahead).to.equal(4);
      expect(p.rows[w].forecasts[3].value!).to.be.closeTo(scaled * (max - min) + min, 1e-9);
    });
    expect(p.assumptions.join(' ')).to.match(/carried forward/);
  });
});
