/**
 * A sweep folder's files, read in one place (the board and report, `sweep --resume`, and the best
 * trial that predict, eval, export and `runs` take from a sweep):
 *
 *   sweep.json  trials.json  results.json  trials/<id>/ (a run folder)  trials/<id>/outcome.json
 *
 * The folder is untrusted input, as a run folder is: every trial id read from it must be a trial id
 * (TRIAL_ID, the pattern the queue's job schema checks), so `trials/<id>` is always a folder of this
 * sweep (`../../x/run` is refused by name), and every file is opened through folder-access.ts (its
 * real path inside the sweep folder, a regular file, size-capped). A damaged file is a RunFolderError
 * naming it; a missing one reads as undefined.
 */
import { join } from 'node:path';
import { fileInFolder, RunFolderError } from './folder-access.js';
import { readFolderObject } from './json-files.js';

export const SWEEP_FILE = 'sweep.json';
export const TRIALS_FILE = 'trials.json';
export const RESULTS_FILE = 'results.json';
export const OUTCOME_FILE = 'outcome.json';
export const TRIALS_DIR = 'trials';

/** A trial id (sweep/trials.ts trialId: 12 hex digits, or x and 11 for a point that makes an invalid experiment). */
export const TRIAL_ID = '^(?:[0-9a-f]{12}|x[0-9a-f]{11})$';
const TRIAL_ID_RE = new RegExp(TRIAL_ID);
/** More trials than any sweep plans (a grid of 100,000 points would take weeks). */
export const MAX_TRIALS = 100_000;

type JsonObject = Record<string, unknown>;

/** A trial as trials.json or results.json lists it: its id checked, its other fields as written (the caller checks those it uses). */
export type ListedTrial = JsonObject & { id: string };
export type TrialList = JsonObject & { trials: ListedTrial[] };

export function sweepFiles(sweepDir: string) {
  return { spec: join(sweepDir, SWEEP_FILE), trials: join(sweepDir, TRIALS_FILE), results: join(sweepDir, RESULTS_FILE) };
}

export function isTrialId(id: unknown): id is string {
  return typeof id === 'string' && TRIAL_ID_RE.test(id);
}

/** `trials/<id>` of the sweep; `file` is where the id was read (named in the error). */
export function trialFolder(sweepDir: string, id: unknown, file = sweepFiles(sweepDir).trials): string {
  if (!isTrialId(id)) {
    throw new RunFolderError(file, `${JSON.stringify(id)?.slice(0, 80) ?? String(id)} is not a trial id (12 hex digits, or x and 11); refused. The file was changed by hand: copy the sweep folder again.`);
  }
  const dir = join(sweepDir, TRIALS_DIR, id);
  fileInFolder(sweepDir, dir); // a trials/<id> that is a symlink leading out of the sweep
  return dir;
}

/** sweep.json (the validated sweep) as parsed; the caller reads the fields it needs. */
export function readSweepSpecFile(sweepDir: string): JsonObject | undefined {
  return readFolderObject(sweepDir, sweepFiles(sweepDir).spec, 'sweep file');
}

/** An object whose `trials` is a list of trials with checked ids. */
function trialList(sweepDir: string, file: string, what: string): TrialList | undefined {
  const o = readFolderObject(sweepDir, file, what);
  if (!o) return undefined;
  const trials = o.trials;
  if (!Array.isArray(trials)) throw new RunFolderError(file, `has no trials list; not a ${what}`);
  if (trials.length > MAX_TRIALS) throw new RunFolderError(file, `lists ${trials.length} trials, more than a sweep can have (${MAX_TRIALS}); refused`);
  trials.forEach((t, i) => {
    if (typeof t !== 'object' || t === null || Array.isArray(t)) throw new RunFolderError(file, `trial ${i} is not an object`);
    trialFolder(sweepDir, (t as JsonObject).id, `${file} (trial ${i})`);
  });
  return o as TrialList;
}

/** trials.json: every trial planned (id, index, params, the experiment or why it is invalid). */
export function readTrialsFile(sweepDir: string): TrialList | undefined {
  return trialList(sweepDir, sweepFiles(sweepDir).trials, 'sweep trials file');
}

/** results.json: the ranked trials (id, rank, metric) and `best`, written when the sweep ends. */
export function readResultsFile(sweepDir: string): TrialList | undefined {
  const file = sweepFiles(sweepDir).results;
  const results = trialList(sweepDir, file, 'sweep results file');
  if (results?.best !== undefined) trialFolder(sweepDir, results.best, `${file} (best)`);
  return results;
}

/** trials/<id>/outcome.json: how the trial ended; undefined while it has not. */
export function readOutcomeFile(sweepDir: string, id: string): JsonObject | undefined {
  return readFolderObject(sweepDir, join(trialFolder(sweepDir, id), OUTCOME_FILE), 'trial outcome');
}
