import type { RunRow } from '../run-reader.js';

/** The metric keys runs report for a split (loss first, then accuracy / r2 / others; four at most). */
export function metricKeys(runs: RunRow[], split: 'validation' | 'test'): string[] {
  const keys = new Set<string>();
  for (const r of runs) for (const k of Object.keys(r.metrics[split] ?? {})) keys.add(k);
  return [...keys].sort((a, b) => (a === 'loss' ? -1 : b === 'loss' ? 1 : a.localeCompare(b))).slice(0, 4);
}
