/**
 * The sweep's bookkeeping as pure functions over outcomes: what a run's status means for the sweep,
 * what a resume still has to run, the counts the live view shows, the best trial and the exit code.
 */
import { EXIT, type ExitCode } from '../../core/exit-codes.js';
import type { RunStatus } from '../../events/run-event.js';
import type { OutcomeStatus, TrialOutcome } from './state.js';
import type { TrialPlan } from './trials.js';

/**
 * completed, early-stopped, pruned: the trial is done; diverged/failed: it failed; interrupted (or
 * still marked running, i.e. its process died): it must run again.
 */
export function outcomeStatusOf(runStatus: RunStatus): OutcomeStatus {
  switch (runStatus) {
    case 'completed': case 'early-stopped': case 'pruned': return 'done';
    case 'interrupted': case 'running': return 'interrupted';
    case 'diverged': case 'failed': return 'failed';
  }
}

/** A resume skips trials that are done and runs the rest (failed, interrupted, never started), in order. */
export function trialsToRun(trials: readonly TrialPlan[], previous: ReadonlyMap<string, TrialOutcome>): TrialPlan[] {
  return trials.filter((t) => previous.get(t.id)?.status !== 'done');
}

export type { SweepCounts } from '../../events/sweep-event.js';
import type { SweepCounts } from '../../events/sweep-event.js';

export function sweepCounts(total: number, outcomes: Iterable<TrialOutcome>, running: number): SweepCounts {
  const c: SweepCounts = { total, done: 0, failed: 0, interrupted: 0, running, pending: 0 };
  for (const o of outcomes) c[o.status]++;
  c.pending = Math.max(0, total - c.done - c.failed - c.interrupted - running);
  return c;
}

/** Whether metric a beats b under the goal; a missing or NaN metric never beats anything. */
export function isBetter(a: number | undefined, b: number | undefined, goal: 'min' | 'max'): boolean {
  if (a === undefined || Number.isNaN(a)) return false;
  if (b === undefined || Number.isNaN(b)) return true;
  return goal === 'min' ? a < b : a > b;
}

/** Ranked: done trials by metric (ties by sweep order), then done without a metric, then failed, then interrupted. */
export function rankOutcomes(outcomes: Iterable<TrialOutcome>, goal: 'min' | 'max'): TrialOutcome[] {
  const group = (o: TrialOutcome) => (o.status === 'done' ? (o.metric !== undefined && !Number.isNaN(o.metric) ? 0 : 1) : o.status === 'failed' ? 2 : 3);
  return [...outcomes].sort((a, b) => {
    const g = group(a) - group(b);
    if (g !== 0) return g;
    if (group(a) === 0 && a.metric !== b.metric) return isBetter(a.metric, b.metric, goal) ? -1 : 1;
    return a.index - b.index;
  });
}

export function bestOutcome(outcomes: Iterable<TrialOutcome>, goal: 'min' | 'max'): TrialOutcome | undefined {
  const first = rankOutcomes(outcomes, goal)[0];
  return first && first.status === 'done' && first.metric !== undefined && !Number.isNaN(first.metric) ? first : undefined;
}

/** 130: interrupted (Ctrl-C); 1: a trial failed or did not finish, or the best trial's `expect` failed; else 0. */
export function sweepExitCode(counts: SweepCounts, interrupted: boolean, expectPassed: boolean): ExitCode {
  if (interrupted) return EXIT.interrupted;
  if (counts.done < counts.total || !expectPassed) return EXIT.notDelivered;
  return EXIT.delivered;
}
