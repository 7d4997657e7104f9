/**
 * The names of what a run folder holds. Every writer (sinks, execute, the queue) and every reader
 * (board, resume, sweeps, predict, eval, export) takes them from here, so a file is renamed in one place.
 *
 *   experiment.resolved.json  the experiment as it ran (overrides applied, defaults filled)
 *   dataset.json              the dataset's facts (sizes, scales a prediction needs)
 *   run.json                  where it came from: source paths, node, code version, identity, data sha256
 *   events.jsonl              every event, one JSON line each, appended while it trains (event-line.ts)
 *   metrics.csv               one row per evaluation
 *   summary.json              the results, written at the end (RunSummary)
 *   params/<kind>.json        parameter sets: init, best, final, interrupted (model/param-file.ts)
 *   state/last.json           the latest TrainingState, for resume (train/training-state.ts)
 *   plots/                    learning curves as SVG
 */
import { join } from 'node:path';
import type { CheckpointKind } from '../events/run-event.js';

export const EXPERIMENT_FILE = 'experiment.resolved.json';
export const DATASET_FILE = 'dataset.json';
export const RUN_FILE = 'run.json';
export const EVENTS_FILE = 'events.jsonl';
export const METRICS_FILE = 'metrics.csv';
export const SUMMARY_FILE = 'summary.json';
export const PARAMS_DIR = 'params';
export const STATE_DIR = 'state';
/** Relative to the run folder. */
export const STATE_FILE = join(STATE_DIR, 'last.json');
export const PLOTS_DIR = 'plots';

/** What a run writes into its folder (and `exp --out D --overwrite` clears). */
export const RUN_FILES = [EXPERIMENT_FILE, DATASET_FILE, RUN_FILE, EVENTS_FILE, METRICS_FILE, SUMMARY_FILE, PARAMS_DIR, STATE_DIR, PLOTS_DIR] as const;

/** params/<name>.json relative to the run folder: a checkpoint kind, or the name a user chose (--params). */
export function paramsPath(name: CheckpointKind | string): string {
  return `${PARAMS_DIR}/${name}.json`;
}

/** A run folder's files by name, e.g. `runFiles(dir).events`. */
export function runFiles(runDir: string) {
  return {
    experiment: join(runDir, EXPERIMENT_FILE),
    dataset: join(runDir, DATASET_FILE),
    run: join(runDir, RUN_FILE),
    events: join(runDir, EVENTS_FILE),
    metrics: join(runDir, METRICS_FILE),
    summary: join(runDir, SUMMARY_FILE),
    params: join(runDir, PARAMS_DIR),
    state: join(runDir, STATE_FILE),
    plots: join(runDir, PLOTS_DIR),
    paramsOf: (name: string) => join(runDir, PARAMS_DIR, `${name}.json`),
  };
}
