/**
 * Which trials go on: the pruning policies, pure (as W&B's `stop_runs(config, runs)`), apart from
 * the executor that pauses and continues trials. Every decision is taken on a whole rung — every
 * trial that reached that budget — and ties are broken by trial order, so a sweep file and seed give
 * the same decisions whatever the timing, the machine or --parallel.
 *
 *   asha:   budgets minEpochs · reduction^k up to maxEpochs; at each rung the best 1/reduction go on,
 *           each ranked by the best value of its checks so far (see rungValue).
 *   median: budgets `after`, `after + every`, … checks; at each rung a trial worse than the median of
 *           the rung goes no further (Optuna's MedianPruner, decided per rung instead of per moment).
 */
import type { PruneSpec } from './spec.js';

/** A trial's metric at a rung, oriented by the sweep's goal by the caller: lower is better; NaN = it has none. */
export interface RungEntry { id: string; index: number; value: number }

/** The epoch budgets of successive halving: min, min·r, min·r², …, with max as the last rung. */
export function ashaBudgets(minEpochs: number, maxEpochs: number, reduction: number): number[] {
  if (!(minEpochs > 0 && maxEpochs >= minEpochs && reduction >= 2)) {
    throw new RangeError(`asha needs 0 < minEpochs ≤ maxEpochs and reduction ≥ 2 (got ${minEpochs}, ${maxEpochs}, ${reduction})`);
  }
  const budgets: number[] = [];
  for (let b = minEpochs; b < maxEpochs; b *= reduction) budgets.push(b);
  budgets.push(maxEpochs);
  return budgets;
}

/** Ranks a rung: by value (lower first), trials without a value last, ties by trial order. */
export function rankRung(entries: readonly RungEntry[]): RungEntry[] {
  const key = (e: RungEntry) => (Number.isFinite(e.value) ? e.value : Infinity);
  return [...entries].sort((a, b) => key(a) - key(b) || a.index - b.index);
}

/** Successive halving: the ids of the best ⌊n / reduction⌋ (at least one) that go to the next rung. */
export function ashaPromote(entries: readonly RungEntry[], reduction: number): Set<string> {
  const keep = Math.max(1, Math.floor(entries.length / reduction));
  return new Set(rankRung(entries).filter((e) => Number.isFinite(e.value)).slice(0, keep).map((e) => e.id));
}

/** The median rule: the ids whose value is no worse than the rung's median (the others are pruned). */
export function medianSurvivors(entries: readonly RungEntry[]): Set<string> {
  const finite = entries.filter((e) => Number.isFinite(e.value)).map((e) => e.value).sort((a, b) => a - b);
  if (finite.length === 0) return new Set();
  const mid = finite.length >> 1;
  const median = finite.length % 2 ? finite[mid] : (finite[mid - 1] + finite[mid]) / 2;
  return new Set(entries.filter((e) => Number.isFinite(e.value) && e.value <= median).map((e) => e.id));
}

/** A trial's validation checks so far, in order: the epoch (epochs completed) and the pruning metric's value. */
export interface CheckPoint { epoch: number; value: number }
/** An earlier trial's checks, as the sweep recorded them. */
export interface ReferenceTrial { id: string; index: number; checks: readonly CheckPoint[] }

/**
 * What a trial has reached by a rung: the best of its checks up to the first one at or past the rung
 * (oriented: lower is better; NaN when it has no finite value there; undefined when it never got there).
 * The best, not the latest, because a trial keeps its best parameters and the sweep ranks it by them:
 * on PM2.5 forecasting (experiments/sweeps/forecast) the latest validation loss at 12 epochs ranks the
 * 48 trials' final metric with Spearman 0.03, the best so far with 0.39 (0.34 and 0.54 at 36 epochs).
 */
export function rungValue(checks: readonly CheckPoint[], rung: number, oriented: (v: number) => number): number | undefined {
  let best = NaN;
  for (const c of checks) {
    const v = oriented(c.value);
    if (Number.isFinite(v) && !(v >= best)) best = v;
    if (c.epoch >= rung) return best;
  }
  return undefined;
}

/** What the trial needs to decide at its own checks: the rule and the earlier batches' curves. */
export interface PruneInstruction {
  rule: PruneSpec;
  /** Trials of earlier batches (fixed before this trial starts, so every decision is reproducible). */
  reference: readonly ReferenceTrial[];
  /** The trial deciding (its index breaks ties). */
  self: { id: string; index: number };
}

/**
 * Decides at a trial's latest check (the last of `checks`) whether it stops: the reason in words, or
 * null to go on. Pure: the same checks and reference give the same answer on any machine.
 */
export function pruneReason(instruction: Omit<PruneInstruction, 'self'>, self: { id: string; index: number }, checks: readonly CheckPoint[]): string | null {
  const { rule, reference } = instruction;
  const n = checks.length;
  if (n === 0) return null;
  const oriented = (v: number) => (rule.goal === 'min' ? v : -v);
  const now = checks[n - 1];
  if (rule.method === 'median') {
    if (n <= rule.after) return null;
    const others = reference.filter((r) => r.checks.length >= n).map((r) => ({ id: r.id, index: r.index, value: oriented(r.checks[n - 1].value) }));
    if (others.length === 0) return null;
    const survivors = medianSurvivors([...others, { ...self, value: oriented(now.value) }]);
    if (survivors.has(self.id) && Number.isFinite(now.value)) return null;
    return `${rule.metric} ${now.value} at check ${n} is worse than the median of the ${others.length} earlier trial(s) at that check (prune: median)`;
  }
  // asha: decide once per rung, at the first check that reaches it; the last rung is the end of training.
  const previousEpoch = n > 1 ? checks[n - 2].epoch : -Infinity;
  const rungs = ashaBudgets(rule.minEpochs, rule.maxEpochs, rule.reduction).slice(0, -1);
  for (const rung of rungs) {
    if (!(previousEpoch < rung && now.epoch >= rung)) continue;
    const others = reference.flatMap((r) => {
      const value = rungValue(r.checks, rung, oriented);
      return value === undefined ? [] : [{ id: r.id, index: r.index, value }];
    });
    if (others.length === 0) return null;
    const value = rungValue(checks, rung, oriented)!;
    if (ashaPromote([...others, { ...self, value }], rule.reduction).has(self.id)) return null;
    return `${rule.metric} ${oriented(value)} (its best by the ${rung}-epoch rung) is not in the best 1/${rule.reduction} of the ${others.length + 1} trials there (prune: asha)`;
  }
  return null;
}
