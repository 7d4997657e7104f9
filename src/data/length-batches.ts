/**
 * Batches of similar length, so that few computed steps are padding. Two groupings:
 * - buckets: the epoch's shuffled order is cut into windows of BUCKET_BATCHES batches; each window is
 *   sorted by length (ties keep the shuffled order) and cut into batches. Rows still meet different
 *   partners every epoch, and on the names data under 1 % of the row-steps are padding (test/data).
 * - exactLength: every batch holds one length (the book's §19.5); each length's last batch may be short.
 * Then the batches themselves are shuffled, so an epoch does not run from short to long.
 *
 * Pure in (shuffled order, lengths, batch size, rng): a run that resumes at epoch e plans it again
 * from Random(seed, "batches:e") and gets the same batches. The batch count is the same every epoch.
 */
import type { Random } from '../core/random.js';

export type BatchGrouping = 'buckets' | 'exactLength';

/** Batch k is rows order[starts[k]] … order[starts[k+1] − 1]. */
export interface BatchPlan {
  order: Uint32Array;
  /** [batches + 1] */ starts: Uint32Array;
}

/** Batches per sort window: large enough that lengths inside a batch hardly differ, small enough to mix. */
export const BUCKET_BATCHES = 50;

export function planBatches(shuffled: Uint32Array, lengths: Int32Array, batchSize: number, grouping: BatchGrouping, rng: Random): BatchPlan {
  const batches: Uint32Array[] = grouping === 'exactLength' ? byExactLength(shuffled, lengths, batchSize) : byBuckets(shuffled, lengths, batchSize);
  const turn = rng.shuffle(Uint32Array.from(batches, (_, k) => k));
  const order = new Uint32Array(shuffled.length);
  const starts = new Uint32Array(batches.length + 1);
  let at = 0;
  turn.forEach((b, k) => {
    order.set(batches[b], at);
    at += batches[b].length;
    starts[k + 1] = at;
  });
  return { order, starts };
}

function cut(rows: Uint32Array, batchSize: number, into: Uint32Array[]): void {
  for (let from = 0; from < rows.length; from += batchSize) into.push(rows.subarray(from, Math.min(rows.length, from + batchSize)));
}

function byBuckets(shuffled: Uint32Array, lengths: Int32Array, batchSize: number): Uint32Array[] {
  const window = batchSize * BUCKET_BATCHES;
  const out: Uint32Array[] = [];
  for (let from = 0; from < shuffled.length; from += window) {
    // Array.prototype.sort is stable: equal lengths keep their shuffled order.
    const part = Uint32Array.from(Array.from(shuffled.subarray(from, from + window)).sort((a, b) => lengths[a] - lengths[b]));
    cut(part, batchSize, out);
  }
  return out;
}

function byExactLength(shuffled: Uint32Array, lengths: Int32Array, batchSize: number): Uint32Array[] {
  const groups = new Map<number, number[]>();
  for (const i of shuffled) {
    const g = groups.get(lengths[i]);
    if (g) g.push(i);
    else groups.set(lengths[i], [i]);
  }
  const out: Uint32Array[] = [];
  for (const len of [...groups.keys()].sort((a, b) => a - b)) cut(Uint32Array.from(groups.get(len)!), batchSize, out);
  return out;
}

/** Row-steps an epoch computes with this plan (each batch: its rows × its longest length) and how many are padding. */
export function paddingOf(plan: BatchPlan, lengths: Int32Array): { computed: number; padded: number; share: number } {
  let computed = 0;
  let real = 0;
  for (let k = 0; k + 1 < plan.starts.length; k++) {
    let longest = 0;
    for (let p = plan.starts[k]; p < plan.starts[k + 1]; p++) {
      const len = lengths[plan.order[p]];
      longest = Math.max(longest, len);
      real += len;
    }
    computed += longest * (plan.starts[k + 1] - plan.starts[k]);
  }
  return { computed, padded: computed - real, share: computed === 0 ? 0 : (computed - real) / computed };
}
