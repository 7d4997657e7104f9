/**
 * Which trials go on: the pruning policies, pure (as W&B's `stop_runs(config, runs)`), apart from
 * the executor that pauses and continues trials. Every decision is taken on a whole rung — every
 * trial that reached that budget — and ties are broken by trial order, so a sweep file and seed give
 * the same decisions whatever the timing, the machine or --parallel.
 *
 *   asha:   budgets minEpochs · reduction^k up to maxEpochs; at each rung the best 1/reduction go on,
 *           each ranked by the best value of its checks so far (see rungValue).
 *   hyperband: asha's rungs, but each trial belongs to a bracket that starts pruning at a later rung
 *           (the last bracket never prunes) and is compared only with its own bracket.
 *   median: budgets `after`, `after + every`, … checks; at each rung a trial worse than the median of
 *           the rung goes no further (Optuna's MedianPruner, decided per rung instead of per moment).
 */

/** A metric every validation check computes, which pruning compares; `goal` follows from it. */
export type CheckMetric = 'validation.loss' | 'validation.accuracy' | 'validation.r2';
export const CHECK_METRICS: readonly CheckMetric[] = ['validation.loss', 'validation.accuracy', 'validation.r2'];

export type PruneSpec =
  | { method: 'median'; after: number; metric: CheckMetric; goal: 'min' | 'max' }
  | { method: 'asha' | 'hyperband'; minEpochs: number; maxEpochs: number; reduction: number; metric: CheckMetric; goal: 'min' | 'max' };

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

/**
 * Hyperband's brackets (Li et al. 2017; asynchronous, as in Li et al. 2020, §3.3): bracket k prunes
 * from the k-th of the asha budgets on, so bracket 0 is asha itself and the last bracket trains every
 * trial to the end. Why: asha decides its first rung after a few epochs, where a net that learns slowly
 * (a small rate) ranks low however well it ends; Hyperband hedges over how early to decide. The
 * brackets' shares are the paper's trial counts n_s = ⌈(K+1)/(s+1) · reduction^s⌉ for the bracket with
 * s = K − k rungs to climb (K = rungs before the end): with rungs 4, 12, 36 of 100 and reduction 3,
 * 27 : 12 : 6 : 4, so each bracket spends about the same compute.
 */
export function hyperbandShares(budgets: readonly number[], reduction: number): number[] {
  const K = budgets.length - 1;
  return budgets.map((_, k) => Math.ceil(((K + 1) / (K - k + 1)) * reduction ** (K - k)));
}

/**
 * The bracket of the trial at `index` (trial order): smooth weighted round-robin over the shares, so
 * brackets interleave evenly along the trial order and the assignment needs no random draw (the same
 * trial is in the same bracket on every machine, after a resume, and in any batch size).
 */
export function hyperbandBracket(index: number, shares: readonly number[]): number {
  const total = shares.reduce((a, b) => a + b, 0);
  const current = shares.map(() => 0);
  let pick = 0;
  for (let i = 0; i <= index % total; i++) {
    pick = 0;
    for (let k = 0; k < shares.length; k++) {
      current[k] += shares[k];
      if (current[k] > current[pick]) pick = k;
    }
    current[pick] -= total;
  }
  return pick;
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
  // asha and hyperband: decide once per rung, at the first check that reaches it; the last budget is the end of training.
  const budgets = ashaBudgets(rule.minEpochs, rule.maxEpochs, rule.reduction);
  let rungs = budgets.slice(0, -1);
  let peers = reference;
  let label = 'asha';
  if (rule.method === 'hyperband') {
    const shares = hyperbandShares(budgets, rule.reduction);
    const bracket = hyperbandBracket(self.index, shares);
    rungs = rungs.slice(bracket);
    peers = reference.filter((r) => hyperbandBracket(r.index, shares) === bracket);
    label = `hyperband, bracket ${bracket + 1} of ${shares.length}`;
  }
  const previousEpoch = n > 1 ? checks[n - 2].epoch : -Infinity;
  for (const rung of rungs) {
    if (!(previousEpoch < rung && now.epoch >= rung)) continue;
    const others = peers.flatMap((r) => {
      const value = rungValue(r.checks, rung, oriented);
      return value === undefined ? [] : [{ id: r.id, index: r.index, value }];
    });
    if (others.length === 0) return null;
    const value = rungValue(checks, rung, oriented)!;
    if (ashaPromote([...others, { ...self, value }], rule.reduction).has(self.id)) return null;
    return `${rule.metric} ${oriented(value)} (its best by the ${rung}-epoch rung) is not in the best 1/${rule.reduction} of the ${others.length + 1} trials there (prune: ${label})`;
  }
  return null;
}
