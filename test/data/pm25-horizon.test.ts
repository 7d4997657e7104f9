import { expect } from 'chai';
import type { Pm25Data } from '../../src/config/types.js';
import { loadDataset } from '../../src/data/index.js';
import type { SequenceSet } from '../../src/data/types.js';
import type { WindowedSeries } from '../../src/data/windows.js';
import { evaluate } from '../../src/model/evaluate.js';
import { Rnn } from '../../src/model/rnn.js';
import { Random } from '../../src/random.js';
import { context } from './context.js';

const T = 8;
const cfg = (horizons: number[]): Pm25Data => ({
  name: 'pm25', file: 'data/PRSA_data_2010.1.1-2014.12.31.csv.gz', timesteps: T, target: 'value',
  features: ['pollution', 'dewPoint', 'temperature', 'pressure', 'windDirection', 'windSpeed'],
  validation: { method: 'holdout', size: 1000 }, horizons,
});
const netSpec = { netType: 'regression' as const, outputMode: 'last' as const, timesteps: T, inputSize: 6, hiddenSize: 3, outputSize: 1, bias: true };

/** R² and ½-mean-squared loss of "k hours ahead = the window's last hour", over the first `windows` test windows, from scaled pollution. */
function persistenceAhead(test: WindowedSeries, k: number, windows: number): { loss: number; r2: number } {
  let sse = 0, sum = 0, sq = 0;
  for (let i = 0; i < windows; i++) {
    const last = test.labelRow(i);
    const now = test.series[last * 6];
    const truth = test.series[(last + k) * 6];
    sse += (now - truth) ** 2; sum += truth; sq += truth * truth;
  }
  const mean = sum / windows;
  return { loss: sse / 2 / windows, r2: 1 - sse / windows / (sq / windows - mean * mean) };
}

describe('pm25 horizon metrics', () => {
  let set: SequenceSet;
  before(() => { set = loadDataset(cfg([1, 2, 4, 8]), context()); });

  it('at 1 hour alone is exactly the model\'s test evaluation', () => {
    const one = loadDataset(cfg([1]), context());
    const net = new Rnn(netSpec);
    const rng = new Random(5, 'test');
    for (let i = 0; i < net.params.flat.length; i++) net.params.flat[i] = rng.normal() * 0.5;
    const h = one.horizonMetrics!(net)['1h'];
    const e = evaluate(net, one.test, 300);
    expect(h.samples).to.equal(e.samples);
    expect(h.loss).to.be.closeTo(e.loss, 1e-12);
    expect(h.r2).to.be.closeTo(e.r2!, 1e-12);
  });

  it('feeds each prediction back as pollution: a net echoing its last pollution input scores k-hour persistence', () => {
    // s_T = tanh(ε·pollution_T), a = s_T / ε ≈ pollution_T: the forecast repeats the last pollution input.
    // Were the real pollution fed instead of the prediction, every horizon would score 1-hour persistence.
    const eps = 1e-4;
    const net = new Rnn({ ...netSpec, hiddenSize: 1 });
    net.setParameters({ U: [[eps], [0], [0], [0], [0], [0]], W: [[0]], V: [[1 / eps]], bu: [[0]], bv: [[0]] });
    const h = set.horizonMetrics!(net);
    const test = set.test as WindowedSeries;
    const windows = test.size - 7; // the 8-hour target of the last 7 windows would lie past 2014
    expect(Object.keys(h)).to.deep.equal(['1h', '2h', '4h', '8h']);
    for (const k of [1, 2, 4, 8]) {
      const expected = persistenceAhead(test, k, windows);
      expect(h[`${k}h`].samples).to.equal(windows);
      expect(h[`${k}h`].loss).to.be.closeTo(expected.loss, 1e-9);
      expect(h[`${k}h`].r2).to.be.closeTo(expected.r2, 1e-6);
    }
    expect(h['8h'].r2!).to.be.below(h['1h'].r2!);
  });

  it('rejects a net of another shape', () => {
    const net = new Rnn({ ...netSpec, timesteps: 4 });
    expect(() => set.horizonMetrics!(net)).to.throw(/8 timesteps, 6 inputs and 1 output/);
  });
});
