/**
 * One run folder → what the board shows: a row of the runs list (cheap: summary.json and the first
 * line of events.jsonl) and the run page's detail (everything, curves downsampled).
 */
import { readdirSync } from 'node:fs';
import { EventTail, EVENTS_FILE, orUndefined, readDatasetFacts, readFirstEvent, readResolvedExperiment, readSummary, runFiles, SUMMARY_FILE } from '../../run-folder/index.js';
import { numberAt, objectAt, runFolderJson, statOrUndefined, stringAt, type Json, type JsonObject } from './folder-files.js';
import { eventPoints, monitoredMetric, type CurvePoints } from './event-points.js';
import { RunHistories } from './run-history.js';

/** Headline numbers: validation and test with the best parameters (loss, accuracy or r2, …). */
export interface SplitNumbers { validation?: Record<string, number>; test?: Record<string, number> }

export interface RunRow {
  /** "<root index>:<path under that root>", the run's address in URLs. */
  id: string;
  name: string;
  description?: string;
  /** ms since 1970, from the start event (else the folder's creation). */
  start?: number;
  status: string;
  reason?: string;
  seed?: number;
  epochs?: number;
  iterations?: number;
  metrics: SplitNumbers;
  /** The dataset's naive predictor on the same splits (PM2.5: persistence). */
  baseline?: SplitNumbers & { name?: string };
  /** The sweep this run is a trial of. */
  sweep?: string;
}

export interface RunDetail {
  row: RunRow;
  experiment?: Json;
  dataset?: Json;
  summary?: Json;
  points: CurvePoints;
  /** Bytes of events.jsonl the points cover: the live tail goes on from here. */
  offset: number;
  iterationsPerEpoch?: number;
  /** The files at the top of the run folder, for links. */
  files: string[];
  /** Why its events could not be read (events.jsonl refused: a symlink out of the folder, a FIFO …). */
  error?: string;
}

/** A run with no end written is "running" (the house contract); quiet this long, the row says so. */
export const QUIET_AFTER_MS = 60_000;
/** A row of a run still training reads its status and progress from this many last bytes of events.jsonl. */
const TAIL_BYTES = 65536;

export function isRunFolder(names: Set<string>): boolean {
  return names.has(EVENTS_FILE) || names.has(SUMMARY_FILE);
}

export function experimentOf(dir: string): Json | undefined {
  return runFolderJson(() => readResolvedExperiment(dir));
}

/** The first event, when it is the start event (it carried the experiment in early files). */
function startEventOf(dir: string): Json | undefined {
  const first = orUndefined(() => readFirstEvent(runFiles(dir).events)) as Json | undefined;
  return stringAt(first, 'type') === 'start' ? first : undefined;
}

function numbers(o: JsonObject | undefined): Record<string, number> | undefined {
  if (!o) return undefined;
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(o)) if (typeof v === 'number' && k !== 'samples') out[k] = v;
  return out;
}

function splitNumbers(o: JsonObject | undefined): SplitNumbers {
  return { validation: numbers(objectAt(o, 'validation')), test: numbers(objectAt(o, 'test')) };
}

export function readRunRow(dir: string, id: string, sweep?: string): RunRow {
  const summary = runFolderJson(() => readSummary(dir));
  const startEvent = startEventOf(dir);
  const experiment = startEvent ? objectAt(startEvent, 'experiment') : undefined;
  const row: RunRow = {
    id,
    name: stringAt(summary, 'name') ?? stringAt(startEvent, 'name') ?? dir.split('/').slice(-2).join('/'),
    description: stringAt(experiment ?? experimentOf(dir), 'description'),
    start: numberAt(startEvent, 'time') ?? statOrUndefined(dir)?.birthtimeMs,
    status: stringAt(summary, 'status') ?? 'unknown',
    reason: stringAt(summary, 'reason'),
    seed: numberAt(summary, 'seed') ?? numberAt(startEvent, 'seed'),
    epochs: numberAt(summary, 'epochs'),
    iterations: numberAt(summary, 'iterations'),
    metrics: splitNumbers(objectAt(summary, 'bestParams') ?? objectAt(summary, 'metrics')),
    sweep,
  };
  const baseline = objectAt(summary, 'baseline');
  if (baseline) row.baseline = { name: stringAt(baseline, 'name'), ...splitNumbers(baseline) };
  if (!summary || row.status === 'running') fillFromTail(dir, row, numberAt(startEvent, 'iterationsPerEpoch'));
  return row;
}

/** A run without a summary yet: its status and progress from the last events written. */
function fillFromTail(dir: string, row: RunRow, iterationsPerEpoch: number | undefined): void {
  const file = runFiles(dir).events;
  const stat = statOrUndefined(file);
  if (!stat) return;
  const tail = new EventTail(file, { offset: Math.max(0, stat.size - TAIL_BYTES), alignToLine: true });
  const points = eventPoints(orUndefined(() => [...tail.takeEvents()]) ?? [], { iterationsPerEpoch });
  row.status = points.status ?? 'running';
  const quietMinutes = (Date.now() - stat.mtimeMs) / 60_000;
  if (!points.status && quietMinutes * 60_000 >= QUIET_AFTER_MS) {
    row.reason = `no new events for ${Math.round(quietMinutes)} min: still in a long step, or its process died`;
  }
  const lastX = Math.max(points.train.at(-1)?.[0] ?? 0, points.evals.at(-1)?.epoch ?? 0);
  if (lastX > 0) row.epochs = lastX;
  const lastValidation = points.evals.filter((e) => e.split === 'validation').at(-1);
  if (lastValidation) row.metrics = { validation: lastValidation.metrics };
}

/**
 * Everything the run page needs; curves reduced to MAX_CURVE_POINTS as the file is read (run-history.ts),
 * from where `histories` stopped last time for this run (the board keeps one; a report reads once).
 */
export async function readRunDetail(dir: string, id: string, sweep?: string, histories = new RunHistories()): Promise<RunDetail> {
  const row = readRunRow(dir, id, sweep);
  const experiment = experimentOf(dir) ?? objectAt(startEventOf(dir), 'experiment');
  const history = await histories.read(dir, () => ({ monitored: monitoredMetric(experiment) }));
  return {
    row,
    experiment,
    dataset: runFolderJson(() => readDatasetFacts(dir)),
    summary: runFolderJson(() => readSummary(dir)),
    points: history.points,
    offset: history.offset,
    iterationsPerEpoch: history.iterationsPerEpoch,
    files: readdirSync(dir, { withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name).sort(),
    ...(history.error ? { error: history.error } : {}),
  };
}
