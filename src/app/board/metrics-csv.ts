/**
 * A run's metrics.csv → one metric at each check (run-folder/metrics-csv.ts reads it), kept per file:
 * the sweep view draws the pruning metric of every trial from it every second, so a file is read
 * again only when it changed.
 */
import { readFileSync } from 'node:fs';
import { metricChecks, type Check } from '../../run-folder/index.js';
import { statOrUndefined } from './folder-files.js';

export type { Check } from '../../run-folder/index.js';

const cache = new Map<string, { key: string; checks: Check[] }>();
const MAX_CACHED = 2000;

/** `metric` is "<split>.<column>"; a missing file or column gives []. */
export function readChecks(file: string, metric: string): Check[] {
  const stat = statOrUndefined(file);
  if (!stat) return [];
  const key = `${stat.mtimeMs}/${stat.size}/${metric}`;
  const hit = cache.get(file);
  if (hit?.key === key) return hit.checks;
  const checks = metricChecks(readText(file), metric);
  if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
  cache.set(file, { key, checks });
  return checks;
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
