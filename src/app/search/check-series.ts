/**
 * A trial's validation checks, read back from its run folder's events.jsonl (the folder is the
 * contract: a trial run on a queue worker has its files written into the sweep folder as well).
 * A torn last line (a process killed mid-write) is not an event yet, as for every reader.
 */
import { readEvents, runFiles } from '../../run-folder/index.js';
import type { CheckMetric, CheckPoint } from './prune.js';

export function readCheckSeries(runDir: string, metric: CheckMetric): CheckPoint[] {
  const field = metric.slice('validation.'.length);
  const checks: CheckPoint[] = [];
  for (const e of readEvents(runFiles(runDir).events)) {
    if (e.type !== 'eval' || e.split !== 'validation' || typeof e.epoch !== 'number') continue;
    const v = (e.metrics as Record<string, unknown> | undefined)?.[field];
    checks.push({ epoch: e.epoch, value: typeof v === 'number' ? v : NaN });
  }
  return checks;
}
