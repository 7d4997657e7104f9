/**
 * events.jsonl → the points a page draws. The run folder's reader (run-folder/event-reader.ts) gives
 * the events, of the whole file or of the bytes appended since (the live tail); these are folded into
 * points the same way for both, so both draw the same thing.
 *
 * x is epochs completed (iteration / iterationsPerEpoch, fractional), the house convention for every
 * event; it is recomputed from the iteration when the start event gives iterationsPerEpoch, so files
 * written before the convention (integer epochs on steps) draw the same.
 */
import { DEFAULT_MONITOR, metricKey, MONITORED_METRICS, type MonitoredMetric } from '../../config/monitor.js';
import { decodeEventLine, stepEntries, type EventRecord } from '../../run-folder/index.js';
import { numberAt, objectAt, stringAt, type Json } from './folder-files.js';
import { BoundedList, StreamingEnvelope, StreamingMeans, type Point } from './bounded-points.js';

export type { Point } from './bounded-points.js';

export interface EvalPoint { split: string; epoch: number; iteration: number; metrics: Record<string, number> }
/** A best check: where, its validation loss, and the monitored metric (train.monitor; by default the validation loss) with its value there. */
export interface BestPoint { epoch: number; iteration: number; validationLoss?: number; metric?: MonitoredMetric; value?: number }

export interface CurvePoints {
  /** Training loss of every step (or of a downsampled subset, see downsample()). */
  train: Point[];
  /** When `train` is downsampled: the mean loss of each run of steps (see bucketMeans()), what a smoothed line reads. */
  trainMean?: Point[];
  /** Learning rate of every step. */
  lr: Point[];
  /** Mean training loss of each epoch. */
  epochTrain: Point[];
  evals: EvalPoint[];
  /** Every best-checkpoint event in order; the last is the best check. */
  best: BestPoint[];
  /** Set when the end event was read. */
  status?: string;
}

export function emptyPoints(): CurvePoints {
  return { train: [], lr: [], epochTrain: [], evals: [], best: [] };
}

/** Where events' points go: the arrays of a CurvePoints, or a PagePoints' bounded reducers. */
export interface CurveSink {
  train: { push(p: Point): void };
  lr: { push(p: Point): void };
  epochTrain: { push(p: Point): void };
  evals: { push(e: EvalPoint): void };
  best: { push(b: BestPoint): void };
  status?: string;
}

/** Checks (evals, epochs, bests) a page gets at most of each: a run evaluates a few thousand times at most. */
export const MAX_CHECK_POINTS = 20_000;

/**
 * The points of a file of any length, in bounded memory (bounded-points.ts): step curves reduced to
 * their envelope as they come (at most maxPoints, with the buckets' means), checks thinned past
 * MAX_CHECK_POINTS (the last always kept).
 */
export class PagePoints implements CurveSink {
  private readonly trainEnvelope: StreamingEnvelope;
  private readonly trainMeans: StreamingMeans;
  readonly train = { push: (p: Point) => { this.trainEnvelope.push(p); this.trainMeans.push(p); } };
  readonly lr: StreamingEnvelope;
  readonly epochTrain = new BoundedList<Point>(MAX_CHECK_POINTS);
  readonly evals = new BoundedList<EvalPoint>(MAX_CHECK_POINTS);
  readonly best = new BoundedList<BestPoint>(MAX_CHECK_POINTS);
  status?: string;

  constructor(maxPoints: number) {
    this.trainEnvelope = new StreamingEnvelope(maxPoints);
    this.trainMeans = new StreamingMeans(maxPoints);
    this.lr = new StreamingEnvelope(maxPoints);
  }

  points(): CurvePoints {
    const trainMean = this.trainMeans.means();
    return {
      train: this.trainEnvelope.envelope(), ...(trainMean ? { trainMean } : {}), lr: this.lr.envelope(),
      epochTrain: this.epochTrain.toArray(), evals: this.evals.toArray(), best: this.best.toArray(), ...(this.status !== undefined ? { status: this.status } : {}),
    };
  }
}

/** What the parser remembers between chunks of one file. */
export interface ParserState {
  iterationsPerEpoch?: number;
  /** The run's monitored metric (monitoredMetric(experiment)); absent: the validation loss. */
  monitored?: MonitoredMetric;
  /** The latest validation check: a best checkpoint is the check just before it. */
  lastValidation?: { iteration: number; metrics: Record<string, number> };
}

/** train.monitor.metric of an experiment read from a run folder, when it is one rnnflow knows; else the validation loss. */
export function monitoredMetric(experiment: Json | undefined): MonitoredMetric {
  const metric = stringAt(objectAt(objectAt(experiment, 'train'), 'monitor'), 'metric');
  return MONITORED_METRICS.find((m) => m === metric) ?? DEFAULT_MONITOR.metric;
}

/** The points of some lines of events.jsonl (through the run folder's decoder; a line that is no event is skipped). */
export function parseEventText(text: string, state: ParserState, into: CurvePoints = emptyPoints()): CurvePoints {
  return eventPoints(text.split('\n').map(decodeEventLine).filter((e) => e !== undefined), state, into);
}

/** Adds the points of `events` (in file order) to `into`. */
export function eventPoints<T extends CurveSink = CurvePoints>(events: Iterable<EventRecord>, state: ParserState, into: T = emptyPoints() as unknown as T): T {
  for (const event of events) addEvent(event, state, into);
  return into;
}

function epochOf(event: Json, state: ParserState, iteration = numberAt(event, 'iteration')): number {
  if (iteration !== undefined && state.iterationsPerEpoch) return iteration / state.iterationsPerEpoch;
  return numberAt(event, 'epoch') ?? 0;
}

/** Adds the points of one event to `into`. */
export function addEvent(record: EventRecord, state: ParserState, into: CurveSink): void {
  const event = record as Json;
  const type = stringAt(event, 'type');
  if (type === 'start') {
    state.iterationsPerEpoch = numberAt(event, 'iterationsPerEpoch');
  } else if (type === 'step' || type === 'steps') {
    addSteps(event, state, into);
  } else if (type === 'epoch') {
    const loss = numberAt(event, 'trainLoss');
    if (loss !== undefined) into.epochTrain.push([epochOf(event, state), loss]);
  } else if (type === 'eval') {
    const metrics: Record<string, number> = {};
    for (const [k, v] of Object.entries(objectAt(event, 'metrics') ?? {})) if (typeof v === 'number') metrics[k] = v;
    const point = { split: stringAt(event, 'split') ?? '?', epoch: epochOf(event, state), iteration: numberAt(event, 'iteration') ?? 0, metrics };
    into.evals.push(point);
    if (point.split === 'validation') state.lastValidation = { iteration: point.iteration, metrics };
  } else if (type === 'checkpoint' && stringAt(event, 'kind') === 'best') {
    const iteration = numberAt(event, 'iteration') ?? 0;
    const validationLoss = numberAt(event, 'validationLoss');
    const metric = state.monitored ?? DEFAULT_MONITOR.metric;
    const check = state.lastValidation?.iteration === iteration ? state.lastValidation.metrics : undefined;
    const value = check?.[metricKey(metric)] ?? (metric === 'validation.loss' ? validationLoss : undefined);
    into.best.push({ epoch: epochOf(event, state), iteration, validationLoss, metric, ...(value !== undefined ? { value } : {}) });
  } else if (type === 'end') {
    into.status = stringAt(event, 'status');
  }
}

function addSteps(event: Json, state: ParserState, into: CurveSink): void {
  for (const step of stepEntries(event as EventRecord)) {
    const x = epochOf(event, state, step.iteration);
    if (Number.isFinite(step.loss)) into.train.push([x, step.loss]);
    if (step.eta !== undefined && Number.isFinite(step.eta)) into.lr.push([x, step.eta]);
  }
}

/**
 * At most `maxPoints` points that keep the curve's envelope: the points are cut into maxPoints / 2
 * equal runs (by index) and each run keeps its lowest and its highest point, in x order. Spikes
 * survive (a plain every-k-th sample would drop them); a 100,000-step curve becomes 2,000 points.
 */
export function downsample(points: Point[], maxPoints: number): Point[] {
  if (points.length <= maxPoints) return points;
  const buckets = Math.max(1, Math.floor(maxPoints / 2));
  const out: Point[] = [];
  for (let b = 0; b < buckets; b++) {
    const from = Math.floor((b * points.length) / buckets);
    const to = Math.floor(((b + 1) * points.length) / buckets);
    let lo = from;
    let hi = from;
    for (let i = from + 1; i < to; i++) {
      if (points[i][1] < points[lo][1]) lo = i;
      if (points[i][1] > points[hi][1]) hi = i;
    }
    if (lo === hi) out.push(points[lo]);
    else if (lo < hi) out.push(points[lo], points[hi]);
    else out.push(points[hi], points[lo]);
  }
  return out;
}

/**
 * At most `maxPoints` points: the mean of each of maxPoints equal runs of points (by index), at the
 * run's mean x. A smoothed line reads these: the envelope's points are each run's extremes, so a
 * line through them leans towards the spikes (with a sample per step, by a factor of two or more).
 */
export function bucketMeans(points: Point[], maxPoints: number): Point[] {
  if (points.length <= maxPoints) return points;
  const out: Point[] = [];
  for (let b = 0; b < maxPoints; b++) {
    const from = Math.floor((b * points.length) / maxPoints);
    const to = Math.floor(((b + 1) * points.length) / maxPoints);
    let x = 0;
    let y = 0;
    for (let i = from; i < to; i++) {
      x += points[i][0];
      y += points[i][1];
    }
    out.push([x / (to - from), y / (to - from)]);
  }
  return out;
}

/**
 * The same points with the step curves downsampled (evals and epochs are few: kept whole), and the
 * steps' means beside their envelope when there were more than `maxPoints` (of the means already
 * made, when the points were downsampled before).
 */
export function downsamplePoints(p: CurvePoints, maxPoints: number): CurvePoints {
  const means = p.trainMean ?? p.train;
  const out: CurvePoints = { ...p, train: downsample(p.train, maxPoints), lr: downsample(p.lr, maxPoints) };
  if (means.length > maxPoints || p.trainMean) out.trainMean = bucketMeans(means, maxPoints);
  return out;
}
