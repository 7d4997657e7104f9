import { expect } from 'chai';
import type { Pm25Data } from '../../../src/config/types.js';
import { loadDataset } from '../../../src/data/index.js';
import { FeedbackTrainingSplit } from '../../../src/data/pm25/feedback.js';
import type { SequenceSet } from '../../../src/data/types.js';
import type { WindowedSeries } from '../../../src/data/windows.js';
import { Rnn } from '../../../src/model/rnn.js';
import { Random } from '../../../src/core/random.js';
import { runCollecting } from '../../helpers/run.js';
import { context, gatherAll } from '../context.js';

const T = 3;
const N_IN = 6;
const cfg = (feedbackTraining?: { every: number; steps: number }, over: Partial<Pm25Data> = {}): Pm25Data => ({
  name: 'pm25', file: 'data/PRSA_data_2010.1.1-2014.12.31.csv.gz', timesteps: T, target: 'value',
  features: ['pollution', 'dewPoint', 'temperature', 'pressure', 'windDirection', 'windSpeed'],
  validation: { method: 'holdout', size: 1000 }, horizons: [], ...(feedbackTraining ? { feedbackTraining } : {}), ...over,
});
const netSpec = { netType: 'regression' as const, outputMode: 'last' as const, timesteps: T, inputSize: N_IN, hiddenSize: 4, outputSize: 1, bias: true };

function randomNet(seed: number): Rnn {
  const net = new Rnn(netSpec);
  const rng = new Random(seed, 'test');
  for (let i = 0; i < net.params.flat.length; i++) net.params.flat[i] = rng.normal() * 0.5;
  return net;
}

/** A net whose forecast repeats its last pollution input: s_T = tanh(ε·pollution_T), a = s_T / ε ≈ pollution_T. */
function echoNet(): Rnn {
  const eps = 1e-4;
  const net = new Rnn({ ...netSpec, hiddenSize: 1 });
  net.setParameters({ U: [[eps], [0], [0], [0], [0], [0]], W: [[0]], V: [[1 / eps]], bu: [[0]], bv: [[0]] });
  return net;
}

/** Index of the added slot (origin o, depth d) in the feedback split. */
function slot(fed: FeedbackTrainingSplit, o: number, d: number): number {
  for (let i = 0; i < fed.slotOrigin.length; i++) if (fed.slotOrigin[i] === o && fed.slotDepth[i] === d) return fed.base.size + i;
  throw new Error(`no slot for origin ${o}, depth ${d}`);
}

describe('pm25 feedback training (Data as Demonstrator)', () => {
  let plain: SequenceSet;
  let set: SequenceSet;
  let fed: FeedbackTrainingSplit;
  let base: WindowedSeries;
  before(() => {
    plain = loadDataset(cfg(), context());
    set = loadDataset(cfg({ every: 2, steps: 3 }), context());
    fed = set.train as FeedbackTrainingSplit;
    base = fed.base;
  });

  it('is off without the option or with steps 0, and refused for the class target', () => {
    expect(plain.refreshTraining).to.equal(undefined);
    expect(loadDataset(cfg({ every: 10, steps: 0 }), context()).refreshTraining).to.equal(undefined);
    expect(() => loadDataset(cfg({ every: 10, steps: 1 }, { target: 'class' }), context())).to.throw(/feedbackTraining needs data.target "value"/);
    expect(() => loadDataset(cfg({ every: 10, steps: 1 }, { features: ['dewPoint', 'pollution'] }), context())).to.throw(/"pollution" as the first/);
  });

  it('keeps the training windows first and adds one per (window, depth) whose label lies before the holdout', () => {
    expect(fed).to.be.instanceOf(FeedbackTrainingSplit);
    expect(base.size).to.equal(plain.train.size);
    // The last d training windows have no depth-d window: its label would be a validation label.
    expect(fed.size).to.equal(4 * base.size - (1 + 2 + 3));
    expect(set.info.feedbackTraining).to.deep.equal({ every: 2, steps: 3, addedWindows: 3 * base.size - 6 });
    const lastLabel = base.labelRow(base.size - 1);
    for (let i = 0; i < fed.slotOrigin.length; i++) expect(base.labelRow(fed.slotOrigin[i]) + fed.slotDepth[i]).to.be.at.most(lastLabel);
    const ids = [0, 17, base.size - 1];
    expect(gatherAll(fed, ids)).to.deep.equal(gatherAll(plain.train, ids));
  });

  it('repeats true windows until the first roll-out, which comes at epoch `every`, not at epoch 0', () => {
    const fresh = loadDataset(cfg({ every: 2, steps: 3 }), context()).train as FeedbackTrainingSplit;
    const o = 1234;
    for (let d = 1; d <= 3; d++) expect(gatherAll(fresh, [slot(fresh, o, d)])).to.deep.equal(gatherAll(base, [o + d]));
    const net = randomNet(3);
    expect(fresh.refresh(net, 0)).to.equal(false);
    expect(fresh.refresh(net, 1)).to.equal(false);
    expect(fresh.refreshes).to.equal(0);
    expect(fresh.refresh(net, 2)).to.equal(true);
    expect(fresh.refreshes).to.equal(1);
  });

  it('feeds the rolled-out predictions back as pollution at the rows after the origin window, other inputs and the label unchanged', () => {
    fed.refresh(echoNet(), 2);
    const n = N_IN;
    for (const o of [0, 500, base.size - 10]) {
      const s = base.starts[o];
      const now = base.series[(s + T - 1) * n];
      for (let d = 1; d <= 3; d++) {
        const { x, y } = gatherAll(fed, [slot(fed, o, d)]);
        const truth = gatherAll(base, [o + d]);
        expect(y[0]).to.equal(truth.y[0]); // the true pollution of the next hour
        for (let t = 0; t < T; t++) {
          const row = s + d + t;
          for (let j = 1; j < n; j++) expect(x[t * n + j]).to.equal(truth.x[t * n + j]);
          // Persistence net: every prediction is the origin's last true pollution.
          if (row >= s + T) expect(x[t * n]).to.be.closeTo(now, 1e-6);
          else expect(x[t * n]).to.equal(truth.x[t * n]);
        }
      }
    }
  });

  it('stores the horizon roll-out: the added window at depth d is the input of forecast step d + 1', () => {
    const net = randomNet(7);
    fed.refresh(net, 4);
    const check = new Rnn(netSpec);
    check.params.flat.set(net.params.flat);
    for (const o of [3, 999, 20_000]) {
      const K = 3;
      const ids = [o, slot(fed, o, 1), slot(fed, o, 2)];
      const { x } = gatherAll(fed, ids);
      check.forwardBatch(x, ids.length);
      const a = check.output(T - 1);
      for (let k = 0; k < K; k++) expect(a[k]).to.be.closeTo(fed.preds[o * K + k], 1e-12);
    }
  });

  it('is deterministic: the same net gives the same added windows', () => {
    const again = loadDataset(cfg({ every: 2, steps: 3 }), context()).train as FeedbackTrainingSplit;
    const net = randomNet(7);
    fed.refresh(net, 2);
    again.refresh(net, 2);
    expect(again.preds).to.deep.equal(fed.preds);
    const ids = [5, base.size + 5, fed.size - 1];
    expect(gatherAll(again, ids)).to.deep.equal(gatherAll(fed, ids));
  });

  it('runs in the pipeline with a fixed training size, bit-identical twice', async () => {
    const doc = {
      name: 'feedback-run', seed: 1,
      data: { name: 'pm25', timesteps: 2, target: 'value', horizons: [1, 2], validation: { method: 'holdout', size: 500 }, feedbackTraining: { every: 1, steps: 1 } },
      model: { netType: 'regression', outputMode: 'last', hiddenSize: 2 },
      train: { eta: 0.01, optimizer: 'adam', batchSize: 4096, maxEpochs: 2 },
      sinks: [],
    };
    const first = await runCollecting(doc);
    const second = await runCollecting(doc);
    const start = first.events.find((e) => e.type === 'start');
    const trainWindows = 35_064 - 2 - 500;
    expect(start?.type === 'start' && start.trainSamples).to.equal(2 * trainWindows - 1);
    expect(first.summary.horizons!.final.validation['2h'].r2).to.equal(second.summary.horizons!.final.validation['2h'].r2);
    expect(first.summary.horizons!.final.validation['2h'].r2).to.be.a('number');
  });
});
