/**
 * A run's metrics.csv (one row per evaluation: epoch, iteration, split, then the metrics) → one
 * metric at each check, e.g. "validation.loss" → [[1, 0.9], [2, 0.7], …]. The sweep view draws the
 * pruning metric of every trial from it: a row per check, so much smaller than events.jsonl. Read
 * again only when the file changed (a live sweep view asks every second).
 */
import { readFileSync } from 'node:fs';
import { statOrUndefined } from './folder-files.js';

/** [epoch (epochs completed), value] */
export type Check = [number, number];

const cache = new Map<string, { key: string; checks: Check[] }>();
const MAX_CACHED = 2000;

/** `metric` is "<split>.<column>"; a missing file or column gives []. */
export function readChecks(file: string, metric: string): Check[] {
  const stat = statOrUndefined(file);
  if (!stat) return [];
  const key = `${stat.mtimeMs}/${stat.size}/${metric}`;
  const hit = cache.get(file);
  if (hit?.key === key) return hit.checks;
  const checks = parseChecks(readText(file), metric);
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

export function parseChecks(text: string, metric: string): Check[] {
  const dot = metric.indexOf('.');
  const split = metric.slice(0, dot);
  const name = metric.slice(dot + 1);
  const lines = text.split('\n');
  const header = lines[0]?.split(',') ?? [];
  const [e, s, m] = ['epoch', 'split', name].map((c) => header.indexOf(c));
  if (e < 0 || s < 0 || m < 0) return [];
  const out: Check[] = [];
  for (const line of lines.slice(1)) {
    const cells = line.split(',');
    if (cells[s] !== split) continue;
    const epoch = Number(cells[e]);
    const value = cells[m] === '' ? NaN : Number(cells[m]);
    // A torn last line (being written) or a blank value is left out.
    if (cells.length === header.length && Number.isFinite(epoch) && Number.isFinite(value)) out.push([epoch, value]);
  }
  return out;
}
