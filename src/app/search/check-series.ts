/**
 * A trial's validation checks, read back from its run folder's events.jsonl (the folder is the
 * contract: a trial run on a queue worker has its files written into the sweep folder as well).
 * A torn last line (a process killed mid-write) is skipped, like resume does.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CheckMetric, CheckPoint } from './prune.js';

export function readCheckSeries(runDir: string, metric: CheckMetric): CheckPoint[] {
  const file = join(runDir, 'events.jsonl');
  if (!existsSync(file)) return [];
  const field = metric.slice('validation.'.length);
  const checks: CheckPoint[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.includes('"eval"')) continue;
    let e: { type?: string; split?: string; epoch?: number; metrics?: Record<string, unknown> };
    try {
      e = JSON.parse(line);
    } catch {
      continue;
    }
    if (e.type !== 'eval' || e.split !== 'validation' || typeof e.epoch !== 'number') continue;
    const v = e.metrics?.[field];
    checks.push({ epoch: e.epoch, value: typeof v === 'number' ? v : NaN });
  }
  return checks;
}
