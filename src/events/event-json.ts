/**
 * The one JSON form of run events: what events.jsonl holds, and what every reader (dashboard,
 * resume, queue workers) parses. Checkpoints and states name their file instead of carrying values;
 * start and resume events do not repeat the experiment (experiment.resolved.json has it).
 *
 * Per-batch step events are written batched (StepBatch): one `steps` line holds the steps of about
 * a second, so a long run's file stays small (experiments/pm25-regression.json5: 37 MB → 3.8 MB) while it stays
 * appendable and live. Readers take either form: `step` (loss, eta, rows of one batch) or `steps`.
 */
import type { RunEvent, StepEvent } from './run-event.js';

export function eventRecord(e: RunEvent): Record<string, unknown> {
  switch (e.type) {
    case 'checkpoint': {
      const { params: _params, ...rest } = e;
      return { ...rest, file: `params/${e.kind}.json` };
    }
    case 'start': case 'resume': {
      const { experiment: _experiment, ...rest } = e;
      return rest;
    }
    case 'state':
      return { type: e.type, epoch: e.epoch, iteration: e.iteration, file: 'state/last.json' };
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
 * One entry per step of a `step` or `steps` record (anything else: none). Where a file splits its
 * steps into lines depends on timing, so readers that compare runs compare these.
 */
export function stepEntries(record: Record<string, unknown>): { iteration: number; loss: number; eta: number }[] {
  if (record.type === 'step') return [{ iteration: record.iteration as number, loss: record.loss as number, eta: record.eta as number }];
  if (record.type !== 'steps') return [];
  const r = record as unknown as StepsRecord;
  return r.losses.map((loss, i) => ({ iteration: r.firstIteration + i, loss, eta: r.etas?.[i] ?? r.eta as number }));
}

export const LOSS_DIGITS = 6;

function roundLoss(loss: number): number {
  return Number.isFinite(loss) ? Number(loss.toPrecision(LOSS_DIGITS)) : loss;
}
