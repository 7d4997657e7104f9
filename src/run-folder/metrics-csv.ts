/**
 * metrics.csv: one row per evaluation (validation at every check, test at the end), appended as it
 * comes, so the file is current after a crash and resume can cut it back by rows:
 *   epoch,iteration,split,loss,<accuracy | r2>,samples
 * The board draws a sweep's pruning metric from it (a row per check: far smaller than events.jsonl).
 */
import { readFileSync, truncateSync } from 'node:fs';
import type { EvalEvent } from '../events/run-event.js';
import { readFolderText, RunFolderError } from './folder-access.js';
import { runFiles } from './files.js';

/** The column after loss: what a net of this kind is judged by. */
export type MainMetric = 'accuracy' | 'r2';

export function metricsHeader(main: MainMetric): string {
  return `epoch,iteration,split,loss,${main},samples\n`;
}

export function metricsRow(e: EvalEvent, main: MainMetric): string {
  const m = e.metrics;
  return `${e.epoch},${e.iteration},${e.split},${m.loss},${m[main] ?? ''},${m.samples}\n`;
}

/** [epoch (epochs completed), value] */
export type Check = [number, number];

/**
 * One metric at each evaluation of a split, from the file's text: `metric` is "<split>.<column>",
 * e.g. "validation.loss" → [[1, 0.9], [2, 0.7], …]. A missing column gives []; a torn last row (being
 * written) or a blank value is left out.
 */
export function metricChecks(text: string, metric: string): Check[] {
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
    if (cells.length === header.length && Number.isFinite(epoch) && Number.isFinite(value)) out.push([epoch, value]);
  }
  return out;
}

/** A metrics.csv holds one short row per evaluation: a million rows are about 60 MB. */
const MAX_METRICS_BYTES = 256 * 1024 * 1024;

/** The text of the run's metrics.csv ('' when it has none yet); refused like every run-folder file when it leads outside the folder. */
export function readMetricsText(runDir: string): string {
  return readFolderText(runDir, runFiles(runDir).metrics, 'metrics file', MAX_METRICS_BYTES) ?? '';
}

/** Byte length of the first `count` lines of text (with their newlines), or -1 when it has fewer complete lines. */
function linesBytes(text: string, count: number): number {
  let at = 0;
  for (let i = 0; i < count; i++) {
    const nl = text.indexOf('\n', at);
    if (nl < 0) return -1;
    at = nl + 1;
  }
  return Buffer.byteLength(text.slice(0, at));
}

/** Keeps the header and the first `rows` rows (resume: one per evaluation before the saved state). */
export function cutMetricsRows(file: string, rows: number): void {
  const bytes = linesBytes(readFileSync(file, 'utf8'), 1 + rows);
  if (bytes < 0) throw new RunFolderError(file, `fewer than the ${rows} rows the saved state has evaluated; the file was changed after the run.`);
  truncateSync(file, bytes);
}
