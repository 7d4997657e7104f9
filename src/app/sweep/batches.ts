/**
 * Sweeps that decide as they go — tpe proposals and pruning — run in batches of `batch` trials in
 * trial order. Batch b starts when batch b − 1 has ended, and everything decided about it reads only
 * the trials of batches before it: tpe proposes its missing points from their metrics, pruning
 * compares its trials with their validation curves. Both are therefore fixed by the sweep file and
 * seed (and the trials' own bit-identical results), whatever --parallel, the executor or the timing,
 * and a resumed sweep decides the same again.
 */
import { Random } from '../../core/random.js';
import { runQueue, type Interrupt } from '../run-pool/queue.js';
import { readCheckSeries } from './check-series.js';
import { finiteSpaceSize, type Point } from './expand.js';
import type { PruneInstruction } from './prune.js';
import type { SweepSpec } from './spec.js';
import { trialDir, type TrialOutcome } from './state.js';
import { proposeTpe, type Observation } from './tpe.js';
import type { TrialPlan } from './trials.js';

export function decidesInBatches(spec: Pick<SweepSpec, 'method' | 'prune'>): boolean {
  return spec.method === 'tpe' || spec.prune !== undefined;
}

/** How many trials the sweep runs in all (a tpe sweep plans them batch by batch, and never repeats a point of a finite space). */
export function plannedTotal(spec: Pick<SweepSpec, 'method' | 'trials' | 'parameters'>, planned: number): number {
  if (spec.method !== 'tpe') return planned;
  return Math.max(planned, Math.min(spec.trials ?? planned, finiteSpaceSize(spec.parameters) ?? Infinity));
}

/** The objective tpe minimises: the sweep's metric oriented by its goal; failed and pruned trials count as bad. */
function observation(t: TrialPlan, o: TrialOutcome | undefined, goal: 'min' | 'max'): Observation {
  const usable = o?.status === 'done' && o.runStatus !== 'pruned' && o.metric !== undefined;
  return { point: t.params, value: usable ? (goal === 'min' ? o.metric! : -o.metric!) : NaN };
}

/** tpe: the points batch b still needs, proposed from the trials of the batches before it. */
export function proposeForBatch(spec: SweepSpec, trials: readonly TrialPlan[], outcomes: ReadonlyMap<string, TrialOutcome>, b: number): Point[] {
  if (spec.method !== 'tpe') return [];
  const want = Math.min(spec.trials ?? 0, (b + 1) * spec.batch) - trials.length;
  if (want <= 0) return [];
  const history = trials.slice(0, b * spec.batch).map((t) => observation(t, outcomes.get(t.id), spec.goal));
  return proposeTpe(spec.parameters, history, want, new Random(spec.seed, `tpe-batch-${b}`));
}

/** What a trial of batch b is compared with: the validation curves of every trial before the batch. */
export function pruneInstruction(spec: SweepSpec, dir: string, trials: readonly TrialPlan[], b: number): Omit<PruneInstruction, 'self'> | undefined {
  if (!spec.prune) return undefined;
  const metric = spec.prune.metric;
  const reference = trials.slice(0, b * spec.batch).map((t) => ({ id: t.id, index: t.index, checks: readCheckSeries(trialDir(dir, t.id), metric) }));
  return { rule: spec.prune, reference };
}

export interface BatchRun {
  spec: SweepSpec;
  dir: string;
  /** Grows as tpe plans batches (the caller saves it in `extend`). */
  trials: TrialPlan[];
  outcomes: ReadonlyMap<string, TrialOutcome>;
  capacity: number;
  interrupt: Interrupt;
  /** Adds the planned points of batch b as trials (validated, saved); returns how many were added. */
  extend(points: Point[], b: number): number;
  run(t: TrialPlan, prune: Omit<PruneInstruction, 'self'> | undefined): Promise<void>;
  onStarted?(): void;
}

/** Runs batch after batch until every trial is done, or Ctrl-C. Done trials (a resume) are skipped. */
export async function runInBatches(r: BatchRun): Promise<void> {
  for (let b = 0; !r.interrupt.stopping; b++) {
    const proposed = proposeForBatch(r.spec, r.trials, r.outcomes, b);
    if (proposed.length) r.extend(proposed, b);
    const batch = r.trials.slice(b * r.spec.batch, (b + 1) * r.spec.batch);
    if (batch.length === 0) return;
    const prune = pruneInstruction(r.spec, r.dir, r.trials, b);
    const toRun = batch.filter((t) => t.experiment && r.outcomes.get(t.id)?.status !== 'done');
    await runQueue(toRun, r.capacity, r.interrupt, (t) => r.run(t, prune), r.onStarted);
  }
}
