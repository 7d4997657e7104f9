/**
 * The end of a run, after the last batch: a last validation check if the last batch was not one,
 * the final (or interrupted) checkpoint, then the summary: validation and test metrics with the
 * final and the best parameters, the dataset's baseline and horizon metrics, and the end event.
 * Every evaluation names the parameters it uses; the live net is only read.
 */
import { codeVersion } from '../core/code-version.js';
import type { HorizonSplits } from '../data/types.js';
import type { ParamSet } from '../model/params.js';
import type { RunEvent, RunStatus, RunSummary, SplitMetrics } from '../events/run-event.js';
import { evalEvent, validationCheck, type LiveRun } from './after-batch.js';

export function finishEvents(run: LiveRun, runDir: string, startedAt: number): RunEvent[] {
  const { setup: { net, data, evaluator, experiment }, policy, progress } = run;
  const events: RunEvent[] = [];
  const ending = progress.ending;
  const diverged = ending?.status === 'diverged';
  const interrupted = ending?.status === 'interrupted';
  const at = { epoch: progress.epoch, iteration: progress.iteration };

  // Make sure a best checkpoint exists: a last check with the current parameters (unless the last
  // batch was a check already), or, when training diverged before any check, with the initial ones.
  if (!diverged && progress.lastCheckIteration !== progress.iteration) events.push(...validationCheck(run, false));
  if (!policy.hasBest) {
    policy.keep(policy.best.params, evaluator.run(policy.best.params, data.validation));
    events.push({ type: 'checkpoint', kind: 'best', epoch: 0, iteration: 0, params: policy.best.params.clone(), validationLoss: policy.best.validationLoss });
  }

  if (diverged) {
    events.push({ type: 'message', level: 'error', text: `diverged: ${ending.reason}. The best checkpoint is kept; there is no final one.` });
  } else {
    events.push({ type: 'checkpoint', kind: interrupted ? 'interrupted' : 'final', ...at, params: net.params.clone() });
  }

  const splitMetrics = (params: ParamSet): SplitMetrics =>
    ({ validation: evaluator.run(params, data.validation), test: evaluator.run(params, data.test) });
  const bySplit = (f: typeof data.horizonMetrics, params: ParamSet): HorizonSplits | undefined => f
    ? { validation: f.call(data, evaluator.netWith(params), 'validation'), test: f.call(data, evaluator.netWith(params), 'test') } : undefined;
  // A diverged net has non-finite parameters: its "final" metrics are the best parameters' ones.
  const reported = diverged ? policy.best.params : net.params;
  const metrics = splitMetrics(reported);
  const bestParams = splitMetrics(policy.best.params);
  const horizonsFinal = bySplit(data.horizonMetrics, reported);
  const pooledFinal = bySplit(data.pooledMetrics, reported);
  const horizonsBest = bySplit(data.horizonMetrics, policy.best.params);
  const pooledBest = bySplit(data.pooledMetrics, policy.best.params);

  events.push(evalEvent(run, 'test', metrics.test));
  const status: RunStatus = ending?.status ?? 'completed';
  const reason = ending?.reason ?? `reached train.maxEpochs (${experiment.train.maxEpochs})`;
  const summary: RunSummary = {
    name: experiment.name, status, seed: experiment.seed,
    epochs: at.epoch, iterations: at.iteration,
    seconds: (performance.now() - startedAt) / 1000, reason,
    metrics, bestParams,
    best: { epoch: policy.best.epoch, iteration: policy.best.iteration, validationLoss: policy.best.validationLoss, ...policy.monitor, value: policy.best.value },
    ...(data.baseline ? { baseline: data.baseline } : {}),
    ...(horizonsFinal && horizonsBest ? { horizons: { final: horizonsFinal, bestParams: horizonsBest } } : {}),
    ...(pooledFinal && pooledBest ? { pooled: { final: pooledFinal, bestParams: pooledBest } } : {}),
    runDir,
    codeVersion: codeVersion(),
  };
  events.push({ type: 'end', status, summary });
  return events;
}
