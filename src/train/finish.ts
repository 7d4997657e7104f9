/**
 * The end of a run, after the last batch: a last validation check if the last batch was not one,
 * the final (or interrupted) checkpoint, then the summary: validation and test metrics with the
 * final and the best parameters, the dataset's baseline and horizon metrics, and the end event.
 */
import type { HorizonSplits } from '../data/types.js';
import type { CheckpointPolicy } from './checkpoint-policy.js';
import type { RunProgress } from './after-batch.js';
import type { RunEvent, RunStatus, RunSummary, SplitMetrics } from '../events/run-event.js';
import type { RunSetup } from './setup.js';

export function finishEvents(
  setup: RunSetup, policy: CheckpointPolicy, progress: RunProgress, interrupted: boolean, runDir: string, startedAt: number,
): RunEvent[] {
  const { net, data, evaluator, experiment } = setup;
  const events: RunEvent[] = [];
  const diverged = progress.stop?.status === 'diverged';
  const at = { epoch: progress.epochsDone, iteration: progress.iterations };

  // Make sure a best checkpoint exists: a last check with the current parameters (unless the last
  // batch was a check already), or, when training diverged before any check, with the initial ones.
  if (!diverged && progress.lastCheckIteration !== progress.iterations) {
    const metrics = evaluator.run(net, data.validation);
    events.push({ type: 'eval', split: 'validation', ...at, metrics });
    if (policy.observe(metrics, net.params, at.epoch, at.iteration)) {
      events.push({ type: 'checkpoint', kind: 'best', ...at, params: policy.best.params.clone(), validationLoss: metrics.loss });
    }
  }
  if (!Number.isFinite(policy.best.validationLoss)) {
    const final = net.params.clone();
    net.params.copyFrom(policy.best.params);
    const metrics = evaluator.run(net, data.validation);
    net.params.copyFrom(final);
    policy.best.validationLoss = metrics.loss;
    events.push({ type: 'checkpoint', kind: 'best', epoch: 0, iteration: 0, params: policy.best.params.clone(), validationLoss: metrics.loss });
  }

  if (diverged) {
    events.push({ type: 'message', level: 'error', text: `diverged: ${progress.stop!.reason}. The best checkpoint is kept; there is no final one.` });
  } else {
    events.push({ type: 'checkpoint', kind: interrupted ? 'interrupted' : 'final', ...at, params: net.params.clone() });
  }

  const finalParams = net.params.clone();
  const splitMetrics = (): SplitMetrics => ({ validation: evaluator.run(net, data.validation), test: evaluator.run(net, data.test) });
  // A diverged net has non-finite parameters: its "final" metrics are the best parameters' ones.
  if (diverged) net.params.copyFrom(policy.best.params);
  const metrics = splitMetrics();
  const bySplit = (f: typeof data.horizonMetrics): HorizonSplits | undefined => f
    ? { validation: f.call(data, net, 'validation'), test: f.call(data, net, 'test') } : undefined;
  const horizonsFinal = bySplit(data.horizonMetrics);
  const pooledFinal = bySplit(data.pooledMetrics);
  net.params.copyFrom(policy.best.params);
  const bestParams = splitMetrics();
  const horizonsBest = bySplit(data.horizonMetrics);
  const pooledBest = bySplit(data.pooledMetrics);
  net.params.copyFrom(finalParams);

  events.push({ type: 'eval', split: 'test', ...at, metrics: metrics.test });
  const status: RunStatus = interrupted ? 'interrupted' : progress.stop?.status ?? 'completed';
  const reason = interrupted ? 'interrupted by a signal (Ctrl-C or SIGTERM)'
    : progress.stop?.reason ?? `reached train.maxEpochs (${experiment.train.maxEpochs})`;
  const summary: RunSummary = {
    name: experiment.name, status, seed: experiment.seed,
    epochs: progress.epochsDone, iterations: progress.iterations,
    seconds: (performance.now() - startedAt) / 1000, reason,
    metrics, bestParams,
    best: { epoch: policy.best.epoch, iteration: policy.best.iteration, validationLoss: policy.best.validationLoss },
    ...(data.baseline ? { baseline: data.baseline } : {}),
    ...(horizonsFinal && horizonsBest ? { horizons: { final: horizonsFinal, bestParams: horizonsBest } } : {}),
    ...(pooledFinal && pooledBest ? { pooled: { final: pooledFinal, bestParams: pooledBest } } : {}),
    runDir,
  };
  events.push({ type: 'end', status, summary });
  return events;
}
