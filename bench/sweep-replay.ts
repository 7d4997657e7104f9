/**
 * npm run bench:replay -- <sweep file> --grid <finished grid sweep folder> [--seeds 1-20] [--set path=json5 …] [--keep DIR]
 *
 * A search and pruning setting measured over many seeds in seconds: the sweep file runs with each seed
 * on the real planner (tpe), the real pruning rule and the real results code, but every trial it asks
 * for is answered from the finished grid's trial of the same id (same configuration, same id, the same
 * bits: trials are deterministic), its events cut at the check where pruning stops it. Trial-epochs,
 * statuses and every decision are therefore those of a real run of that seed; test/bench/sweep-replay
 * checks this against real sweeps.
 *
 * What it cannot replay: a pruned trial's end-of-run evaluation (the grid never evaluated its best
 * parameters as of the stop). Its `bestParams.validation` is the grid's check at its lowest validation
 * loss so far (what the run's own best-parameter evaluation gives), and everything evaluated only at
 * the end (test, horizons, pooled) is missing, so a pruned trial has no metric when the sweep ranks on
 * those, and "best" counts the trials that had one.
 * `--set prune.minEpochs=12` (as the CLI's --set: JSON5 values, else text; `--set prune=null` removes a field) changes the sweep file
 * before each seed, to compare settings.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { runSweep } from '../src/app/sweep/index.js';
import { readJson5File } from '../src/config/load.js';
import { UserError } from '../src/core/errors.js';
import { applyOverrides, getByPath, parseOverride, type Override } from '../src/config/overrides.js';
import type { TrialExecutor, TrialInput } from '../src/app/run-pool/pool.js';
import type { TrialTaskResult } from '../src/app/run-pool/trial-task.js';
import { pruneReason, type CheckPoint } from '../src/app/search/index.js';
import type { RunSummary } from '../src/events/run-event.js';

/** What one replayed trial did: its grid trial's events up to where pruning stopped it. */
export function replayTrial(gridDir: string, task: TrialInput): TrialTaskResult {
  const source = path.join(gridDir, 'trials', task.id);
  if (!existsSync(path.join(source, 'summary.json'))) {
    return { ok: false, user: true, error: `trial ${task.id} (${JSON.stringify(task.experiment.model)}) is not a finished trial of the grid ${gridDir}: replay a sweep over the grid's own space` };
  }
  const summary = JSON.parse(readFileSync(path.join(source, 'summary.json'), 'utf8')) as RunSummary;
  const lines = readFileSync(path.join(source, 'events.jsonl'), 'utf8').split('\n').filter(Boolean);
  const field = task.prune?.rule.metric.slice('validation.'.length);
  const checks: CheckPoint[] = [];
  let best: { loss: number; metrics: Record<string, number> } | undefined;
  let kept = lines.length;
  let reason: string | null = null;
  for (let i = 0; i < lines.length && !reason; i++) {
    if (!lines[i].includes('"eval"')) continue;
    const e = JSON.parse(lines[i]) as { type: string; split: string; epoch: number; metrics: Record<string, number> };
    if (e.type !== 'eval' || e.split !== 'validation') continue;
    if (!best || e.metrics.loss < best.loss) best = { loss: e.metrics.loss, metrics: e.metrics };
    if (!task.prune || !field) continue;
    checks.push({ epoch: e.epoch, value: e.metrics[field] ?? NaN });
    reason = pruneReason(task.prune, task.prune.self, checks);
    if (reason) kept = i + 1;
  }
  mkdirSync(task.runDir, { recursive: true });
  writeFileSync(path.join(task.runDir, 'events.jsonl'), lines.slice(0, kept).join('\n') + '\n');
  if (!reason) return { ok: true, summary: { ...summary, runDir: task.runDir } };
  const stop = checks[checks.length - 1].epoch;
  // Only what the replay knows: no test split, no end-of-run evaluations (see the file's comment).
  const pruned = {
    ...summary, status: 'pruned', epochs: stop, reason, runDir: task.runDir,
    metrics: {}, bestParams: best ? { validation: best.metrics } : {}, horizons: undefined, pooled: undefined,
  } as unknown as RunSummary;
  return { ok: true, summary: pruned };
}

function replayExecutor(gridDir: string): TrialExecutor {
  return {
    capacity: 1,
    where: `replayed from ${gridDir}`,
    async run(task, hooks) {
      hooks?.started?.();
      return replayTrial(gridDir, task);
    },
    stop() {},
    async terminate() {},
    async close() {},
  };
}

/** The sweep document with the CLI's `--set` overrides applied (config/overrides.ts); a null value removes the field. */
function withOverrides(doc: Record<string, unknown>, overrides: readonly Override[]): Record<string, unknown> {
  const out = applyOverrides(doc, overrides.filter((o) => o.value !== null));
  for (const o of overrides.filter((o) => o.value === null)) {
    const parts = o.path.split('.');
    const parent = parts.length === 1 ? out : getByPath(out, parts.slice(0, -1).join('.'));
    if (parent && typeof parent === 'object') delete (parent as Record<string, unknown>)[parts[parts.length - 1]];
  }
  return out;
}

export interface ReplayResult {
  seed: number;
  best?: number;
  bestParams?: Record<string, unknown>;
  trials: number;
  pruned: number;
  trialEpochs: number;
}

interface Results {
  best?: string;
  goal: 'min' | 'max';
  trials: { id: string; status: string; runStatus?: string; metric?: number; params: Record<string, unknown> }[];
  compute: { trialEpochs: number };
}
const readResults = (dir: string) => JSON.parse(readFileSync(path.join(dir, 'results.json'), 'utf8')) as Results;

/** One seed of a sweep file, replayed against a grid folder; the sweep folder goes into `dir`. */
export async function replaySweep(file: string, gridDir: string, seed: number, overrides: readonly Override[], dir: string): Promise<ReplayResult> {
  const doc = withOverrides(readJson5File(file, 'sweep file') as Record<string, unknown>, overrides);
  doc.seed = seed;
  doc.base = path.resolve(path.dirname(file), String(doc.base));
  delete doc.$schema;
  mkdirSync(dir, { recursive: true });
  const copy = path.join(dir, path.basename(file));
  writeFileSync(copy, JSON.stringify(doc, null, 2));
  const quiet = new Writable({ write: (_c, _e, done) => done() });
  await runSweep(copy, { dir: path.join(dir, 'sweep'), executor: () => replayExecutor(gridDir), out: quiet, plain: true, parallel: 1 });
  const results = readResults(path.join(dir, 'sweep'));
  const best = results.trials.find((t) => t.id === results.best);
  return {
    seed,
    best: best?.metric,
    bestParams: best && { ...best.params, status: best.runStatus },
    trials: results.trials.length,
    pruned: results.trials.filter((t) => t.runStatus === 'pruned').length,
    trialEpochs: results.compute.trialEpochs,
  };
}

function seedList(text: string): number[] {
  return text.split(',').flatMap((part) => {
    const [a, b] = part.split('-').map(Number);
    return b === undefined ? [a] : Array.from({ length: b - a + 1 }, (_, i) => a + i);
  });
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const opt = (name: string) => { const i = argv.indexOf(name); return i >= 0 ? argv[i + 1] : undefined; };
  const file = argv[0];
  const gridDir = opt('--grid');
  if (!file || file.startsWith('--') || !gridDir) {
    console.error('usage: npm run bench:replay -- <sweep file> --grid <finished grid sweep folder> [--seeds 1-20] [--set path=json5 …] [--keep DIR]');
    process.exit(2);
  }
  const overrides = argv.flatMap((a, i) => (a === '--set' ? [parseOverride(argv[i + 1] ?? '')] : []));
  if (!existsSync(path.join(gridDir, 'results.json'))) {
    console.error(`bench:replay: ${gridDir} has no results.json: --grid takes the folder of a finished grid sweep over the same space (runs/sweeps/<name>/<start time>)`);
    process.exit(2);
  }
  const grid = readResults(gridDir);
  const gridBest = grid.trials.find((t) => t.id === grid.best)?.metric;
  const keep = opt('--keep');
  const root = keep ?? mkdtempSync(path.join(os.tmpdir(), 'rnnflow-replay-'));
  const rows: ReplayResult[] = [];
  console.log(`${file}${overrides.length ? ` with ${overrides.map((o) => `${o.path}=${JSON.stringify(o.value)}`).join(', ')}` : ''}, replayed from ${gridDir} (grid best ${gridBest}, ${grid.compute.trialEpochs} trial-epochs)`);
  for (const seed of seedList(opt('--seeds') ?? '1-20')) {
    const r = await replaySweep(file, gridDir, seed, overrides, path.join(root, `seed-${seed}`));
    rows.push(r);
    console.log(`seed ${seed}: best ${r.best ?? '—'} ${JSON.stringify(r.bestParams ?? {})}, ${r.trials} trials (${r.pruned} pruned), ${r.trialEpochs} trial-epochs`);
  }
  if (!keep) rmSync(root, { recursive: true, force: true });
  const sign = grid.goal === 'min' ? -1 : 1;
  const reached = gridBest === undefined ? 0 : rows.filter((r) => r.best !== undefined && sign * (r.best - gridBest) >= -0.002).length;
  const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
  const epochs = rows.map((r) => r.trialEpochs);
  console.log(`reached the grid's best (within 0.002) in ${reached} of ${rows.length} seeds; median best ${median(rows.map((r) => r.best ?? NaN).filter(Number.isFinite))}; ` +
    `trial-epochs median ${median(epochs)} (${Math.min(...epochs)}–${Math.max(...epochs)}; ${(100 * median(epochs) / grid.compute.trialEpochs).toFixed(1)} % of the grid's)`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  try {
    await main();
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    console.error(`bench:replay: ${e.message}`);
    process.exit(2);
  }
}
