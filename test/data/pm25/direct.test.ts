import { expect } from 'chai';
import type { Pm25Data } from '../../../src/config/types.js';
import { loadDataset } from '../../../src/data/index.js';
import type { SequenceSet } from '../../../src/data/types.js';
import type { WindowedSeries } from '../../../src/data/windows.js';
import { Random } from '../../../src/core/random.js';
import { Rnn } from '../../../src/model/rnn.js';
import { context, gatherAll } from '../context.js';

const T = 3;
const cfg = (over: Partial<Pm25Data> = {}): Pm25Data => ({
  name: 'pm25', file: 'data/PRSA_data_2010.1.1-2014.12.31.csv.gz', timesteps: T, target: 'value',
  features: ['pollution', 'dewPoint', 'temperature', 'pressure', 'windDirection', 'windSpeed'],
  validation: { method: 'holdout', size: 1000 }, horizons: [1, 2, 4], ...over,
});

/** R² of the given forecasts against truths, from the definition. */
function r2(a: number[], y: number[]): number {
  const mean = y.reduce((s, v) => s + v, 0) / y.length;
  const sse = a.reduce((s, v, i) => s + (v - y[i]) ** 2, 0);
  return 1 - sse / y.reduce((s, v) => s + (v - mean) ** 2, 0);
}

describe('pm25 direct multi-horizon head (data.directHours)', () => {
  let direct: SequenceSet;
  let recursive: SequenceSet;
  before(() => {
    direct = loadDataset(cfg({ directHours: 4 }), context());
    recursive = loadDataset(cfg(), context());
  });

  it('labels each window with the pollution of the next 1 … H hours, inside its block', () => {
    const test = direct.test as WindowedSeries;
    const one = recursive.test as WindowedSeries;
    expect(test.outputSize).to.equal(4);
    // The last 3 windows of each block would need hours past it.
    expect(test.size).to.equal(one.size - 3);
    expect(direct.train.size + direct.validation.size).to.equal(recursive.train.size + recursive.validation.size - 3);
    for (const i of [0, 17, test.size - 1]) {
      const { y } = gatherAll(test, [i]);
      const row = test.labelRow(i);
      // Label k − 1 is the scaled pollution k hours after the window's last row: input 0 of that row.
      for (let k = 1; k <= 4; k++) expect(y[k - 1]).to.equal(one.series[(row + k) * 6]);
    }
  });

  it('reads horizons and pooled blocks off the outputs, on the same windows as the recursive forecast', () => {
    const net = new Rnn({ netType: 'regression', outputMode: 'last', timesteps: T, inputSize: 6, hiddenSize: 3, outputSize: 4, bias: true });
    const rng = new Random(4, 'test');
    for (let i = 0; i < net.params.flat.length; i++) net.params.flat[i] = rng.normal() * 0.5;
    const test = direct.test as WindowedSeries;
    const all = Array.from({ length: test.size }, (_, i) => i);
    const { x, y } = gatherAll(test, all);
    net.forwardBatch(x, test.size);
    const a = Array.from(net.output(T - 1));
    const h = direct.horizonMetrics!(net, 'test');
    const sameWindows = recursive.horizonMetrics!(new Rnn({ ...net.spec, outputSize: 1 }), 'test');
    for (const k of [1, 2, 4]) {
      expect(h[`${k}h`].samples).to.equal(sameWindows[`${k}h`].samples);
      expect(h[`${k}h`].samples).to.equal(test.size);
      const expected = r2(all.map((i) => a[i * 4 + k - 1]), all.map((i) => y[i * 4 + k - 1]));
      expect(h[`${k}h`].r2).to.be.closeTo(expected, 1e-9);
    }
    // Pooled over blocks of 2: window i of a block is forecast i + 1 hours ahead from the block's first window.
    const blocks = Math.floor(test.size / 2);
    const pa: number[] = [], py: number[] = [];
    for (let b = 0; b < blocks; b++) for (let i = 0; i < 2; i++) { pa.push(a[2 * b * 4 + i]); py.push(y[2 * b * 4 + i]); }
    expect(direct.pooledMetrics!(net, 'test')['2h'].r2).to.be.closeTo(r2(pa, py), 1e-9);
    // Persistence is the same whichever head: the same windows, the same truths.
    expect(direct.baseline!.horizons!.test['4h'].r2).to.be.closeTo(recursive.baseline!.horizons!.test['4h'].r2!, 1e-12);
  });

  it('refuses horizons past directHours, a class target and feedback training', () => {
    expect(() => loadDataset(cfg({ directHours: 2 }), context())).to.throw(/reach past data.directHours 2.*raise data.directHours to 4/);
    expect(() => loadDataset(cfg({ directHours: 4, target: 'class', horizons: [] }), context())).to.throw(/directHours 4 needs data.target "value"/);
    expect(() => loadDataset(cfg({ directHours: 4, feedbackTraining: { every: 1, steps: 1 } }), context())).to.throw(/no data.feedbackTraining/);
  });
});
