/**
 * One sweep folder → the sweep view. A sweep in progress has no results.json yet, so the trials are
 * read one by one: trials.json lists them all, trials/<id>/outcome.json says how a finished one ended
 * (with the sweep's metric), a trial folder without an outcome is running, no folder is pending.
 * A pruning sweep (sweep.json's `prune`) also gives each trial's pruning metric at every check, from
 * its metrics.csv, and the rungs (asha) the trials were compared at.
 */
import { existsSync } from 'node:fs';
import { ashaBudgets } from '../search/index.js';
import { isObject, numberAt, objectAt, stringAt, type Json } from './folder-files.js';
import { readChecks, type Check } from './metrics-csv.js';
import { readOutcomeFile, readResultsFile, readSweepSpecFile, readTrialsFile, RESULTS_FILE, RunFolderError, SWEEP_FILE, TRIALS_FILE, trialFolder, type TrialList } from '../../run-folder/index.js';
import { experimentOf, readRunRow, type RunRow } from './run-reader.js';
import { bestTrialCommands } from '../sweep-best-trial.js';
import { displayPath } from '../../core/paths.js';

export interface TrialRow {
  trial: string;
  index?: number;
  params: Record<string, Json>;
  /** pending | running | done | failed | interrupted (the sweep's outcome), see run for the run's own. */
  status: string;
  /** How a done trial's run ended: completed, early-stopped or pruned. */
  runStatus?: string;
  /** Why the run stopped (a pruned trial: the rung and the comparison). */
  reason?: string;
  metric?: number;
  rank?: number;
  /** The trial's run folder, when it has started. */
  run?: RunRow;
  error?: string;
  /** A pruning sweep: [epoch, the pruning metric] at each validation check. */
  checks?: Check[];
}

/** What sweep.json's `prune` says, with the asha rungs worked out (epochs; the last is the end of training). */
export interface PruneInfo { method: string; metric: string; goal?: string; rungs?: number[]; after?: number }

export interface SweepRow {
  id: string;
  name: string;
  description?: string;
  metric?: string;
  goal?: string;
  total: number;
  done: number;
  best?: { trial: string; metric?: number };
  start?: number;
  /** Done trials that were pruned. */
  pruned: number;
  prune?: PruneInfo;
  /** Why the sweep's files cannot be shown (a damaged file, a trial id leading out of the folder). */
  error?: string;
}

export interface SweepDetail extends SweepRow {
  parameters: string[];
  trials: TrialRow[];
  /** The best trial's folder (as the sweep's table prints it) and the commands that take it onward. */
  next?: { folder: string; commands: string[] };
}

export function isSweepFolder(names: Set<string>): boolean {
  return names.has(TRIALS_FILE) || names.has(SWEEP_FILE) || names.has(RESULTS_FILE);
}

/**
 * The sweep as the board shows it. Its files go through run-folder/sweep-files.ts: a damaged one, or
 * a trial id that is not one (`../../x/run`), shows the sweep with the reason and no trials.
 */
export function readSweepDetail(dir: string, id: string): SweepDetail {
  try {
    return sweepDetail(dir, id);
  } catch (e) {
    if (!(e instanceof RunFolderError)) throw e;
    return { id, name: dir.split('/').slice(-2).join('/'), total: 0, done: 0, pruned: 0, error: e.message, parameters: [], trials: [] };
  }
}

function sweepDetail(dir: string, id: string): SweepDetail {
  const resultsFile = readResultsFile(dir);
  const spec = (readSweepSpecFile(dir) ?? resultsFile) as Json | undefined;
  const planned = trialsOf(readTrialsFile(dir));
  const results = trialsOf(resultsFile);
  const rankOf = new Map(results.map((r) => [stringAt(r, 'id'), numberAt(r, 'rank')]));
  const listed = planned.length ? planned : results;
  const prune = pruneInfo(objectAt(spec, 'prune'));
  const trials = listed.map((t): TrialRow => {
    const trial = stringAt(t, 'id')!; // checked by the reader
    const runDir = trialFolder(dir, trial);
    const outcome = readOutcomeFile(dir, trial) as Json | undefined;
    const started = existsSync(runDir);
    const run = started ? readRunRow(runDir, `${id}/trials/${trial}`, id) : undefined;
    const status = stringAt(outcome, 'status') ?? (started ? 'running' : stringAt(t, 'error') ? 'invalid' : 'pending');
    return {
      trial,
      index: numberAt(t, 'index'),
      params: objectAt(t, 'params') ?? {},
      status,
      runStatus: status === 'done' ? (stringAt(outcome, 'runStatus') ?? run?.status) : undefined,
      reason: stringAt(objectAt(outcome, 'summary'), 'reason') ?? run?.reason,
      metric: numberAt(outcome, 'metric'),
      rank: rankOf.get(trial),
      run,
      error: stringAt(outcome, 'error') ?? stringAt(t, 'error'),
      checks: prune && started ? readChecks(runDir, prune.metric) : undefined,
    };
  });
  const goal = stringAt(spec, 'goal');
  const best = bestTrial(trials, goal, stringAt(resultsFile as Json | undefined, 'best'));
  const parameters = objectArray(spec, 'parameters').map((p) => stringAt(p, 'path')).filter((p): p is string => !!p);
  const bestDir = best && trialFolder(dir, best.trial);
  const next = bestDir && existsSync(bestDir)
    ? { folder: displayPath(bestDir), commands: bestTrialCommands(displayPath(bestDir), stringAt(objectAt(experimentOf(bestDir), 'data'), 'name')) }
    : undefined;
  return {
    id,
    name: stringAt(spec, 'name') ?? dir.split('/').slice(-2).join('/'),
    description: stringAt(spec, 'description'),
    metric: stringAt(spec, 'metric'),
    goal,
    total: trials.length,
    done: trials.filter((t) => t.status === 'done').length,
    pruned: trials.filter((t) => t.runStatus === 'pruned').length,
    prune,
    best,
    start: earliest(trials.map((t) => t.run?.start)),
    parameters: parameters.length ? parameters : [...new Set(trials.flatMap((t) => Object.keys(t.params)))],
    trials,
    ...(next ? { next } : {}),
  };
}

export function sweepRow(detail: SweepDetail): SweepRow {
  const { parameters: _p, trials: _t, next: _n, ...row } = detail;
  return row;
}

function pruneInfo(p: Json | undefined): PruneInfo | undefined {
  const method = stringAt(p, 'method');
  const metric = stringAt(p, 'metric');
  if (!method || !metric) return undefined;
  const info: PruneInfo = { method, metric, goal: stringAt(p, 'goal') };
  const [min, max, reduction] = ['minEpochs', 'maxEpochs', 'reduction'].map((k) => numberAt(p, k));
  if ((method === 'asha' || method === 'hyperband') && min !== undefined && max !== undefined && reduction !== undefined) {
    try {
      info.rungs = ashaBudgets(min, max, reduction);
    } catch {
      // a sweep.json this version cannot read: no rungs drawn
    }
  }
  if (method === 'median') info.after = numberAt(p, 'after');
  return info;
}

function earliest(times: (number | undefined)[]): number | undefined {
  const known = times.filter((t): t is number => t !== undefined);
  return known.length ? Math.min(...known) : undefined;
}

function objectArray(o: Json | undefined, key: string): Json[] {
  const v = isObject(o) ? o[key] : undefined;
  return Array.isArray(v) ? v.filter(isObject) : [];
}

function trialsOf(list: TrialList | undefined): Json[] {
  return (list?.trials ?? []) as Json[];
}

/** results.json's best when written; while running, the best metric so far. */
function bestTrial(trials: TrialRow[], goal: string | undefined, written: string | undefined): SweepRow['best'] {
  if (written) return { trial: written, metric: trials.find((t) => t.trial === written)?.metric };
  const sign = goal === 'max' ? -1 : 1;
  let best: TrialRow | undefined;
  for (const t of trials) {
    if (t.status !== 'done' || t.metric === undefined) continue;
    if (!best || sign * t.metric < sign * best.metric!) best = t;
  }
  return best ? { trial: best.trial, metric: best.metric } : undefined;
}
