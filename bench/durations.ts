/**
 * How long the bench really takes, from its own last runs: each case's wall time (its child process,
 * start to exit) is kept in the results file, and `--help` sums them per section from the newest full
 * and quick records in bench/results/ (so the help never states a time nobody measured).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { BenchCase } from './cases.js';

/** The sections of a bench run, in the order it runs them, by case kind. */
const SECTIONS: Record<BenchCase['kind'], string> = {
  'simd-peak': 'SIMD peak', train: 'training cases', products: 'kernels only', names: 'names (ragged lengths)',
  'load-pm25': 'PM2.5 load', 'load-csv': 'CSV load/memory', stream: 'stream latency', serve: 'serve load', 'predict-memory': 'predict memory',
};

interface Recorded { date: string; quick: boolean; seconds: number; machine: { cpu: string; cores: number; loadAverage1m: { before: number; after: number } }; results: { case: BenchCase; wallSeconds?: number }[] }

/** Seconds per section of one recorded run (only cases that kept their wall time). */
export function sectionSeconds(run: Pick<Recorded, 'results'>): [string, number][] {
  const sums = new Map<string, number>();
  for (const r of run.results) {
    if (r.wallSeconds === undefined) continue;
    const name = SECTIONS[r.case.kind] ?? r.case.kind;
    sums.set(name, (sums.get(name) ?? 0) + r.wallSeconds);
  }
  return [...sums];
}

/** The newest record in `dir` with per-case wall times, full (no --only) or quick. */
export function newestRecord(dir: string, quick: boolean): { file: string; run: Recorded } | undefined {
  if (!existsSync(dir)) return undefined;
  const files = readdirSync(dir).filter((f) => f.endsWith('.json') && !f.includes('-only-')).sort().reverse();
  for (const file of files) {
    try {
      const run = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Recorded;
      if (run.quick === quick && Array.isArray(run.results) && run.results.some((r) => typeof r.wallSeconds === 'number')) return { file, run };
    } catch {
      // A damaged or foreign file says nothing about durations.
    }
  }
  return undefined;
}

/** The help's lines: the whole run and each section, for the last full and the last quick run recorded. */
export function durationLines(dir: string): string[] {
  const lines: string[] = [];
  for (const quick of [false, true]) {
    const found = newestRecord(dir, quick);
    const what = quick ? 'npm run bench -- --quick' : 'npm run bench';
    if (!found) {
      lines.push(`  ${what}: not measured yet (no results file with per-case times in bench/results/)`);
      continue;
    }
    const { file, run } = found;
    const load = run.machine.loadAverage1m;
    lines.push(`  ${what}: ${run.seconds.toFixed(0)} s in all (bench/results/${file}: ${run.machine.cores} cores, load ${load.before.toFixed(1)} → ${load.after.toFixed(1)})`);
    lines.push(`    ${sectionSeconds(run).map(([name, s]) => `${name} ${s.toFixed(0)} s`).join(', ')}`);
  }
  return lines;
}
