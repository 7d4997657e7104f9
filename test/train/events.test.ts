import { expect } from 'chai';
import { marble, runCollecting } from '../helpers/run.js';

const echo = (train: Record<string, unknown>) => ({
  name: 'events', seed: 4,
  data: { name: 'echo', trainSamples: 6, validationSamples: 4, testSamples: 4 },
  model: { netType: 'regression', outputMode: 'last', hiddenSize: 2 },
  train: { eta: 0.1, ...train },
  sinks: ['summary'],
});

describe('the training graph emits events in the documented order', () => {
  it('two epochs of three batches, checked every epoch', async () => {
    const { events } = await runCollecting(echo({ batchSize: 2, maxEpochs: 2 }));
    // The best checkpoint follows an eval only when validation loss went down: the pattern allows both.
    expect(marble(events)).to.match(new RegExp('^start checkpoint:init ' +
      '(step step step eval:validation (checkpoint:best )?epoch state ){2}' +
      'checkpoint:final eval:test end$'));
    expect(marble(events)).to.contain('eval:validation checkpoint:best');
  });

  it('every event counts epochs completed: iteration / iterationsPerEpoch', async () => {
    const { events } = await runCollecting(echo({ batchSize: 2, maxEpochs: 2, checkpointEvery: 0.5 }));
    const epochsOf = (type: string) => events.flatMap((e) => e.type === type && 'epoch' in e ? [e.epoch] : []);
    expect(epochsOf('step')).to.deep.equal([1 / 3, 2 / 3, 1, 4 / 3, 5 / 3, 2]);
    // checks every round(0.5 · 3) = 2 iterations, then the test evaluation at the end
    expect(epochsOf('eval')).to.deep.equal([2 / 3, 4 / 3, 2, 2]);
    expect(epochsOf('epoch')).to.deep.equal([1, 2]);
  });

  it('never evaluates validation twice at the same iteration, whether or not the last check improved', async () => {
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const { events } = await runCollecting({ ...echo({ batchSize: 2, maxEpochs: 4, eta: 0.5 }), seed });
      const checks = events.filter((e) => e.type === 'eval' && e.split === 'validation').map((e) => e.type === 'eval' && e.iteration);
      expect(new Set(checks).size, `seed ${seed}`).to.equal(checks.length);
      expect(checks).to.deep.equal([3, 6, 9, 12]);
    }
  });

  it('checkpointEvery 0.5 checks twice an epoch; a last partial batch is its own step', async () => {
    const { events } = await runCollecting(echo({ batchSize: 4, maxEpochs: 1, checkpointEvery: 0.5 }));
    // 6 samples in batches of 4 → 2 iterations (4 + 2 rows); a check every round(0.5·2) = 1 iteration.
    expect(marble(events)).to.match(/^start checkpoint:init step eval:validation (checkpoint:best )?state step eval:validation (checkpoint:best )?epoch state checkpoint:final eval:test end$/);
    const steps = events.filter((e) => e.type === 'step');
    expect(steps.map((s) => s.type === 'step' && s.rows)).to.deep.equal([4, 2]);
  });

  it('a stop condition ends the stream after its check, then finishes normally', async () => {
    const { events, summary } = await runCollecting({
      name: 'stop', seed: 1, data: { name: 'minus' },
      model: { netType: 'binary', outputMode: 'each', hiddenSize: 4, bias: false },
      train: { eta: 0.1, batchSize: 1, maxEpochs: 100, stopAtValidationAccuracy: 1 }, sinks: [],
    });
    expect(summary.status).to.equal('early-stopped');
    expect(summary.reason).to.match(/validation accuracy 1 reached/);
    expect(summary.metrics.test.accuracy).to.equal(1);
    expect(marble(events)).to.match(/eval:validation (checkpoint:best )?epoch state checkpoint:final eval:test end$/);
    expect(summary.epochs).to.be.below(100);
  });

  it('a diverging run ends as diverged, keeps a best checkpoint and names the iteration and the fix', async () => {
    const { events, summary } = await runCollecting(echo({ batchSize: 1, maxEpochs: 50, eta: 90 }));
    expect(summary.status).to.equal('diverged');
    expect(summary.reason).to.match(/at iteration \d+ .*try a smaller train\.eta than 90/);
    const kinds = events.filter((e) => e.type === 'checkpoint').map((e) => e.type === 'checkpoint' && e.kind);
    expect(kinds).to.include('best');
    expect(kinds).not.to.include('final');
  });
});
