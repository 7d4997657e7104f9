/**
 * A sweep's folder, the only state a sweep has, so that --resume needs nothing else:
 *
 *   <outDir>/<name>/<start time>/
 *     sweep.json5          the sweep file as written
 *     sweep.json           the validated sweep
 *     trials.json          every trial: id, values, resolved experiment (or why it is invalid)
 *     trials/<id>/         the trial's run folder (events.jsonl, metrics.csv, params/, summary)
 *     trials/<id>/outcome.json   written atomically when the trial ends: done, failed or interrupted
 *     results.json, results.csv  written at the end (and again after a resume)
 */
import { writeFileAtomic } from '../../core/atomic-write.js';
import { createStampedDir } from '../../core/run-folder.js';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { OUTCOME_FILE, readOutcomeFile, readSweepSpecFile, readTrialsFile, SWEEP_FILE, sweepFiles, TRIALS_FILE, trialFolder } from '../../run-folder/index.js';
import { UserError } from '../../core/errors.js';
import type { ExperimentSource } from '../../config/types.js';
import type { SweepSpec } from './spec.js';
import type { TrialPlan } from './trials.js';

export const TRIALS_FORMAT = 'rnnflow-sweep-trials';

export type { OutcomeStatus, TrialOutcome } from '../../events/sweep-event.js';
import type { TrialOutcome } from '../../events/sweep-event.js';

export interface SweepState {
  dir: string;
  spec: SweepSpec;
  source: ExperimentSource;
  trials: TrialPlan[];
  /** The base experiment as parsed, from which tpe plans the trials of later batches. */
  baseDoc: object;
}

/** <outDir>/<name>/<UTC time>[-n]: sortable, never reused. */
/** A new sweep folder <outDir>/<name>/<start time>/, created now (see createStampedDir). */
export function newSweepDir(outDir: string, name: string): string {
  return createStampedDir(resolve(outDir, name));
}

/** trials/<id> (run-folder/sweep-files.ts: the id checked, the folder inside the sweep's). */
export function trialDir(sweepDir: string, id: string): string {
  return trialFolder(sweepDir, id);
}

/** Everything a resume needs, written before the first trial starts. */
export function saveSweepStart(state: SweepState, fileText: string): void {
  writeFileAtomic(join(state.dir, 'sweep.json5'), fileText);
  writeFileAtomic(join(state.dir, SWEEP_FILE), JSON.stringify(state.spec, null, 2) + '\n');
  saveTrials(state);
}

/** trials.json: every trial planned so far (a tpe sweep adds a batch at a time) and what plans more. */
export function saveTrials(state: SweepState): void {
  const saved = { format: TRIALS_FORMAT, version: 1, source: state.source, baseDoc: state.baseDoc, trials: state.trials };
  writeFileAtomic(join(state.dir, TRIALS_FILE), JSON.stringify(saved, null, 2) + '\n');
}

export function loadSweepState(dir: string): SweepState {
  const abs = resolve(dir);
  const files = [sweepFiles(abs).spec, sweepFiles(abs).trials];
  const missing = files.filter((f) => !existsSync(f));
  if (missing.length) {
    throw new UserError(`--resume ${dir}: not a sweep folder (no ${missing.map((f) => f.slice(abs.length + 1)).join(' or ')}). ` +
      'Give the folder a sweep printed when it started, e.g. runs/sweeps/pm25-hidden/2026-11-26T14-00-00.');
  }
  try {
    // Read by run-folder/sweep-files.ts: inside the folder, trial ids checked.
    const spec = readSweepSpecFile(abs) as unknown as SweepSpec;
    const saved = readTrialsFile(abs) as unknown as { format: string; version: number; source: ExperimentSource; trials: TrialPlan[]; baseDoc?: object };
    if (saved.format !== TRIALS_FORMAT || saved.version !== 1) throw new Error(`unknown format ${saved.format} ${saved.version}`);
    // Sweeps saved before tpe existed have no baseDoc; they never plan more trials, so none is needed.
    return { dir: abs, spec: { ...spec, startupTrials: spec.startupTrials ?? 10, batch: spec.batch ?? 4 }, source: saved.source, trials: saved.trials, baseDoc: saved.baseDoc ?? {} };
  } catch (e) {
    throw new UserError(`--resume ${dir}: the sweep's files cannot be read (${(e as Error).message}); start the sweep again instead.`);
  }
}

export function writeOutcome(sweepDir: string, outcome: TrialOutcome): void {
  writeFileAtomic(join(trialDir(sweepDir, outcome.id), OUTCOME_FILE), JSON.stringify(outcome, null, 2) + '\n');
}

/** The outcomes recorded so far; a trial without one never ended (it was interrupted hard, or never started). */
export function readOutcomes(sweepDir: string, trials: readonly TrialPlan[]): Map<string, TrialOutcome> {
  const out = new Map<string, TrialOutcome>();
  for (const t of trials) {
    try {
      const outcome = readOutcomeFile(sweepDir, t.id);
      if (outcome) out.set(t.id, outcome as unknown as TrialOutcome);
    } catch {
      // A torn file cannot happen with atomic writes; if it does, running the trial again is the safe answer.
    }
  }
  return out;
}
