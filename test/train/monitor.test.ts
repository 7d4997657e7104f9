/**
 * train.monitor: the monitored metric picks the best parameters and drives patience. The policy is
 * held against a readable reference over random check sequences, and the run against its own
 * validation events; the default (no monitor) keeps the lowest validation loss, as before it existed.
 */
import { expect } from 'chai';
import { Random } from '../../src/core/random.js';
import { CheckpointPolicy } from '../../src/train/checkpoint-policy.js';
import { ParamSet } from '../../src/model/params.js';
import type { Monitor } from '../../src/config/monitor.js';
import type { Metrics } from '../../src/model/metrics.js';
import type { RunEvent } from '../../src/events/run-event.js';
import { summaryLines } from '../../src/sinks/console.js';
import { runCollecting } from '../helpers/run.js';

/** The reference: the first check strictly better than every earlier kept one by more than minDelta. */
function referenceBest(checks: Metrics[], monitor: Monitor, minDelta: number): { index: number; sinceBest: number[] } {
  const key = monitor.metric.split('.')[1] as 'loss' | 'accuracy' | 'r2';
  let index = -1;
  let bestValue = monitor.mode === 'min' ? Infinity : -Infinity;
  let since = 0;
  const sinceBest: number[] = [];
  checks.forEach((m, i) => {
    const v = m[key]!;
    const better = monitor.mode === 'min' ? v < bestValue - minDelta : v > bestValue + minDelta;
    if (Number.isFinite(m.loss) && better) {
      index = i;
      bestValue = v;
      since = 0;
    } else {
      since++;
    }
    sinceBest.push(since);
  });
  return { index, sinceBest };
}

const params = () => new ParamSet({ netType: 'binary', outputMode: 'each', inputSize: 2, hiddenSize: 2, outputSize: 1, timesteps: 4, bias: false });

describe('train.monitor: the monitored metric', () => {
  it('keeps the check a readable reference keeps and counts patience the same, for loss, accuracy and R², with and without minDelta', () => {
    const rng = new Random(3, 'monitor-test');
    const monitors: Monitor[] = [
      { metric: 'validation.loss', mode: 'min' }, { metric: 'validation.accuracy', mode: 'max' },
      { metric: 'validation.r2', mode: 'max' }, { metric: 'validation.accuracy', mode: 'min' },
    ];
    for (let trial = 0; trial < 200; trial++) {
      const monitor = monitors[trial % monitors.length];
      const minDelta = trial % 3 === 0 ? 0 : 0.01;
      // Few distinct values, so ties occur; now and then a non-finite loss.
      const checks: Metrics[] = Array.from({ length: 12 }, () => ({
        loss: rng.uniform() < 0.05 ? NaN : rng.int(0, 20) / 20, accuracy: rng.int(0, 10) / 10, r2: rng.int(-5, 10) / 10, samples: 10,
      }));
      const want = referenceBest(checks, monitor, minDelta);
      const live = params();
      const policy = new CheckpointPolicy(live, { monitor, minDelta, patience: 1000 });
      checks.forEach((m, i) => {
        live.flat[0] = i;
        policy.observe(m, live, i + 1, (i + 1) * 10);
        expect((policy.state() as { checksWithoutImprovement: number }).checksWithoutImprovement).to.equal(want.sinceBest[i]);
      });
      if (want.index < 0) {
        expect(policy.hasBest, `trial ${trial}`).to.equal(false);
      } else {
        expect(policy.best.iteration, `trial ${trial}`).to.equal((want.index + 1) * 10);
        expect(policy.best.params.flat[0]).to.equal(want.index);
        expect(policy.best.validationLoss).to.equal(checks[want.index].loss);
      }
    }
  });

  it('patience names what it waited on; a state saved before train.monitor (no value) resumes on the loss', () => {
    const live = params();
    const policy = new CheckpointPolicy(live, { monitor: { metric: 'validation.accuracy', mode: 'max' }, minDelta: 0, patience: 2 });
    for (const accuracy of [0.5, 0.5, 0.4]) policy.observe({ loss: 1, accuracy, samples: 1 }, live, 1, 1);
    expect(policy.stopReason({ loss: 1, accuracy: 0.4, samples: 1 })).to.equal('no higher validation accuracy for 2 checks in a row (train.patience, train.monitor)');
    const byLoss = new CheckpointPolicy(live, { minDelta: 0, patience: 1 });
    byLoss.observe({ loss: 1, samples: 1 }, live, 1, 1);
    byLoss.observe({ loss: 1, samples: 1 }, live, 2, 2);
    expect(byLoss.stopReason({ loss: 1, samples: 1 })).to.equal('no lower validation loss for 1 checks in a row (train.patience)');

    const old = new CheckpointPolicy(live, { minDelta: 0 });
    const { value: _value, ...before } = byLoss.state().best;
    old.restore({ best: before, checksWithoutImprovement: 0 });
    expect(old.best.value).to.equal(1);
    expect(old.observe({ loss: 1, samples: 1 }, live, 3, 3)).to.equal(false);
    expect(old.observe({ loss: 0.9, samples: 1 }, live, 4, 4)).to.equal(true);
  });

  describe('in a run: binary subtraction at eta 0.2, seed 7 (final accuracy 1, the lowest loss earlier)', () => {
    const minus = (train: object) => ({
      name: 'minus-monitor', seed: 7, data: { name: 'minus' },
      model: { netType: 'binary', outputMode: 'each', hiddenSize: 4, bias: false, init: 'book' },
      train: { eta: 0.2, batchSize: 1, maxEpochs: 100, stopAtValidationAccuracy: 1, ...train }, sinks: [],
    });
    const checks = (events: RunEvent[]) => events.flatMap((e) => (e.type === 'eval' && e.split === 'validation' ? [e] : []));

    it('by default the best is the lowest validation loss, and the summary says the final parameters are better on accuracy', async () => {
      const { events, summary } = await runCollecting(minus({}));
      const evals = checks(events);
      const lowest = evals.reduce((a, e) => (e.metrics.loss < a.metrics.loss ? e : a));
      expect(summary.best).to.include({ iteration: lowest.iteration, validationLoss: lowest.metrics.loss, metric: 'validation.loss', mode: 'min', value: lowest.metrics.loss });
      expect(summary.metrics.validation.accuracy).to.equal(1);
      expect(summary.bestParams.validation.accuracy).to.be.below(1);
      const lines = summaryLines(summary);
      expect(lines).to.include(`  best: lowest validation loss, at iteration ${lowest.iteration} (epoch ${lowest.epoch.toFixed(2)})`);
      expect(lines.filter((l) => l.includes('final beats best on validation accuracy'))).to.deep.equal([
        `  final beats best on validation accuracy (1.0000 > ${summary.bestParams.validation.accuracy!.toFixed(4)}): --params final`,
      ]);
    });

    it('monitoring validation accuracy (max) keeps the first check with the highest accuracy: the solved net', async () => {
      const { events, summary } = await runCollecting(minus({ monitor: { metric: 'validation.accuracy', mode: 'max' } }));
      const evals = checks(events);
      const highest = evals.reduce((a, e) => (e.metrics.accuracy! > a.metrics.accuracy! ? e : a));
      expect(summary.best).to.include({ iteration: highest.iteration, metric: 'validation.accuracy', mode: 'max', value: 1 });
      expect(summary.bestParams.validation.accuracy).to.equal(1);
      expect(summary.bestParams.test.accuracy).to.equal(1);
      const lines = summaryLines(summary);
      expect(lines).to.include(`  best: highest validation accuracy, at iteration ${highest.iteration} (epoch ${highest.epoch.toFixed(2)})`);
      expect(lines.some((l) => l.includes('final beats best'))).to.equal(false);
      // Every best checkpoint event is a check that raised the accuracy.
      const bests = events.flatMap((e) => (e.type === 'checkpoint' && e.kind === 'best' ? [e.iteration] : []));
      const raised = evals.filter((e, i) => evals.slice(0, i).every((p) => p.metrics.accuracy! < e.metrics.accuracy!)).map((e) => e.iteration);
      expect(bests).to.deep.equal(raised);
    });
  });
});
