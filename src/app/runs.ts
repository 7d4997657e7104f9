/**
 * Finding runs: one resolver for every command that takes a run (eval, resume, predict, export,
 * report …), and the listing behind `rnnflow runs [dir]`. A run folder holds
 * experiment.resolved.json; its parent folder (runs/<name>/) means its latest run, by the UTC stamp
 * that starts each run folder's name; the command says which run it chose.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { UserError } from '../core/errors.js';
import { displayPath } from '../core/paths.js';
import { formatNumber } from '../sinks/format.js';
import { orUndefined, readSummary, runFiles } from '../run-folder/index.js';
import { bestTrial, isSweepDir } from './sweep-best-trial.js';

export interface RunListing {
  dir: string;
  name: string;
  /** The folder's name: `<UTC time>-seed<n>[-k]`. */
  id: string;
  /** summary.json's status; `running` when the run has no summary (still training, or its process died). */
  status: string;
  epochs?: number;
  /** When it started (UTC): the stamp its folder's name starts with, else when its experiment.resolved.json was written. */
  started?: Date;
  /** Validation and test metrics with the best parameters, when the run finished. */
  validation?: { loss?: number; accuracy?: number; r2?: number };
  test?: { loss?: number; accuracy?: number; r2?: number };
}

/** Statuses a run can be resumed from. */
const UNFINISHED = new Set(['running', 'interrupted']);

export function isRunDir(dir: string): boolean {
  return existsSync(runFiles(dir).experiment);
}

/** What summary.json says about a run folder (or `running` without one). */
export function describeRun(dir: string): RunListing {
  const id = basename(resolve(dir));
  const base: RunListing = { dir, name: basename(resolve(dir, '..')), id, status: 'running', started: startedAt(dir, id) };
  // A damaged summary lists as one not written yet: `rnnflow runs` shows what it can.
  const s = orUndefined(() => readSummary(dir));
  if (!s) return base;
  return { ...base, name: s.name ?? base.name, status: s.status, epochs: s.epochs ?? undefined, validation: s.bestParams?.validation, test: s.bestParams?.test };
}

/** `2026-11-27T09-00-00-seed1` → that UTC time; a folder named otherwise (--out): when the run wrote its experiment. */
function startedAt(dir: string, id: string): Date | undefined {
  const stamp = /^(\d{4}-\d\d-\d\d)T(\d\d)-(\d\d)-(\d\d)/.exec(id);
  if (stamp) return new Date(`${stamp[1]}T${stamp[2]}:${stamp[3]}:${stamp[4]}Z`);
  try {
    return statSync(runFiles(dir).experiment).mtime;
  } catch {
    return undefined;
  }
}

/** Run folders directly in `parent`, oldest first (by the stamp their names start with). */
export function runsIn(parent: string): string[] {
  if (!existsSync(parent) || !statSync(parent).isDirectory()) return [];
  return readdirSync(parent)
    .filter((name) => isRunDir(join(parent, name)))
    .sort(compareStamps)
    .map((name) => join(parent, name));
}

/** `2026-11-27T09-00-00-seed1-2` after `…-seed1`: by time, then the -n a second run in the same second got. */
function compareStamps(a: string, b: string): number {
  const key = (n: string): [string, number] => [n.slice(0, 19), Number(/-(\d+)$/.exec(n.slice(19).replace(/^-seed\d+/, ''))?.[1] ?? 1)];
  const [ta, na] = key(a);
  const [tb, nb] = key(b);
  if (ta !== tb) return ta < tb ? -1 : 1;
  return na !== nb ? na - nb : a < b ? -1 : a > b ? 1 : 0;
}

export interface ResolveOptions {
  /** The command, for messages: `eval`, `resume` … */
  command: string;
  /** resume: the latest run that has not finished. */
  unfinished?: boolean;
  /** Where "using …" goes (default stderr, so stdout stays the command's own output). */
  say?: (text: string) => void;
}

/**
 * A run folder from what the user typed: the run itself, its parent folder (then the latest run), or a
 * sweep folder (then its best trial), the choice said aloud. The one resolver of the CLI and loadRun().
 */
export function resolveRun(path: string, options: ResolveOptions): string {
  if (isRunDir(path)) return path;
  const say = options.say ?? ((t: string) => process.stderr.write(`${t}\n`));
  if (!options.unfinished && isSweepDir(path)) {
    // A sweep folder: its best trial, by the sweep's own metric and goal (results.json's ranking).
    const best = bestTrial(path);
    if (!isRunDir(best.dir)) throw new UserError(`rnnflow ${options.command}: ${path}: the best trial's folder ${best.dir} holds no run (no experiment.resolved.json); it was moved or deleted.`);
    say(`${options.command}: ${best.line.replace(best.dir, displayPath(resolve(best.dir)))}`);
    return best.dir;
  }
  if (!existsSync(path)) throw new UserError(`rnnflow ${options.command}: ${path} does not exist; give a run folder (runs/<name>/<run id>) or its parent (runs/<name>: the latest run). \`rnnflow runs\` lists them.`);
  let runs = runsIn(path);
  if (options.unfinished) runs = runs.filter((d) => UNFINISHED.has(describeRun(d).status));
  const chosen = runs.at(-1);
  if (!chosen) {
    const what = options.unfinished ? 'no unfinished run' : 'no run';
    throw new UserError(`rnnflow ${options.command}: ${path} is not a run folder (no experiment.resolved.json) and holds ${what}; give a run folder (runs/<name>/<run id>) or its parent. \`rnnflow runs ${path}\` lists what is there.`);
  }
  say(`${options.command}: using the latest${options.unfinished ? ' unfinished' : ''} run in ${displayPath(resolve(path))}: ${displayPath(resolve(chosen))}`);
  return chosen;
}

/** Every run folder under `root` (a run, runs/<name>/, runs/, or sweep trials, up to four levels down), oldest first per folder. */
export function findRuns(root: string, depth = 4): string[] {
  if (isRunDir(root)) return [root];
  if (depth === 0 || !existsSync(root) || !statSync(root).isDirectory()) return [];
  const here = runsIn(root);
  const deeper = readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !isRunDir(join(root, e.name)))
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((e) => findRuns(join(root, e.name), depth - 1));
  return [...here, ...deeper];
}

/**
 * `rnnflow runs [dir]`: one line per run with its status, start (UTC), and the headline metrics of its
 * best parameters on validation and test, small numbers in significant digits (4.700e-5, not 0.0000).
 */
export function formatRunList(runs: readonly RunListing[]): string {
  if (runs.length === 0) return 'no runs found';
  const cell = (v: number | undefined) => (v !== undefined && Number.isFinite(v) ? formatNumber(v) : '–');
  const header = ['run', 'status', 'started (UTC)', 'epochs', 'val acc/r2', 'test acc/r2', 'test loss'];
  // Folder names and statuses come from the disk: a control character (a terminal escape) is shown as ?.
  // eslint-disable-next-line no-control-regex
  const shown = (text: string) => text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
  const rows = runs.map((r) => [
    displayPath(resolve(r.dir)), r.status, r.started ? r.started.toISOString().slice(0, 16).replace('T', ' ') : '–',
    r.epochs !== undefined ? String(Number(r.epochs.toFixed(2))) : '–',
    cell(r.validation?.accuracy ?? r.validation?.r2), cell(r.test?.accuracy ?? r.test?.r2), cell(r.test?.loss),
  ].map(shown));
  const widths = header.map((h, j) => Math.max(h.length, ...rows.map((r) => r[j].length)));
  const line = (cells: string[]) => cells.map((c, j) => c.padEnd(widths[j])).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}
