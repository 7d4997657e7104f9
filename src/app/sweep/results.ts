/**
 * The sweep's results: the table printed at the end (only the parameters that differ between
 * trials), results.json (everything) and results.csv (one row per trial, for a spreadsheet).
 */
import { firstLine, formatSeconds } from '../../core/format.js';
import { formatValue } from '../expect/index.js';
import { canonicalJson } from '../../core/canonical-json.js';
import { csvText, type CsvCell } from '../../core/csv-text.js';
import { rankOutcomes } from './schedule.js';
import type { SweepSpec } from './spec.js';
import type { TrialOutcome } from './state.js';
import type { Metrics } from '../../model/metrics.js';

/** Parameters whose value is not the same in every trial, in the sweep's order. */
export function differingPaths(spec: Pick<SweepSpec, 'parameters'>, outcomes: readonly { params: Record<string, unknown> }[]): string[] {
  return spec.parameters.map((p) => p.path).filter((path) => new Set(outcomes.map((o) => canonicalJson(o.params[path]))).size > 1);
}

/**
 * The trial experiment's own `expect` (the base file's, with the trial's values), checked on its
 * summary: information only (a sweep varies settings on purpose); absent when it has none. Kept in
 * the trial's outcome.json beside the outcome's fields.
 */
export interface OwnExpect { passed: boolean; failed: string[] }
export type OutcomeWithOwnExpect = TrialOutcome & { ownExpect?: OwnExpect };
const ownExpectOf = (o: TrialOutcome) => (o as OutcomeWithOwnExpect).ownExpect;

/** held, failed k (of its conditions), or - (no summary, or no own expect). */
function ownExpectCell(o: TrialOutcome): string {
  const own = ownExpectOf(o);
  if (!own) return '-';
  return own.passed ? 'held' : `failed ${own.failed.length}`;
}

function showValue(v: unknown): string {
  return typeof v === 'number' ? String(v) : typeof v === 'string' ? v : JSON.stringify(v);
}

function numberCell(v: number | undefined): string {
  return v !== undefined && Number.isFinite(v) ? v.toFixed(4) : '–';
}

/**
 * The table for the terminal, best first: the run's status (completed, early-stopped, pruned,
 * diverged …), the swept values that differ, the ranking metric, and the test metrics with the best
 * parameters (accuracy or R², and loss); failed trials are listed under it with their error.
 */
export function formatResultsTable(spec: SweepSpec, outcomes: readonly TrialOutcome[]): string {
  const ranked = rankOutcomes(outcomes, spec.goal);
  const paths = differingPaths(spec, ranked);
  // The trials' own expect, when the base experiment has one: information, not the sweep's verdict.
  const own = ranked.some((o) => ownExpectOf(o));
  const tests = ranked.map((o) => o.summary?.bestParams?.test);
  const mainName = tests.some((t) => t?.accuracy !== undefined) ? 'accuracy' : tests.some((t) => t?.r2 !== undefined) ? 'r2' : undefined;
  const header = ['#', 'trial', 'status', ...paths, `${spec.metric} (${spec.goal})`, ...(mainName ? [`test ${mainName === 'accuracy' ? 'acc' : 'r2'}`] : []), 'test loss', 'epochs', 'time',
    ...(own ? ['own expect'] : [])];
  const rows = ranked.map((o, i) => [
    o.status === 'done' ? String(i + 1) : '-', o.id, o.status === 'interrupted' ? o.status : (o.runStatus ?? o.status),
    ...paths.map((p) => showValue(o.params[p])),
    o.metric !== undefined ? formatValue(o.metric) : '-',
    ...(mainName ? [numberCell(tests[i]?.[mainName])] : []),
    numberCell(tests[i]?.loss),
    o.summary ? String(Number(o.summary.epochs.toFixed(2))) : '-',
    formatSeconds(o.seconds),
    ...(own ? [ownExpectCell(o)] : []),
  ]);
  const widths = header.map((h, j) => Math.max(h.length, ...rows.map((r) => r[j].length)));
  const line = (cells: string[]) => cells.map((c, j) => c.padEnd(widths[j])).join('  ').trimEnd();
  const lines = [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
  const problems = ranked.filter((o) => o.error || o.metricError);
  if (problems.length) {
    lines.push('', 'problems:');
    for (const o of problems) lines.push(`  ${o.id} (${o.status}): ${firstLine(o.error ?? o.metricError ?? '')}`);
  }
  return lines.join('\n');
}

export interface SweepResults {
  name: string; dir: string; metric: string; goal: 'min' | 'max'; method: SweepSpec['method'];
  best?: string;
  counts: { total: number; done: number; failed: number; interrupted: number };
  compute: { trialEpochs: number; trialSeconds: number };
  trials: (TrialOutcome & { rank?: number })[];
}

export function resultsJson(spec: SweepSpec, dir: string, outcomes: readonly TrialOutcome[], total: number): SweepResults {
  const ranked = rankOutcomes(outcomes, spec.goal);
  const count = (s: TrialOutcome['status']) => ranked.filter((o) => o.status === s).length;
  const best = ranked[0]?.status === 'done' && ranked[0].metric !== undefined ? ranked[0].id : undefined;
  return {
    name: spec.name, dir, metric: spec.metric, goal: spec.goal, method: spec.method, best,
    counts: { total, done: count('done'), failed: count('failed'), interrupted: total - count('done') - count('failed') },
    compute: sweepCompute(outcomes),
    trials: ranked.map((o, i) => ({ rank: o.status === 'done' ? i + 1 : undefined, ...o })),
  };
}

/**
 * What the sweep spent: epochs trained over every trial (a pruned trial counts the epochs it ran, so
 * pruning's saving shows here) and the trials' wall time added up.
 */
export function sweepCompute(outcomes: readonly TrialOutcome[]): { trialEpochs: number; trialSeconds: number } {
  let trialEpochs = 0, trialSeconds = 0;
  for (const o of outcomes) {
    trialEpochs += o.summary?.epochs ?? 0;
    trialSeconds += o.seconds;
  }
  return { trialEpochs: Number(trialEpochs.toFixed(4)), trialSeconds: Number(trialSeconds.toFixed(1)) };
}

/** One row per trial: rank, id, status, every parameter, the metric, then the summary's metrics flattened. */
export function resultsCsv(spec: SweepSpec, outcomes: readonly TrialOutcome[]): string {
  const ranked = rankOutcomes(outcomes, spec.goal);
  const metricCols = [...new Set(ranked.flatMap((o) => Object.keys(flatMetrics(o))))];
  const header = ['rank', 'id', 'status', 'runStatus', ...spec.parameters.map((p) => p.path), 'metric', 'epochs', 'iterations', 'seconds', ...metricCols, 'ownExpect', 'error'];
  const rows = ranked.map((o, i) => {
    const m = flatMetrics(o);
    return [
      o.status === 'done' ? i + 1 : '', o.id, o.status, o.runStatus ?? '',
      ...spec.parameters.map((p) => (typeof o.params[p.path] === 'object' ? JSON.stringify(o.params[p.path]) : o.params[p.path])),
      o.metric ?? '', o.summary?.epochs ?? '', o.summary?.iterations ?? '', o.seconds,
      ...metricCols.map((c) => m[c] ?? ''), ownCsv(ownExpectOf(o)),
      o.error ?? o.metricError ?? '',
    ] as CsvCell[]; // parameter values are JSON scalars (objects written as JSON above)
  });
  return csvText([header, ...rows]);
}

function ownCsv(own: OwnExpect | undefined): string {
  return own ? (own.passed ? 'held' : `failed: ${own.failed.join('; ')}`) : '';
}

function flatMetrics(o: TrialOutcome): Record<string, number> {
  const out: Record<string, number> = {};
  const s = o.summary;
  if (!s) return out;
  const add = (prefix: string, m: Metrics | undefined) => {
    if (!m) return;
    for (const [k, v] of Object.entries(m)) if (k !== 'samples' && typeof v === 'number') out[`${prefix}.${k}`] = v;
  };
  add('validation', s.metrics.validation);
  add('test', s.metrics.test);
  add('bestParams.validation', s.bestParams.validation);
  add('bestParams.test', s.bestParams.test);
  add('baseline.test', s.baseline?.test);
  return out;
}
