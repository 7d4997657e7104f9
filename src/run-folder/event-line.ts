/**
 * The one JSON form of run events: what events.jsonl holds (eventLine), and the one decoder every
 * reader (board, resume, sweeps, the plot sink) goes through (decodeEventLine, via event-reader.ts).
 * Checkpoints and states name their file instead of carrying values; start and resume events do not
 * repeat the experiment (experiment.resolved.json has it).
 *
 * Per-batch step events are written batched (StepBatch): one `steps` line holds the steps of about
 * a second, so a long run's file stays small (experiments/pm25-regression.json5: 37 MB → 3.8 MB) while it stays
 * appendable and live. Readers take either form: `step` (loss, eta, rows of one batch) or `steps`.
 */
import type { RunEvent, StepEvent } from '../events/run-event.js';
import { paramsPath, STATE_FILE } from './files.js';

export function eventRecord(e: RunEvent): Record<string, unknown> {
  switch (e.type) {
    case 'checkpoint': {
      const { params: _params, ...rest } = e;
      return { ...rest, file: paramsPath(e.kind) };
    }
    case 'start': case 'resume': {
      const { experiment: _experiment, ...rest } = e;
      return rest;
    }
    case 'state':
      return { type: e.type, epoch: e.epoch, iteration: e.iteration, file: STATE_FILE };
    default:
      return e as unknown as Record<string, unknown>;
  }
}

/** One line of events.jsonl. */
export function eventLine(e: RunEvent): string {
  return JSON.stringify(eventRecord(e)) + '\n';
}

/**
 * Consecutive step events in one JSON line:
 *   { type: 'steps', firstIteration, iteration (the last), epoch (after the last), losses: [...],
 *     eta (when every step had the same rate) or etas: [...], rows (summed over the steps) }
 * Batch losses are noisy curve points: they are written to LOSS_DIGITS significant digits (halves
 * the file); evaluations, checkpoints and summary.json keep every digit.
 */
export interface StepsRecord {
  type: 'steps'; firstIteration: number; iteration: number; epoch: number; losses: number[];
  eta?: number; etas?: number[]; rows: number;
}

export class StepBatch {
  private steps: StepEvent[] = [];

  get size(): number {
    return this.steps.length;
  }

  add(step: StepEvent): void {
    this.steps.push(step);
  }

  /** The pending steps as one record (and empties the batch); undefined when none is pending. */
  take(): StepsRecord | undefined {
    const steps = this.steps;
    if (steps.length === 0) return undefined;
    this.steps = [];
    const last = steps[steps.length - 1];
    const sameRate = steps.every((s) => s.eta === steps[0].eta);
    return {
      type: 'steps', firstIteration: steps[0].iteration, iteration: last.iteration, epoch: last.epoch,
      losses: steps.map((s) => roundLoss(s.loss)),
      ...(sameRate ? { eta: steps[0].eta } : { etas: steps.map((s) => s.eta) }),
      rows: steps.reduce((sum, s) => sum + s.rows, 0),
    };
  }
}

/**
 * A decoded line of events.jsonl: a JSON object with a string `type`. Its other fields are as the
 * writer wrote them (a non-finite number became null), or as an older writer did: readers check the
 * fields they use (the files are untrusted; a board must not fall over on a hand-edited one).
 */
export interface EventRecord { type: string; [field: string]: unknown }

/** One line (without its newline) → its record, or undefined when it is not one (blank, torn, not an object). */
export function decodeEventLine(line: string): EventRecord | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as EventRecord).type === 'string'
    ? (value as EventRecord) : undefined;
}

/** One training step as a reader sees it, whatever line held it; loss is NaN where the writer wrote null (a diverged step). */
export interface StepEntry { iteration: number; loss: number; eta?: number }

const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

/**
 * One entry per step of a `step` or `steps` record (anything else, or a record whose iterations are
 * unknown: none). Where a file splits its steps into lines depends on timing, so readers that compare
 * runs compare these. Also reads the losses-array form with only the last `iteration`.
 */
export function stepEntries(record: Record<string, unknown>): StepEntry[] {
  if (record.type !== 'step' && record.type !== 'steps') return [];
  const eta = num(record.eta);
  if (!Array.isArray(record.losses)) {
    const iteration = num(record.iteration);
    return iteration === undefined ? [] : [{ iteration, loss: num(record.loss) ?? NaN, eta }];
  }
  const losses = record.losses as unknown[];
  const etas = Array.isArray(record.etas) ? (record.etas as unknown[]) : undefined;
  const last = num(record.iteration);
  const first = num(record.firstIteration) ?? (last !== undefined ? last - losses.length + 1 : undefined);
  if (first === undefined) return [];
  return losses.map((loss, i) => ({ iteration: first + i, loss: num(loss) ?? NaN, eta: (etas ? num(etas[i]) : undefined) ?? eta }));
}

export const LOSS_DIGITS = 6;

function roundLoss(loss: number): number {
  return Number.isFinite(loss) ? Number(loss.toPrecision(LOSS_DIGITS)) : loss;
}
