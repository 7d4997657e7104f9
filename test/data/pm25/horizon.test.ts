import { expect } from 'chai';
import type { Pm25Data } from '../../../src/config/types.js';
import { loadDataset } from '../../../src/data/index.js';
import type { SequenceSet } from '../../../src/data/types.js';
import { horizonMetrics, persistenceHorizons } from '../../../src/data/pm25/horizon.js';
import { WindowedSeries, windowStarts } from '../../../src/data/windows.js';
import { summaryLines } from '../../../src/sinks/console.js';
import { runCollecting } from '../../helpers/run.js';
import { evaluate } from '../../../src/train/evaluate.js';
import { Rnn } from '../../../src/model/rnn.js';
import { Random } from '../../../src/core/random.js';
import { context } from '../context.js';

const T = 8;
const cfg = (horizons: number[], method: 'holdout' | 'sample' = 'holdout'): Pm25Data => ({
  name: 'pm25', file: 'data/PRSA_data_2010.1.1-2014.12.31.csv.gz', timesteps: T, target: 'value',
  features: ['pollution', 'dewPoint', 'temperature', 'pressure', 'windDirection', 'windSpeed'],
  validation: { method, size: 1000 }, horizons,
});
/** The last labelled row of the training years (2010–2013): row 35,062, whose label is the pollution of 35,063. */
const LAST_TRAINING_LABEL_ROW = 35_062;
const netSpec = { netType: 'regression' as const, outputMode: 'last' as const, timesteps: T, inputSize: 6, hiddenSize: 3, outputSize: 1, bias: true };

/** R² and ½-mean-squared loss of "k hours ahead = the window's last hour", over the given windows of a split, from scaled pollution. */
function persistenceAhead(test: WindowedSeries, k: number, windows: number | number[]): { loss: number; r2: number } {
  const ids = typeof windows === 'number' ? Array.from({ length: windows }, (_, i) => i) : windows;
  let sse = 0, sum = 0, sq = 0;
  for (const i of ids) {
    const last = test.labelRow(i);
    const now = test.series[last * 6];
    const truth = test.series[(last + k) * 6];
    sse += (now - truth) ** 2; sum += truth; sq += truth * truth;
  }
  const w = ids.length;
  const mean = sum / w;
  return { loss: sse / 2 / w, r2: 1 - sse / w / (sq / w - mean * mean) };
}

/** A net whose forecast repeats its last pollution input: s_T = tanh(ε·pollution_T), a = s_T / ε ≈ pollution_T. */
function echoNet(): Rnn {
  const eps = 1e-4;
  const net = new Rnn({ ...netSpec, hiddenSize: 1 });
  net.setParameters({ U: [[eps], [0], [0], [0], [0], [0]], W: [[0]], V: [[1 / eps]], bu: [[0]], bv: [[0]] });
  return net;
}

describe('pm25 horizon metrics', () => {
  let set: SequenceSet;
  before(() => { set = loadDataset(cfg([1, 2, 4, 8]), context()); });

  for (const method of ['holdout', 'sample'] as const) {
    it(`at 1 hour alone is exactly the model's evaluation, on validation (${method}) as on test`, () => {
      const one = loadDataset(cfg([1], method), context());
      const net = new Rnn(netSpec);
      const rng = new Random(5, 'test');
      for (let i = 0; i < net.params.flat.length; i++) net.params.flat[i] = rng.normal() * 0.5;
      for (const split of ['validation', 'test'] as const) {
        const h = one.horizonMetrics!(net, split)['1h'];
        const e = evaluate(net, one[split], 300);
        expect(h.samples).to.equal(e.samples);
        expect(h.loss).to.be.closeTo(e.loss, 1e-12);
        expect(h.r2).to.be.closeTo(e.r2!, 1e-12);
      }
      // …and its persistence is the 1-hour persistence baseline.
      for (const split of ['validation', 'test'] as const) {
        const p = one.baseline!.horizons![split]['1h'];
        const b = one.baseline![split];
        expect(p.samples).to.equal(b.samples);
        expect(p.loss).to.be.closeTo(b.loss, 1e-12);
        expect(p.r2).to.be.closeTo(b.r2!, 1e-12);
      }
    });
  }

  it('feeds each prediction back as pollution: a net echoing its last pollution input scores k-hour persistence', () => {
    // Were the real pollution fed instead of the prediction, every horizon would score 1-hour persistence.
    const net = echoNet();
    // Holdout validation = the last 1,000 windows of 2013, contiguous like the test year; in both the
    // 8-hour target of the last 7 windows would lie past the block.
    for (const split of ['validation', 'test'] as const) {
      const h = set.horizonMetrics!(net, split);
      const p = set.baseline!.horizons![split];
      const windows = set[split] as WindowedSeries;
      const w = windows.size - 7;
      expect(Object.keys(h)).to.deep.equal(['1h', '2h', '4h', '8h']);
      expect(Object.keys(p)).to.deep.equal(['1h', '2h', '4h', '8h']);
      for (const k of [1, 2, 4, 8]) {
        const expected = persistenceAhead(windows, k, w);
        for (const m of [h[`${k}h`], p[`${k}h`]]) {
          expect(m.samples).to.equal(w);
          expect(m.loss).to.be.closeTo(expected.loss, 1e-9);
          expect(m.r2).to.be.closeTo(expected.r2, 1e-6);
        }
      }
      expect(h['8h'].r2!).to.be.below(h['1h'].r2!);
    }
    expect((set.validation as WindowedSeries).labelRow(999)).to.equal(LAST_TRAINING_LABEL_ROW);
  });

  it('sampled validation windows continue into the training rows after them, never past 2013', () => {
    const sampled = loadDataset(cfg([1, 2, 4, 8], 'sample'), context());
    const v = sampled.validation as WindowedSeries;
    const kept: number[] = [];
    for (let i = 0; i < v.size; i++) if (v.labelRow(i) + 7 <= LAST_TRAINING_LABEL_ROW) kept.push(i);
    const h = sampled.horizonMetrics!(echoNet(), 'validation');
    const p = sampled.baseline!.horizons!.validation;
    for (const k of [1, 2, 4, 8]) {
      const expected = persistenceAhead(v, k, kept);
      for (const m of [h[`${k}h`], p[`${k}h`]]) {
        expect(m.samples).to.equal(kept.length);
        expect(m.loss).to.be.closeTo(expected.loss, 1e-9);
        expect(m.r2).to.be.closeTo(expected.r2, 1e-6);
      }
    }
  });

  it('persistence k hours ahead on a tiny series, by hand', () => {
    // Pollution 0, 1, 3, 2, 4, 4 (scaled), one input; a row's label is the next row's pollution.
    const p = [0, 1, 3, 2, 4, 4];
    const series = Float64Array.from(p);
    const labels = Float64Array.from([...p.slice(1), NaN]);
    // Windows of 2 rows over rows 0…5 whose label lies in the block: starts 0…3, label rows 1…4, last labelled row 4.
    const split = new WindowedSeries(series, 1, labels, 1, 2, windowStarts(0, 6, 2, 1), 0);
    const h = persistenceHorizons(split, [1, 2], 4);
    // 1 h, windows 0…2 (window 3's 2-hour target, row 6, is past the block): now 1, 3, 2 → truth 3, 2, 4.
    // errors −2, 1, −2: loss = ½·9/3 = 1.5; truth mean 3, variance 2/3, R² = 1 − 3/(2/3) = −3.5.
    expect(h['1h']).to.include({ samples: 3 });
    expect(h['1h'].loss).to.be.closeTo(1.5, 1e-12);
    expect(h['1h'].r2).to.be.closeTo(-3.5, 1e-12);
    // 2 h: truth 2, 4, 4; errors −1, −1, −2: loss = ½·6/3 = 1; mean 10/3, variance 8/9, R² = 1 − 2/(8/9) = −1.25.
    expect(h['2h'].loss).to.be.closeTo(1, 1e-12);
    expect(h['2h'].r2).to.be.closeTo(-1.25, 1e-12);
    // The net's horizon metrics score the same windows.
    const net = new Rnn({ netType: 'regression', outputMode: 'last', timesteps: 2, inputSize: 1, hiddenSize: 1, outputSize: 1, bias: true });
    expect(horizonMetrics(net, split, [1, 2], 4)['2h'].samples).to.equal(3);
  });

  it('rejects a net of another shape', () => {
    const net = new Rnn({ ...netSpec, timesteps: 4 });
    expect(() => set.horizonMetrics!(net, 'test')).to.throw(/8 timesteps, 6 inputs and 1 output/);
  });
});

describe('pm25 horizons in the run summary', () => {
  it('horizons.{final,bestParams}.{validation,test} and baseline.horizons.{validation,test}, shown beside each other', async () => {
    const { summary } = await runCollecting({
      name: 'horizon-summary', seed: 1,
      data: { name: 'pm25', timesteps: 2, target: 'value', horizons: [1, 4], validation: { method: 'holdout', size: 500 } },
      model: { netType: 'regression', outputMode: 'last', hiddenSize: 2 },
      train: { eta: 0.1, batchSize: 512, maxEpochs: 1 },
      sinks: [],
    });
    const h = summary.horizons!;
    for (const params of [h.final, h.bestParams]) {
      expect(Object.keys(params)).to.deep.equal(['validation', 'test']);
      for (const split of ['validation', 'test'] as const) expect(Object.keys(params[split])).to.deep.equal(['1h', '4h']);
    }
    expect(h.bestParams.validation['1h'].samples).to.equal(500 - 3);
    expect(h.bestParams.test['4h'].samples).to.equal(summary.bestParams.test.samples - 3);
    const b = summary.baseline!;
    expect(Object.keys(b.horizons!)).to.deep.equal(['validation', 'test']);
    expect(b.horizons!.test['4h'].r2!).to.be.below(b.horizons!.test['1h'].r2!);
    // Printed as tables of R², a column per horizon, within 100 columns (RMSE and MAE stay in summary.json).
    const printed = summaryLines(summary);
    for (const l of printed) expect(l.length, l).to.be.at.most(100);
    const table = (title: string) => {
      const at = printed.findIndex((l) => l.trim().startsWith(title));
      expect(printed[at].trim().split(/\s+/).slice(-2)).to.deep.equal(['1h', '4h']);
      return Object.fromEntries(printed.slice(at + 1, at + 7).map((l) => {
        const cells = l.trim().split(/\s+/);
        return [cells.slice(0, 2).join(' '), cells.slice(2).map(Number)];
      }));
    };
    const r2 = (byKey: Record<string, { r2?: number }>) => ['1h', '4h'].map((k) => Number(byKey[k].r2!.toFixed(4)));
    expect(table('R² k hours ahead')).to.deep.equal({
      'validation final': r2(h.final.validation), 'validation best': r2(h.bestParams.validation), 'validation persistence': r2(b.horizons!.validation),
      'test final': r2(h.final.test), 'test best': r2(h.bestParams.test), 'test persistence': r2(b.horizons!.test),
    });

    // The book's pooled block metric, laid out the same way: pooled.bestParams.test["4h"], baseline.pooled.test["4h"].
    const p = summary.pooled!;
    for (const params of [p.final, p.bestParams]) {
      for (const split of ['validation', 'test'] as const) expect(Object.keys(params[split])).to.deep.equal(['1h', '4h']);
    }
    expect(p.bestParams.test['1h'].r2).to.be.closeTo(summary.bestParams.test.r2!, 1e-12);
    expect(p.bestParams.validation['4h'].samples).to.equal(500);
    expect(p.bestParams.test['4h'].samples).to.equal(summary.bestParams.test.samples - (summary.bestParams.test.samples % 4));
    expect(b.pooled!.test['4h'].samples).to.equal(p.bestParams.test['4h'].samples);
    // Errors in µg/m³ beside every value metric: ½·mean squared scaled error is the loss, and the training years' range is 994 µg/m³.
    for (const m of [summary.bestParams.test, summary.metrics.validation, h.bestParams.test['4h'], p.final.validation['4h'], b.test, b.pooled!.test['4h']]) {
      expect(m.rmse).to.be.closeTo(Math.sqrt(2 * m.loss) * 994, 1e-6);
      expect(m.mae).to.be.within(0, m.rmse!);
    }
    expect(table('R² pooled over p hours')).to.deep.equal({
      'validation final': r2(p.final.validation), 'validation best': r2(p.bestParams.validation), 'validation persistence': r2(b.pooled!.validation),
      'test final': r2(p.final.test), 'test best': r2(p.bestParams.test), 'test persistence': r2(b.pooled!.test),
    });
  });
});

describe('pm25 classes in the run summary', () => {
  it('carries the confusion matrix and per-class scores of every split, keyed by class name, and prints them', async () => {
    const { summary } = await runCollecting({
      name: 'class-summary', seed: 1,
      data: { name: 'pm25', timesteps: 2, target: 'class', validation: { method: 'holdout', size: 500 } },
      model: { netType: 'multiclass', outputMode: 'last', hiddenSize: 2 },
      train: { eta: 0.1, batchSize: 512, maxEpochs: 1 },
      sinks: [],
    });
    const names = ['<50', '<100', '<150', '<200', '<300', '≥300'];
    for (const m of [summary.bestParams.test, summary.metrics.validation, summary.baseline!.test]) {
      expect(Object.keys(m.classes!)).to.deep.equal(names);
      const cells = names.flatMap((t) => names.map((p) => m.confusion![t][p]));
      expect(cells.reduce((a, c) => a + c, 0)).to.equal(m.samples);
      expect(names.reduce((a, t) => a + m.confusion![t][t], 0)).to.equal(Math.round(m.accuracy! * m.samples));
    }
    const lines = summaryLines(summary);
    expect(lines.some((l) => /test \(best, it \d+\): confusion/.test(l))).to.equal(true);
  });
});
