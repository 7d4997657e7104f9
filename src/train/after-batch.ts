/**
 * What follows each trained batch, as events: the step; at every checkpoint interval the
 * evaluate stage (validation metrics) and the checkpoint policy (a best snapshot, stop conditions);
 * at the end of an epoch its timing. A non-finite loss ends the run as diverged.
 */
import type { CheckpointPolicy } from './checkpoint-policy.js';
import type { Batch } from './batches.js';
import type { RunEvent } from '../events/run-event.js';
import type { RunSetup } from './setup.js';

/** Mutable progress of a run, read by the batch source (to stop) and by the finish stage. */
export interface RunProgress {
  /** Set when training must end: why, and with which status. */
  stop: { status: 'stopped' | 'diverged' | 'failed'; reason: string } | null;
  /** Set when a signal (Ctrl-C, SIGTERM) ended training before its last batch. */
  interrupted: boolean;
  /** Iteration of the last validation check (0 before any). */
  lastCheckIteration: number;
  epochsDone: number;
  iterations: number;
  epochLossSum: number;
  epochSamples: number;
  epochStarted: number;
}

export function newProgress(): RunProgress {
  return { stop: null, interrupted: false, lastCheckIteration: 0, epochsDone: 0, iterations: 0, epochLossSum: 0, epochSamples: 0, epochStarted: performance.now() };
}

export function eventsAfterBatch(
  setup: RunSetup, policy: CheckpointPolicy, progress: RunProgress, checkIterations: number, batch: Batch,
): RunEvent[] {
  const { net, data, evaluator } = setup;
  const events: RunEvent[] = [];
  const loss = batch.lossSum / batch.rows;
  const epochAt = batch.epoch + batch.indexInEpoch / batch.batchesInEpoch;
  progress.iterations = batch.iteration;
  progress.epochsDone = epochAt;
  progress.epochLossSum += batch.lossSum;
  progress.epochSamples += batch.rows;
  events.push({ type: 'step', epoch: batch.epoch, iteration: batch.iteration, loss, eta: batch.eta, rows: batch.rows });

  if (!Number.isFinite(loss)) {
    progress.stop = {
      status: 'diverged',
      reason: `the training loss became ${loss} at iteration ${batch.iteration} (epoch ${batch.epoch + 1}); try a smaller train.eta than ${batch.eta}`,
    };
    return events;
  }

  if (batch.iteration % checkIterations === 0) {
    progress.lastCheckIteration = batch.iteration;
    const metrics = evaluator.run(net, data.validation);
    events.push({ type: 'eval', split: 'validation', epoch: epochAt, iteration: batch.iteration, metrics });
    if (policy.observe(metrics, net.params, epochAt, batch.iteration)) {
      events.push({
        type: 'checkpoint', kind: 'best', epoch: epochAt, iteration: batch.iteration,
        params: policy.best.params.clone(), validationLoss: metrics.loss,
      });
    }
    const reason = policy.stopReason(metrics);
    if (reason) progress.stop = { status: 'stopped', reason };
  }

  if (batch.indexInEpoch === batch.batchesInEpoch) {
    const seconds = (performance.now() - progress.epochStarted) / 1000;
    events.push({
      type: 'epoch', epoch: batch.epoch + 1, iteration: batch.iteration, seconds,
      samplesPerSecond: progress.epochSamples / seconds, trainLoss: progress.epochLossSum / progress.epochSamples,
    });
    progress.epochLossSum = 0;
    progress.epochSamples = 0;
    progress.epochStarted = performance.now();
  }
  return events;
}
