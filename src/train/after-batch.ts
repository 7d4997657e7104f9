/**
 * What follows each trained batch, as events: the step; at every checkpoint interval the
 * evaluate stage (validation metrics) and the checkpoint policy (a best snapshot, stop conditions);
 * at the end of an epoch its timing. A non-finite loss ends the run as diverged.
 */
import type { CheckpointPolicy } from './checkpoint-policy.js';
import type { Batch } from './batches.js';
import type { RunEvent, SplitName } from '../events/run-event.js';
import type { Metrics } from '../model/metrics.js';
import type { RunProgress } from './progress.js';
import type { RunSetup } from './setup.js';
import type { EpochShuffle } from './shuffle.js';

/** The live parts of a run that the stages after the source share. */
export interface LiveRun {
  setup: RunSetup;
  policy: CheckpointPolicy;
  progress: RunProgress;
  /** Each epoch's data order. */
  shuffle: EpochShuffle;
  /** Iterations between validation checks. */
  checkIterations: number;
  /** A sweep's pruner (RunOptions.pruneAtCheck). */
  pruneAtCheck?: PruneAtCheck;
}

/** Asked after each validation check during training: a reason to stop the run as `pruned`, or null. */
export type PruneAtCheck = (metrics: Metrics, epoch: number) => string | null;

/** An eval event at the current position, counted (metrics.csv gets one row per eval). */
export function evalEvent(run: LiveRun, split: SplitName, metrics: Metrics): RunEvent {
  run.progress.evaluated();
  return { type: 'eval', split, epoch: run.progress.epoch, iteration: run.progress.iteration, metrics };
}

/**
 * Validates the live parameters, lets the policy keep them as best, and returns the events. The stop
 * conditions apply to checks during training, not to the finish stage's last check.
 */
export function validationCheck(run: LiveRun, stopConditions = true): RunEvent[] {
  const { setup: { net, data, evaluator }, policy, progress } = run;
  progress.checked();
  const metrics = evaluator.run(net.params, data.validation);
  const events = [evalEvent(run, 'validation', metrics)];
  const at = { epoch: progress.epoch, iteration: progress.iteration };
  if (policy.observe(metrics, net.params, at.epoch, at.iteration)) {
    events.push({ type: 'checkpoint', kind: 'best', ...at, params: policy.best.params.clone(), validationLoss: metrics.loss });
  }
  const reason = stopConditions ? policy.stopReason(metrics) : null;
  const pruned = stopConditions && !reason ? run.pruneAtCheck?.(metrics, at.epoch) ?? null : null;
  if (reason) progress.end({ status: 'early-stopped', reason });
  else if (pruned) progress.end({ status: 'pruned', reason: pruned });
  return events;
}

export function eventsAfterBatch(run: LiveRun, batch: Batch): RunEvent[] {
  const { progress } = run;
  const loss = batch.lossSum / batch.rows;
  const epochEnded = progress.batchDone(batch.iteration, batch.lossSum, batch.rows);
  const events: RunEvent[] = [{ type: 'step', epoch: progress.epoch, iteration: batch.iteration, loss, eta: batch.eta, rows: batch.rows }];

  if (!Number.isFinite(loss)) {
    progress.end({
      status: 'diverged',
      reason: `the training loss became ${loss} at iteration ${batch.iteration} (epoch ${batch.epoch + 1}); try a smaller train.eta than ${batch.eta}`,
    });
    return events;
  }
  if (batch.iteration % run.checkIterations === 0) events.push(...validationCheck(run));
  if (epochEnded) events.push({ type: 'epoch', epoch: progress.epoch, iteration: batch.iteration, ...progress.epochDone() });
  return events;
}
