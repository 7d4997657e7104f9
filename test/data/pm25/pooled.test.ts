import { expect } from 'chai';
import type { Pm25Data } from '../../../src/config/types.js';
import { loadDataset } from '../../../src/data/index.js';
import { pooledBlockMetrics, pooledPersistence } from '../../../src/data/pm25/pooled.js';
import { WindowedSeries, windowStarts } from '../../../src/data/windows.js';
import { Rnn } from '../../../src/model/rnn.js';
import { Random } from '../../../src/core/random.js';
import { evaluate } from '../../../src/train/evaluate.js';
import { context } from '../context.js';

/**
 * Eight hours of (pollution, weather), scaled; a row's label is the next row's pollution. Windows of
 * T = 3 rows whose label lies in the block: starts 0…4, label rows 2…6, labels 2, 4, 4, 6, 5.
 */
const pollution = [0, 1, 3, 2, 4, 4, 6, 5];
const weather = [0.5, -1, 0.25, 2, 0, -0.5, 1, 0.75];
const T = 3;
const LAST_LABEL_ROW = 6;
function tinySplit(): WindowedSeries {
  const series = Float64Array.from(pollution.flatMap((p, r) => [p, weather[r]]));
  const labels = Float64Array.from([...pollution.slice(1), NaN]);
  return new WindowedSeries(series, 2, labels, 1, T, windowStarts(0, 8, T, 1), 0);
}

/** The net of the test, and the same maths written out: s_t = tanh(0.5·pollution + 0.3·weather + 0.2·s_{t−1} − 0.1), a = 1.5·s_T + 0.1. */
function tinyNet(): Rnn {
  const net = new Rnn({ netType: 'regression', outputMode: 'last', timesteps: T, inputSize: 2, hiddenSize: 1, outputSize: 1, bias: true });
  net.setParameters({ U: [[0.5], [0.3]], W: [[0.2]], V: [[1.5]], bu: [[-0.1]], bv: [[0.1]] });
  return net;
}
function forecast(rows: [pollution: number, weather: number][]): number {
  let s = 0;
  for (const [p, w] of rows) s = Math.tanh(0.5 * p + 0.3 * w + 0.2 * s - 0.1);
  return 1.5 * s + 0.1;
}
/** Row r as the net reads it, its pollution replaced when `fed` is given. */
const row = (r: number, fed?: number): [number, number] => [fed ?? pollution[r], weather[r]];

function r2(preds: number[], truths: number[]): { loss: number; r2: number } {
  const n = truths.length;
  const sse = preds.reduce((s, a, i) => s + (a - truths[i]) ** 2, 0);
  const mean = truths.reduce((s, y) => s + y, 0) / n;
  const variance = truths.reduce((s, y) => s + (y - mean) ** 2, 0) / n;
  return { loss: sse / 2 / n, r2: 1 - sse / n / variance };
}

describe('pm25 pooled block metric (the book\'s test())', () => {
  it('p = 2, T = 3, by hand: blocks {0, 1} and {2, 3}, window 4 left out; window 1 of a block reads its block\'s first prediction', () => {
    const split = tinySplit();
    // Block 0: window 0 = rows 0, 1, 2; window 1 = rows 1, 2, 3 with row 3's pollution replaced by window 0's forecast.
    const a0 = forecast([row(0), row(1), row(2)]);
    const a1 = forecast([row(1), row(2), row(3, a0)]);
    // Block 1: window 2 = rows 2, 3, 4; window 3 = rows 3, 4, 5 with row 5's pollution replaced.
    const b0 = forecast([row(2), row(3), row(4)]);
    const b1 = forecast([row(3), row(4), row(5, b0)]);
    // Truths: the labels of windows 0…3, the pollution of rows 3…6.
    const expected = r2([a0, a1, b0, b1], [2, 4, 4, 6]);
    const m = pooledBlockMetrics(tinyNet(), split, [2], LAST_LABEL_ROW)['2h'];
    expect(m.samples).to.equal(4);
    expect(m.loss).to.be.closeTo(expected.loss, 1e-12);
    expect(m.r2).to.be.closeTo(expected.r2, 1e-12);
    // Had the true pollution been read instead, window 1 would score differently.
    expect(a1).to.not.be.closeTo(forecast([row(1), row(2), row(3)]), 1e-3);

    // Persistence: every window of a block predicts the pollution of its first window's last row
    // (block 0: row 2 = 3 against 2, 4; block 1: row 4 = 4 against 4, 6). Errors 1, −1, 0, −2:
    // loss ½·6/4 = 0.75; truth mean 4, variance 2, R² = 1 − 1.5/2 = 0.25.
    const p = pooledPersistence(split, [2], LAST_LABEL_ROW)['2h'];
    expect(p.samples).to.equal(4);
    expect(p.loss).to.be.closeTo(0.75, 1e-12);
    expect(p.r2).to.be.closeTo(0.25, 1e-12);
  });

  it('p = 4 > T = 3: window 3 of the block has all its pollution inputs replaced, its weather kept', () => {
    const split = tinySplit();
    // One block (windows 0…3; window 4 left out): forecasts 1…4 hours ahead from window 0.
    const a = [forecast([row(0), row(1), row(2)])];
    a.push(forecast([row(1), row(2), row(3, a[0])]));
    a.push(forecast([row(2), row(3, a[0]), row(4, a[1])]));
    a.push(forecast([row(3, a[0]), row(4, a[1]), row(5, a[2])]));
    const expected = r2(a, [2, 4, 4, 6]);
    const m = pooledBlockMetrics(tinyNet(), split, [4], LAST_LABEL_ROW)['4h'];
    expect(m.samples).to.equal(4);
    expect(m.r2).to.be.closeTo(expected.r2, 1e-12);
    // Persistence: the block's last true value, row 2's 3, for all four: errors 1, −1, −1, −3.
    const p = pooledPersistence(split, [4], LAST_LABEL_ROW)['4h'];
    expect(p.loss).to.be.closeTo(12 / 2 / 4, 1e-12);
    expect(p.r2).to.be.closeTo(1 - 3 / 2, 1e-12);
  });

  it('p = 1 is the model\'s own evaluation and the 1-hour persistence baseline, on the shipped data', () => {
    const cfg: Pm25Data = {
      name: 'pm25', file: 'data/PRSA_data_2010.1.1-2014.12.31.csv.gz', timesteps: 4, target: 'value',
      features: ['pollution', 'dewPoint', 'temperature', 'pressure', 'windDirection', 'windSpeed'],
      validation: { method: 'holdout', size: 1000 }, horizons: [1, 3],
    };
    const set = loadDataset(cfg, context());
    const net = new Rnn({ netType: 'regression', outputMode: 'last', timesteps: 4, inputSize: 6, hiddenSize: 3, outputSize: 1, bias: true });
    const rng = new Random(3, 'test');
    for (let i = 0; i < net.params.flat.length; i++) net.params.flat[i] = rng.normal() * 0.5;
    for (const split of ['validation', 'test'] as const) {
      const pooled = set.pooledMetrics!(net, split);
      expect(Object.keys(pooled)).to.deep.equal(['1h', '3h']);
      const e = evaluate(net, set[split]);
      expect(pooled['1h'].samples).to.equal(e.samples);
      expect(pooled['1h'].r2).to.be.closeTo(e.r2!, 1e-12);
      const b = set.baseline!;
      expect(b.pooled![split]['1h'].r2).to.be.closeTo(b[split].r2!, 1e-12);
      // N − N mod 3 windows are pooled at p = 3.
      expect(pooled['3h'].samples).to.equal(e.samples - (e.samples % 3));
      expect(b.pooled![split]['3h'].samples).to.equal(e.samples - (e.samples % 3));
    }
  });
});
