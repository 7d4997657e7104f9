/**
 * One trial, run to its summary: what every worker thread does, and what the in-process executor
 * does for tests. Errors come back as values, so a trial's failure (a bad value, a crash) is one
 * trial's outcome and never the sweep's.
 */
import { Writable } from 'node:stream';
import type { MessagePort } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import { executeRun } from '../execute.js';
import { resumeRun } from '../resume.js';
import { readSummary, runFiles, STATE_FILE } from '../../run-folder/index.js';
import { runSinks, type Sink } from '../../sinks/index.js';
import { UserError } from '../../core/errors.js';
import type { Experiment, ExperimentSource, SinkConfig } from '../../config/types.js';
import type { RunSummary } from '../../events/run-event.js';
import type { TrialProgress } from '../../events/sweep-event.js';
import type { PruneAtCheck } from '../../train/after-batch.js';
import { pruneReason, readCheckSeries, type PruneInstruction } from '../search/index.js';
import { packRunDir, type PackedFiles } from './run-folder-pack.js';

export interface TrialTask {
  id: string;
  experiment: Experiment;
  source: ExperimentSource;
  /** The trial's own run directory (the sweep's trials/<id>/). */
  runDir: string;
  /** Shared between the sweep and every worker: non-zero asks running trials to stop (Ctrl-C). */
  stop: Int32Array;
  /** The sweep's pruning rule and the earlier batches' curves; the trial decides at its own checks. */
  prune?: PruneInstruction;
  /** Where TrialProgress messages (and SavedState ones, with shipState) go, when someone watches. */
  progress?: MessagePort;
  /**
   * Send the run folder as of each saved training state (at most once a second) on `progress`: a
   * queue worker keeps it in Redis, so another machine can continue the trial if this one dies.
   */
  shipState?: boolean;
}

/** The trial's run folder as of a saved state, packed on the trial's thread (packing a folder would block a queue worker's lock renewals). */
export interface SavedState {
  kind: 'state';
  iteration: number;
  files: PackedFiles;
}

export type TrialTaskResult =
  | { ok: true; summary: RunSummary }
  /** user: a UserError (message only); otherwise a crash, with its stack. */
  | { ok: false; error: string; user: boolean };

export type { TrialProgress } from '../../events/sweep-event.js';

/** How often a trial looks at the stop flag; the training loop yields every ~50 ms, so this is the delay of Ctrl-C. */
const POLL_MS = 100;
/** Progress is sent at most this often (a queue worker forwards each message to Redis). */
const PROGRESS_MS = 1000;
/**
 * Saved states are shipped at most this often (each is the whole run folder, gzipped), and never
 * more often than keeps packing under 1/SHIP_COST_SHARE of the trial's time: a run with a large
 * events.jsonl ships less often rather than spend its time gzipping.
 */
const SHIP_MS = 1000;
const SHIP_COST_SHARE = 20;

/** The experiment's sinks without the live console (the sweep has its own view). */
export function trialSinks(experiment: Experiment): SinkConfig[] {
  return runSinks(experiment.sinks).filter((s) => s !== 'console');
}

export async function runTrialTask(task: TrialTask): Promise<TrialTaskResult> {
  const controller = new AbortController();
  const poll = setInterval(() => {
    if (Atomics.load(task.stop, 0) !== 0) controller.abort();
  }, POLL_MS);
  try {
    // The pruner reads the trial's earlier checks from its folder when the first check comes: after a
    // resume has cut the folder back to the saved state, so no check is counted twice.
    let inner: PruneAtCheck | undefined;
    const pruneAtCheck: PruneAtCheck | undefined = task.prune ? (metrics, epoch) => (inner ??= pruner(task)!)(metrics, epoch) : undefined;
    const extraSinks = task.progress ? [progressSink(task.progress, task.experiment.train.maxEpochs)] : [];
    if (task.progress && task.shipState) extraSinks.push(stateShipper(task.progress, task.runDir));
    const options = { signal: controller.signal, sinks: trialSinks(task.experiment), out: discard(), plain: true, pruneAtCheck, extraSinks };
    // A trial that was interrupted or killed part way (sweep --resume) continues from its own state.
    const { summary } = canResume(task.runDir)
      ? await resumeRun(task.runDir, options)
      : await executeRun(task.experiment, task.source, { ...options, outDir: task.runDir });
    return { ok: true, summary };
  } catch (e) {
    if (e instanceof UserError) return { ok: false, error: e.message, user: true };
    return { ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e), user: false };
  } finally {
    clearInterval(poll);
  }
}

/** The trial's side of pruning: its own checks so far (a resumed trial's are read back from its folder) → the rule. */
function pruner(task: TrialTask): PruneAtCheck | undefined {
  const { prune } = task;
  if (!prune) return undefined;
  const field = prune.rule.metric.slice('validation.'.length) as 'loss' | 'accuracy' | 'r2';
  const checks = readCheckSeries(task.runDir, prune.rule.metric);
  return (metrics, epoch) => {
    checks.push({ epoch, value: metrics[field] ?? NaN });
    return pruneReason(prune, prune.self, checks);
  };
}

/**
 * Posts the trial's progress on `port`, at most once a second (the latest wins): the epoch moves with
 * every step (a long epoch shows its fraction), losses and the validation metric at each check.
 */
function progressSink(port: MessagePort, maxEpochs: number): Sink {
  const latest: TrialProgress = { epoch: 0, maxEpochs };
  let sentAt = 0;
  let unsent = false;
  return {
    name: 'progress',
    next(e) {
      if (e.type === 'step') latest.epoch = e.epoch;
      else if (e.type === 'epoch') Object.assign(latest, { epoch: e.epoch, trainLoss: e.trainLoss });
      else if (e.type === 'eval' && e.split === 'validation') {
        Object.assign(latest, { epoch: e.epoch, validationLoss: e.metrics.loss });
        const name = e.metrics.accuracy !== undefined ? 'accuracy' : e.metrics.r2 !== undefined ? 'r2' : undefined;
        if (name) Object.assign(latest, { metricName: name, metric: e.metrics[name] });
      } else return;
      unsent = true;
      const now = Date.now();
      if (now - sentAt < PROGRESS_MS) return;
      sentAt = now;
      unsent = false;
      port.postMessage({ ...latest });
    },
    async close() {
      // The last position too (a short or pruned trial may end within its first second).
      if (unsent) port.postMessage({ ...latest });
      port.close();
    },
  };
}

/**
 * Packs the run folder at a state event, at most once every SHIP_MS or SHIP_COST_SHARE times the last
 * pack's duration, whichever is longer (the first at once). It runs
 * before the state sink writes state/last.json, so the event's own content stands in for that file;
 * events.jsonl and metrics.csv already hold the state's iteration (their sinks come first), and resume
 * cuts whatever follows it.
 */
function stateShipper(port: MessagePort, runDir: string): Sink {
  let sentAt = -Infinity;
  let gapMs = SHIP_MS;
  return {
    name: 'state-shipper',
    next(e) {
      if (e.type !== 'state' || performance.now() - sentAt < gapMs) return;
      sentAt = performance.now();
      const message: SavedState = { kind: 'state', iteration: e.iteration, files: packRunDir(runDir, { [STATE_FILE]: e.content }) };
      gapMs = Math.max(SHIP_MS, SHIP_COST_SHARE * (performance.now() - sentAt));
      port.postMessage(message);
    },
    async close() {},
  };
}

/** A saved state and no summary of a finished run: the trial stopped part way. */
export function canResume(runDir: string): boolean {
  if (!existsSync(runFiles(runDir).state)) return false;
  const status = readSummary(runDir)?.status;
  return status === undefined || status === 'interrupted' || status === 'running';
}

function discard(): Writable {
  return new Writable({ write: (_chunk, _enc, done) => done() });
}
