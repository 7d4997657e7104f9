/**
 * A finished sweep's folder read back as its trials, ranked as results.json ranks them (the sweep's
 * own metric and goal), so that `predict`, `eval`, `export`, `loadRun()` given a sweep folder take
 * its best trial and `rnnflow runs <sweep>` lists the trials best first. results.json is untrusted
 * input: a trial id must name a folder inside the sweep's trials/ (after symlinks), else refused.
 */
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { UserError } from '../core/errors.js';

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
  return existsSync(join(dir, 'sweep.json')) && existsSync(join(dir, 'trials.json'));
}

/** trials/<id> of the sweep, refused unless it resolves inside the sweep folder. */
export function trialDirInside(sweepDir: string, id: unknown): string {
  const file = join(sweepDir, 'results.json');
  if (typeof id !== 'string' || id === '' || id.length > 200) throw new UserError(`${file}: a trial id is not a short string (${JSON.stringify(id)?.slice(0, 80)}); the file was changed by hand — run \`rnnflow sweep --resume ${sweepDir}\` to write it again.`);
  const dir = join(sweepDir, 'trials', id);
  const root = realpathSync(sweepDir);
  const real = existsSync(dir) ? realpathSync(dir) : resolve(root, 'trials', id);
  const rel = relative(root, real);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) {
    throw new UserError(`${file}: trial "${id}" points outside the sweep folder (${real}); refused. The file was changed by hand — run \`rnnflow sweep --resume ${sweepDir}\` to write it again.`);
  }
  return dir;
}

/** results.json's ranking; a sweep without one (still running, or stopped before its end) is refused with how to finish it. */
export function readSweepRanking(sweepDir: string): SweepRanking {
  const file = join(sweepDir, 'results.json');
  if (!existsSync(file)) throw new UserError(`${sweepDir}: the sweep has no results.json yet (it is running, or stopped before its end); \`rnnflow sweep --resume ${sweepDir}\` finishes it.`);
  let raw: { metric?: unknown; goal?: unknown; best?: unknown; trials?: unknown };
  try {
    raw = JSON.parse(readFileSync(file, 'utf8')) as typeof raw;
  } catch (e) {
    throw new UserError(`${file}: not valid JSON (${(e as Error).message}); \`rnnflow sweep --resume ${sweepDir}\` writes it again.`);
  }
  if (typeof raw.metric !== 'string' || (raw.goal !== 'min' && raw.goal !== 'max') || !Array.isArray(raw.trials) || raw.trials.length > 100_000) {
    throw new UserError(`${file}: not a sweep's results (metric, goal and trials expected); \`rnnflow sweep --resume ${sweepDir}\` writes it again.`);
  }
  const trials = (raw.trials as { id?: unknown; rank?: unknown; metric?: unknown }[]).map((t) => ({
    id: String(t.id), dir: trialDirInside(sweepDir, t.id),
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
  const dir = trialDirInside(sweepDir, best.id);
  const value = best.metric === undefined ? '' : ` ${Number(best.metric.toPrecision(4))}`;
  return { dir, id: best.id, line: `using the sweep's best trial ${best.id} (${metricWords(ranking.metric)}${value}, ${ranking.goal === 'max' ? 'highest' : 'lowest'} wins): ${dir}` };
}

/** `validation.accuracy` → `validation accuracy`; an expression stays as written. */
function metricWords(metric: string): string {
  return /^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$/.test(metric) ? metric.replace(/\./g, ' ') : metric;
}
