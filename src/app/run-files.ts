/**
 * Reading a run folder back (eval, resume) and putting its files back to a saved TrainingState's
 * position before a resume: events.jsonl and metrics.csv are cut so that what happened after the
 * state is redone, never repeated; params/best.json is the state's best; what the interrupted or
 * killed process wrote at its end (summary, interrupted and final parameters, temp files) goes.
 */
import { existsSync, readdirSync, readFileSync, rmSync, truncateSync } from 'node:fs';
import { lockRunFolder } from '../core/run-lock.js';
import { join } from 'node:path';
import { UserError } from '../core/errors.js';
import type { Experiment, ExperimentSource } from '../config/types.js';
import { ParamSet } from '../model/params.js';
import { saveParams } from '../model/param-file.js';
import type { RnnSpec } from '../model/spec.js';
import type { TrainingState } from '../train/training-state.js';
import { validateExperiment } from './experiment-file.js';

/** The experiment a run folder was trained with, and where its data paths resolve from. */
export function readRunExperiment(runDir: string): { experiment: Experiment; source: ExperimentSource } {
  const resolvedFile = join(runDir, 'experiment.resolved.json');
  if (!existsSync(resolvedFile)) throw new UserError(`${runDir}: not a run directory (no experiment.resolved.json there)`);
  const runJson = join(runDir, 'run.json');
  if (!existsSync(runJson)) throw new UserError(`${runDir}: run.json is missing, so the experiment's folder (for its data paths) is unknown`);
  const runInfo = JSON.parse(readFileSync(runJson, 'utf8')) as { source: ExperimentSource };
  const source = { file: resolvedFile, baseDir: runInfo.source.baseDir, ...(runInfo.source.files ? { files: runInfo.source.files } : {}) };
  return { experiment: validateExperiment(JSON.parse(readFileSync(resolvedFile, 'utf8')), source), source };
}

/** Byte length of the first `count` lines of text (with their newlines), or -1 when it has fewer complete lines. */
function linesBytes(text: string, count: number): number {
  let at = 0;
  for (let i = 0; i < count; i++) {
    const nl = text.indexOf('\n', at);
    if (nl < 0) return -1;
    at = nl + 1;
  }
  return Buffer.byteLength(text.slice(0, at));
}

/**
 * events.jsonl: keeps every line up to the state line of `iteration` (the jsonl sink writes it just
 * before the state file), which also drops a torn last line left by a kill. Returns the lines dropped.
 */
export function cutEvents(file: string, iteration: number): number {
  if (!existsSync(file)) return 0;
  const text = readFileSync(file, 'utf8');
  const lines = text.split('\n');
  const marker = `{"type":"state","epoch":`;
  for (let i = lines.length - 1; i >= 0; i--) {
    if (!lines[i].startsWith(marker)) continue;
    let record: { iteration?: number };
    try { record = JSON.parse(lines[i]) as { iteration?: number }; } catch { continue; }
    if (record.iteration !== iteration) continue;
    truncateSync(file, linesBytes(text, i + 1));
    return lines.length - 1 - i - (text.endsWith('\n') ? 1 : 0);
  }
  throw new UserError(`${file}: no state line for iteration ${iteration}, so the events of this run and its saved state disagree; ` +
    'the folder was changed by hand, or state/last.json comes from another run.');
}

/** metrics.csv: keeps the header and the first `rows` rows (one per evaluation before the state). */
export function cutMetrics(file: string, rows: number): void {
  if (!existsSync(file)) return;
  const bytes = linesBytes(readFileSync(file, 'utf8'), 1 + rows);
  if (bytes < 0) throw new UserError(`${file}: fewer than the ${rows} rows the saved state has evaluated; the file was changed after the run.`);
  truncateSync(file, bytes);
}

/** Puts the params/ folder and the end-of-run files back to what they were at the state's position. */
export function resetRunFiles(runDir: string, experiment: Experiment, spec: RnnSpec, state: TrainingState): void {
  const params = join(runDir, 'params');
  for (const dir of [runDir, params, join(runDir, 'state')]) {
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir)) if (f.endsWith('.tmp')) rmSync(join(dir, f), { force: true });
  }
  for (const f of [join(params, 'interrupted.json'), join(params, 'final.json'), join(runDir, 'summary.json')]) rmSync(f, { force: true });
  // The finish stage of an interrupted run may have written a best from its extra last check.
  const { best } = state.policy;
  if (Number.isFinite(best.validationLoss)) {
    saveParams(join(params, 'best.json'), new ParamSet(spec, best.params.slice()), {
      kind: 'best', experiment: experiment.name, seed: experiment.seed, epoch: best.epoch, iteration: best.iteration, validationLoss: best.validationLoss,
    });
  } else {
    rmSync(join(params, 'best.json'), { force: true });
  }
}

/** What a run writes into its folder (and `--overwrite` clears). */
const RUN_FILES = ['experiment.resolved.json', 'dataset.json', 'run.json', 'events.jsonl', 'metrics.csv', 'summary.json', 'params', 'state', 'plots'];

/**
 * `exp --out D` into a folder that holds another run refuses (its old files would mix with the new
 * run's: a stale params/final.json would be reported as the new run's), unless overwrite clears them.
 */
export function claimOutDir(dir: string, overwrite: boolean): void {
  if (!existsSync(dir)) return;
  const found = RUN_FILES.filter((f) => existsSync(join(dir, f)));
  if (found.length === 0) return;
  lockRunFolder(dir)(); // first: a live process writing there is the more useful refusal
  if (!overwrite) {
    throw new UserError(`${dir}: holds another run (${found.join(', ')}); choose another --out, or add --overwrite to replace that run (rnnflow resume continues it).`);
  }
  for (const f of found) rmSync(join(dir, f), { recursive: true, force: true });
}
