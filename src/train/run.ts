/**
 * A run as one RxJS graph that reads as the training story:
 *
 *   start, init checkpoint                 (or, resuming: restore the TrainingState, resume)
 *   epochs → seeded shuffle → batches → forward → backward → update → step events,
 *            and at each check: evaluate → eval event, best checkpoint, stop conditions;
 *            at each check and every saveStateEvery seconds: a TrainingState (state event)
 *   (interrupted: a last TrainingState), last check, final checkpoint, test metrics, summary, end
 *
 * The stream is cold until subscribed and shared by every sink (runWithSinks).
 */
import { codeVersion } from '../core/code-version.js';
import { experimentIdentity } from '../config/identity.js';
import { catchError, concat, concatMap, defer, of, type Observable } from 'rxjs';
import type { RunEvent } from '../events/run-event.js';
import { batchesPerEpochOf, trainingBatches } from './batches.js';
import { backward, forward, update } from './operators.js';
import { CheckpointPolicy } from './checkpoint-policy.js';
import { EpochShuffle } from './shuffle.js';
import { encodeStateFile, restore, snapshot, type TrainingState } from './training-state.js';
import { eventsAfterBatch, type LiveRun, type PruneAtCheck } from './after-batch.js';
import { RunProgress } from './progress.js';
import { finishEvents } from './finish.js';
import { setupRun, type RunSetup } from './setup.js';
import type { Experiment, ExperimentSource } from '../config/types.js';

export interface RunOptions {
  /** Where this run's files go (sinks write there); the runner itself writes nothing. */
  runDir: string;
  /** Aborting ends training after the current batch: an interrupted checkpoint, then the summary. */
  signal?: AbortSignal;
  /** How often the loop yields to the event loop (ms); default 50. */
  yieldEveryMs?: number;
  /** Aborted when a file of the run cannot be written: training ends as failed, its reason the abort's. */
  fault?: AbortSignal;
  /** Continue from this saved state (rnnflow resume) instead of starting. */
  resumeFrom?: TrainingState;
  /** A sweep's pruner, asked after every validation check (see app/sweep/prune.ts). */
  pruneAtCheck?: PruneAtCheck;
}

/** Iterations between validation checks: train.checkpointEvery epochs, at least one iteration. */
export function checkInterval(setup: RunSetup): number {
  const { batchSize, checkpointEvery } = setup.experiment.train;
  return Math.max(1, Math.round(checkpointEvery * batchesPerEpochOf(setup.data.train, batchSize)));
}

/** The live parts of a prepared run before its first batch: policy, progress, shuffle. */
export function liveRun(setup: RunSetup, pruneAtCheck?: PruneAtCheck): LiveRun {
  const { experiment: { seed, train }, data, net } = setup;
  return {
    setup, policy: new CheckpointPolicy(net.params, train), progress: new RunProgress(batchesPerEpochOf(data.train, train.batchSize)),
    shuffle: new EpochShuffle(seed, data.train.size), checkIterations: checkInterval(setup), pruneAtCheck,
  };
}

/** Takes a TrainingState when one is due (at every check, every saveStateEvery seconds, or when asked) as a state event. */
function stateSaver(run: LiveRun): (force: boolean) => RunEvent[] {
  const everyMs = (run.setup.experiment.train.saveStateEvery ?? 30) * 1000;
  // Written into every state file, for resume to compare with the folder's experiment and its own engine.
  const stamp = { experimentId: experimentIdentity(run.setup.experiment), codeVersion: codeVersion() };
  let lastIteration = run.progress.iteration;
  let lastAt = performance.now();
  return (force) => {
    const { progress } = run;
    const due = force || progress.lastCheckIteration === progress.iteration || performance.now() - lastAt >= everyMs;
    if (!due || progress.iteration === lastIteration) return [];
    lastIteration = progress.iteration;
    lastAt = performance.now();
    const content = encodeStateFile({
      experiment: run.setup.experiment.name, ...stamp, savedAt: new Date().toISOString(), state: snapshot(run),
    });
    return [{ type: 'state', epoch: progress.epoch, iteration: progress.iteration, content }];
  };
}

/** The events of a prepared run (see prepareRun). Subscribe once. */
export function trainingEvents(setup: RunSetup, options: RunOptions): Observable<RunEvent> {
  return defer(() => {
    const { experiment, data, net, trainer, evaluator, etaAt } = setup;
    const { train } = experiment;
    const startedAt = performance.now();
    const run = liveRun(setup, options.pruneAtCheck);
    const { progress } = run;
    const { iterationsPerEpoch } = progress;
    if (options.resumeFrom) restore(run, options.resumeFrom);
    const saveState = stateSaver(run);
    // Checked before each batch: a signal that arrives during the last batch leaves a completed run.
    const shouldStop = () => {
      if (options.fault?.aborted) progress.end({ status: 'failed', reason: `a file of the run could not be written: ${String(options.fault.reason)}` });
      if (options.signal?.aborted) progress.end({ status: 'interrupted', reason: 'interrupted by a signal (Ctrl-C or SIGTERM)' });
      return progress.ending !== null;
    };

    const facts = {
      name: experiment.name, runDir: options.runDir, seed: experiment.seed, experiment, codeVersion: codeVersion(),
      dataInfo: data.info, trainSamples: data.train.size, iterationsPerEpoch, maxEpochs: train.maxEpochs, time: Date.now(),
    };
    const start: RunEvent[] = options.resumeFrom
      ? [{ type: 'resume', ...facts, epoch: progress.epoch, iteration: progress.iteration }]
      : [{ type: 'start', ...facts }, { type: 'checkpoint', kind: 'init', epoch: 0, iteration: 0, params: net.params.clone() }];
    const training = trainingBatches({
      split: data.train, batchSize: train.batchSize, maxEpochs: train.maxEpochs, shuffle: run.shuffle,
      startIteration: progress.iteration, yieldEveryMs: options.yieldEveryMs, shouldStop,
      beforeEpoch: (epoch) => data.refreshTraining?.(evaluator.netWith(net.params), epoch),
    }).pipe(
      forward(trainer),
      backward(trainer),
      update(trainer, etaAt),
      concatMap((batch) => {
        const events = eventsAfterBatch(run, batch);
        return progress.ending?.status === 'diverged' ? events : [...events, ...saveState(false)];
      }),
      // A failure inside training (a broken worker, a bug) still ends the run in order: the best
      // checkpoint so far is kept, and the finish stage writes a summary with status failed.
      catchError((err: Error) => {
        const reason = `training failed at iteration ${progress.iteration + 1}: ${err.message}`;
        progress.end({ status: 'failed', reason });
        return of<RunEvent>({ type: 'message', level: 'error', text: reason });
      }),
    );
    // An interrupted run saves where it stands before the finish stage's last check changes the policy.
    const interruptedState = defer(() => progress.ending?.status === 'interrupted' ? saveState(true) : []);
    const finish = defer(() => finishEvents(run, options.runDir, startedAt));
    return concat(of(...start), training, interruptedState, finish);
  });
}

/** Loads the data and builds the net: every user error surfaces here, before training. */
export function prepareRun(experiment: Experiment, source: ExperimentSource): RunSetup {
  return setupRun(experiment, source);
}

/** prepareRun + trainingEvents, deferred until subscription. */
export function runExperiment(experiment: Experiment, source: ExperimentSource, options: RunOptions): Observable<RunEvent> {
  return defer(() => trainingEvents(prepareRun(experiment, source), options));
}
