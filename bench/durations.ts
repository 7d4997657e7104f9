/**
 * How long the bench really takes, from its own runs: each case's wall time (its child process, start
 * to exit) is kept in the results file. `--help` gives every section the time of the newest record in
 * bench/results/ that ran the whole section (a full run, or an `--only` run of its cases), full and
 * quick runs apart, and says "not yet measured" for a section no record ran whole: it never states a
 * time nobody measured, nor leaves a section out. The whole run is the sum of its sections.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { benchCases, DEFAULT_THREADS, type BenchCase } from './cases.js';

/** The sections' names, by case kind. */
export const SECTION_NAMES: Record<BenchCase['kind'], string> = {
  'simd-peak': 'SIMD peak', train: 'training cases', products: 'kernels only', names: 'names (ragged lengths)',
  'load-pm25': 'PM2.5 load', 'load-csv': 'CSV load/memory', stream: 'stream latency', serve: 'serve load', 'predict-memory': 'predict memory',
};

/** A section: its name and the cases a run with the default threads makes of it. */
export interface Section { name: string; cases: string[] }

/** The sections of `npm run bench`, in the order it runs them. */
export function benchSections(): Section[] {
  const sections = new Map<string, Section>();
  for (const c of benchCases(DEFAULT_THREADS)) {
    const name = SECTION_NAMES[c.kind];
    if (!sections.has(name)) sections.set(name, { name, cases: [] });
    sections.get(name)!.cases.push(caseKey(c));
  }
  return [...sections.values()];
}

/**
 * A case as the section counts it: its label, and its thread count where the label leaves it out. Not
 * its back end: "kernels only" ran both in one case before it ran one case each, and --kernels runs a
 * training case once per back end; either way the record's time for the label is all of them.
 */
function caseKey(c: BenchCase): string {
  return `${c.kind}: ${c.label}${'threads' in c && typeof c.threads === 'number' ? ` threads=${c.threads}` : ''}`;
}

export interface Recorded {
  date?: string; quick: boolean; seconds: number;
  machine: { cores: number; loadAverage1m: { before: number; after: number } };
  results: { case: BenchCase; wallSeconds?: number }[];
}

/** Seconds `run` spent on `section`, when it ran every case of it and kept their wall times. */
export function sectionSeconds(run: Pick<Recorded, 'results'>, section: Section): number | undefined {
  const wall = new Map<string, number>();
  for (const r of run.results) {
    const key = r?.case ? caseKey(r.case) : undefined;
    if (key !== undefined && typeof r.wallSeconds === 'number') wall.set(key, (wall.get(key) ?? 0) + r.wallSeconds);
  }
  const keys = [...new Set(section.cases)];
  return keys.every((k) => wall.has(k)) ? keys.reduce((sum, k) => sum + wall.get(k)!, 0) : undefined;
}

/** Every readable record in `dir`, newest first (by the date it holds, else its file name). */
export function readRecords(dir: string): { file: string; run: Recorded }[] {
  if (!existsSync(dir)) return [];
  const found: { file: string; run: Recorded }[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    try {
      const run = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Recorded;
      if (typeof run?.quick === 'boolean' && Array.isArray(run.results) && run.machine?.loadAverage1m) found.push({ file, run });
    } catch {
      // A damaged or foreign file says nothing about durations.
    }
  }
  const when = (r: { file: string; run: Recorded }) => (typeof r.run.date === 'string' ? r.run.date : r.file);
  return found.sort((a, b) => when(b).localeCompare(when(a)));
}

/** Each section's time from the newest record (full or quick, as asked) that ran it whole; undefined: not yet measured. */
export function lastMeasured(records: { file: string; run: Recorded }[], quick: boolean): { section: string; seconds?: number; file?: string; run?: Recorded }[] {
  return benchSections().map((section) => {
    for (const { file, run } of records) {
      if (run.quick !== quick) continue;
      const seconds = sectionSeconds(run, section);
      if (seconds !== undefined) return { section: section.name, seconds, file, run };
    }
    return { section: section.name };
  });
}

/** The help's lines, for a full and a quick run: the total, then the sections grouped by the record that measured them. */
export function durationLines(dir: string): string[] {
  const records = readRecords(dir);
  const lines: string[] = [];
  for (const quick of [false, true]) {
    const what = quick ? 'npm run bench -- --quick' : 'npm run bench';
    const sections = lastMeasured(records, quick);
    const measured = sections.filter((s) => s.seconds !== undefined);
    const missing = sections.filter((s) => s.seconds === undefined).map((s) => s.section);
    if (!measured.length) {
      lines.push(`  ${what}: not yet measured (no results file with per-case times in bench/results/)`);
      continue;
    }
    const total = measured.reduce((sum, s) => sum + s.seconds!, 0);
    lines.push(missing.length
      ? `  ${what}: at least ${total.toFixed(0)} s in all (the sections measured, added up; ${missing.length} not yet measured)`
      : `  ${what}: about ${total.toFixed(0)} s in all (its sections' last measured times, added up)`);
    for (const file of [...new Set(measured.map((s) => s.file!))]) {
      const from = measured.filter((s) => s.file === file);
      const { cores, loadAverage1m: load } = from[0].run!.machine;
      lines.push(`    ${from.map((s) => `${s.section} ${s.seconds!.toFixed(0)} s`).join(', ')}: bench/results/${file} (${cores} cores, load ${load.before.toFixed(1)} → ${load.after.toFixed(1)})`);
    }
    if (missing.length) lines.push(`    ${missing.join(', ')}: not yet measured`);
  }
  return lines;
}
