/**
 * Reading a run folder back (eval, resume) and putting its files back to a saved TrainingState's
 * position before a resume: events.jsonl and metrics.csv are cut so that what happened after the
 * state is redone, never repeated; params/best.json is the state's best; what the interrupted or
 * killed process wrote at its end (summary, interrupted and final parameters, temp files) goes.
 */
import { existsSync, readdirSync, rmSync, statSync, truncateSync } from 'node:fs';
import { lockRunFolder } from '../core/run-lock.js';
import { dirname, join } from 'node:path';
import { UserError } from '../core/errors.js';
import type { Experiment, ExperimentSource } from '../config/types.js';
import { ParamSet } from '../model/params.js';
import { saveParams } from '../model/param-file.js';
import type { RnnSpec } from '../model/spec.js';
import type { TrainingState } from '../train/training-state.js';
import { cutMetricsRows, EventTail, readResolvedExperiment, type RunInfo, readRunInfo, RUN_FILES, runFiles } from '../run-folder/index.js';
import { validateExperiment } from './experiment-file.js';

/** The experiment a run folder was trained with, and where its data paths resolve from. */
export function readRunExperiment(runDir: string): { experiment: Experiment; source: ExperimentSource; runInfo: RunInfo } {
  const doc = readResolvedExperiment(runDir);
  if (!doc) throw new UserError(`${runDir}: not a run directory (no experiment.resolved.json there)`);
  const runInfo = readRunInfo(runDir);
  if (!runInfo) throw new UserError(`${runDir}: run.json is missing, so the experiment's folder (for its data paths) is unknown`);
  const source = { file: runFiles(runDir).experiment, baseDir: runInfo.source.baseDir, ...(runInfo.source.files ? { files: runInfo.source.files } : {}) };
  return { experiment: validateExperiment(doc, source), source, runInfo };
}

/**
 * events.jsonl: keeps every line up to the state line of `iteration` (the jsonl sink writes it just
 * before the state file), which also drops a torn last line left by a kill. Returns the bytes dropped.
 */
export function cutEvents(file: string, iteration: number): number {
  if (!existsSync(file)) return 0;
  const tail = new EventTail(file);
  let cut = -1;
  for (const { event, end } of tail.take()) if (event.type === 'state' && event.iteration === iteration) cut = end;
  if (cut < 0) {
    throw new UserError(`${file}: no state line for iteration ${iteration}, so the events of this run and its saved state disagree; ` +
      'the folder was changed by hand, or state/last.json comes from another run.');
  }
  const size = statSync(file).size;
  truncateSync(file, cut);
  return size - cut;
}

/** metrics.csv: keeps the header and the first `rows` rows (one per evaluation before the state). */
export function cutMetrics(file: string, rows: number): void {
  if (existsSync(file)) cutMetricsRows(file, rows);
}

/** Puts the params/ folder and the end-of-run files back to what they were at the state's position. */
export function resetRunFiles(runDir: string, experiment: Experiment, spec: RnnSpec, state: TrainingState): void {
  const files = runFiles(runDir);
  for (const dir of [runDir, files.params, dirname(files.state)]) {
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir)) if (f.endsWith('.tmp')) rmSync(join(dir, f), { force: true });
  }
  for (const f of [files.paramsOf('interrupted'), files.paramsOf('final'), files.summary]) rmSync(f, { force: true });
  // The finish stage of an interrupted run may have written a best from its extra last check.
  const { best } = state.policy;
  if (Number.isFinite(best.validationLoss)) {
    saveParams(files.paramsOf('best'), new ParamSet(spec, best.params.slice()), {
      kind: 'best', experiment: experiment.name, seed: experiment.seed, epoch: best.epoch, iteration: best.iteration, validationLoss: best.validationLoss,
    });
  } else {
    rmSync(files.paramsOf('best'), { force: true });
  }
}

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
