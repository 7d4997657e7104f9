/**
 * A run's metrics.csv → one metric at each check (run-folder/metrics-csv.ts reads it), kept per file:
 * the sweep view draws the pruning metric of every trial from it every second, so a file is read
 * again only when it changed.
 */
import { metricChecks, orUndefined, readMetricsText, runFiles, type Check } from '../../run-folder/index.js';
import { statOrUndefined } from './folder-files.js';

export type { Check } from '../../run-folder/index.js';

const cache = new Map<string, { key: string; checks: Check[] }>();
const MAX_CACHED = 2000;

/** `metric` is "<split>.<column>"; a missing or refused file or a missing column gives []. */
export function readChecks(runDir: string, metric: string): Check[] {
  const file = runFiles(runDir).metrics;
  const stat = statOrUndefined(file);
  if (!stat) return [];
  const key = `${stat.mtimeMs}/${stat.size}/${metric}`;
  const hit = cache.get(file);
  if (hit?.key === key) return hit.checks;
  const checks = metricChecks(orUndefined(() => readMetricsText(runDir)) ?? '', metric);
  if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
  cache.set(file, { key, checks });
  return checks;
}
