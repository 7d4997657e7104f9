/**
 * A finished sweep's folder read back as its trials, ranked as results.json ranks them (the sweep's
 * own metric and goal), so that `predict`, `eval`, `export`, `loadRun()` given a sweep folder take
 * its best trial and `rnnflow runs <sweep>` lists the trials best first. results.json is untrusted
 * input, read by run-folder/sweep-files.ts: a trial id must be a trial id naming a folder inside the
 * sweep's trials/ (after symlinks), else refused.
 */
import { existsSync } from 'node:fs';
import { UserError } from '../core/errors.js';
import { readResultsFile, RESULTS_FILE, sweepFiles, trialFolder } from '../run-folder/index.js';

export interface RankedTrial {
  id: string;
  /** 1 for the best; absent for a trial that did not finish (failed, interrupted). */
  rank?: number;
  metric?: number;
  /** The trial's run folder, checked to be inside the sweep folder. */
  dir: string;
}

export interface SweepRanking { dir: string; metric: string; goal: 'min' | 'max'; best?: string; trials: RankedTrial[] }

/** A sweep folder: what a sweep writes before its first trial (sweep.json, trials.json). */
export function isSweepDir(dir: string): boolean {
  const files = sweepFiles(dir);
  return existsSync(files.spec) && existsSync(files.trials);
}

/** results.json's ranking (read by run-folder/sweep-files.ts: trial ids checked); a sweep without one (still running, or stopped before its end) is refused with how to finish it. */
export function readSweepRanking(sweepDir: string): SweepRanking {
  const raw = readResultsFile(sweepDir);
  const file = sweepFiles(sweepDir).results;
  if (!raw) throw new UserError(`${sweepDir}: the sweep has no ${RESULTS_FILE} yet (it is running, or stopped before its end); \`rnnflow sweep --resume ${sweepDir}\` finishes it.`);
  if (typeof raw.metric !== 'string' || (raw.goal !== 'min' && raw.goal !== 'max')) {
    throw new UserError(`${file}: not a sweep's results (metric, goal and trials expected); \`rnnflow sweep --resume ${sweepDir}\` writes it again.`);
  }
  const trials = raw.trials.map((t) => ({
    id: t.id, dir: trialFolder(sweepDir, t.id, file),
    ...(typeof t.rank === 'number' ? { rank: t.rank } : {}), ...(typeof t.metric === 'number' ? { metric: t.metric } : {}),
  }));
  return { dir: sweepDir, metric: raw.metric, goal: raw.goal, ...(typeof raw.best === 'string' ? { best: raw.best } : {}), trials };
}

/** The best trial's folder and the line that says which it is; no finished trial is refused (exit 2). */
export function bestTrial(sweepDir: string): { dir: string; id: string; line: string } {
  const ranking = readSweepRanking(sweepDir);
  const best = ranking.best === undefined ? undefined : ranking.trials.find((t) => t.id === ranking.best);
  if (!best) {
    throw new UserError(`${sweepDir}: no trial of this sweep finished with its metric (${ranking.metric}), so it has no best trial; \`rnnflow runs ${sweepDir}\` shows what each trial did.`);
  }
  const dir = trialFolder(sweepDir, best.id);
  const value = best.metric === undefined ? '' : ` ${Number(best.metric.toPrecision(4))}`;
  return { dir, id: best.id, line: `using the sweep's best trial ${best.id} (${metricWords(ranking.metric)}${value}, ${ranking.goal === 'max' ? 'highest' : 'lowest'} wins): ${dir}` };
}

/** `validation.accuracy` → `validation accuracy`; an expression stays as written. */
function metricWords(metric: string): string {
  return /^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$/.test(metric) ? metric.replace(/\./g, ' ') : metric;
}

/**
 * The commands that take a sweep's winner onward, for its folder as the user would type it: the
 * sweep's final table and its board page show the same lines. dataName: the trial's data.name
 * (predict reads pm25, csv and sequences runs).
 */
export function bestTrialCommands(folder: string, dataName: string | undefined): string[] {
  return [
    `rnnflow eval ${folder}`,
    ...(dataName === 'pm25' || dataName === 'csv' ? [`rnnflow predict ${folder} --input rows.csv`] : []),
    ...(dataName === 'sequences' ? [`rnnflow predict ${folder} --text …`] : []),
    `rnnflow export ${folder} --out best.safetensors`,
    `rnnflow report ${folder} --out best.html`,
  ];
}
