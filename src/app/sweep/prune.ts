/**
 * Which trials go on: the pruning policies, pure (as W&B's `stop_runs(config, runs)`), apart from
 * the executor that pauses and continues trials. Every decision is taken on a whole rung — every
 * trial that reached that budget — and ties are broken by trial order, so a sweep file and seed give
 * the same decisions whatever the timing, the machine or --parallel.
 *
 *   asha:   budgets minEpochs · reduction^k up to maxEpochs; at each rung the best 1/reduction go on.
 *   median: budgets `after`, `after + every`, … checks; at each rung a trial worse than the median of
 *           the rung goes no further (Optuna's MedianPruner, decided per rung instead of per moment).
 */

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
