/**
 * The source of the training graph: epochs → seeded shuffle → batches gathered into reused buffers.
 * Each epoch's order derives from (seed, epoch) (shuffle.ts), so the source can start at any
 * position: a resumed run starts at the iteration its TrainingState was taken at. A split of
 * sequences of different lengths plans each epoch's batches from that order (grouped by length,
 * data/length-batches.ts, also fixed by (seed, epoch)) and each batch carries its rows' lengths.
 *
 * It is a synchronous loop that hands each batch downstream, where forward, backward and update
 * run synchronously before next() returns; that is why one pair of buffers can serve every batch.
 * Every `yieldEveryMs` it awaits a macrotask so that progress redraws, timers and Ctrl-C get a turn
 * (by time rather than per batch, so small fast batches do not pay for it).
 */
import { Observable } from 'rxjs';
import type { SequenceSplit } from '../data/types.js';
import { paddingOf } from '../data/length-batches.js';
import type { EpochShuffle } from './shuffle.js';

/** One batch in flight. The object and its buffers are reused: read it before the next one comes. */
export interface Batch {
  /** 0-based epoch. */ epoch: number;
  /** 1-based iteration over the whole run. */ iteration: number;
  /** 1-based position of this batch in its epoch. */ indexInEpoch: number;
  batchesInEpoch: number;
  rows: number;
  /** time-major [T][rows][input] */ x: Float64Array;
  /** [outputSteps][rows][output] */ y: Float64Array;
  /** [rows] each row's real step count, 1 … steps (a split with lengths); absent: every row has the spec's T steps. */
  lengths?: Int32Array;
  /**
   * This batch's T with lengths: the longest length in it, ≤ the spec's timesteps; x is time-major
   * [steps][rows][input], y [steps][rows][out] (each) or [rows][out] (last).
   */
  steps?: number;
  /** Set by the forward operator: loss summed over the batch's rows and output steps. */ lossSum: number;
  /** Set by the update operator: the learning rate used. */ eta: number;
}

export interface BatchSourceOptions {
  split: SequenceSplit;
  batchSize: number;
  maxEpochs: number;
  shuffle: EpochShuffle;
  /** Iterations already done (a resumed run); default 0. */
  startIteration?: number;
  yieldEveryMs?: number;
  /** Checked before every batch: true ends the stream (a stop condition, divergence, or Ctrl-C). */
  shouldStop?: () => boolean;
  /** Called at the start of every epoch, before its first batch (e.g. to refresh net-dependent training windows; the split's size must not change); not for the epoch a resumed run starts inside. */
  beforeEpoch?: (epoch: number) => void;
}

const immediate = () => new Promise<void>((resolve) => setImmediate(resolve));
/**
 * Two turns of the event loop: an immediate queued from an I/O callback (where training may have
 * started) runs before the loop polls again, and signals such as Ctrl-C are read when it polls; the
 * second immediate comes after that poll, so a pending signal is handled at every yield.
 */
const macrotask = async () => { await immediate(); await immediate(); };

/** The longest of the first `rows` lengths: the batch's step count. */
function longest(lengths: Int32Array, rows: number): number {
  let m = 0;
  for (let r = 0; r < rows; r++) m = Math.max(m, lengths[r]);
  return m;
}

export function batchesPerEpoch(size: number, batchSize: number): number {
  return Math.ceil(size / batchSize);
}

/** Batches in every epoch of this split: a split that plans by length may make more than ⌈size / batchSize⌉ (one length per batch). */
export function batchesPerEpochOf(split: SequenceSplit, batchSize: number): number {
  if (!split.planBatches) return batchesPerEpoch(split.size, batchSize);
  // The count does not depend on the order (length-batches.ts), so any order gives it.
  return split.planBatches(Uint32Array.from({ length: split.size }, (_, i) => i), batchSize, 0).starts.length - 1;
}

/** Epoch `epoch`'s training batches as the source will make them: rows × steps computed, and how many are padding. */
export function paddingInEpoch(split: SequenceSplit, shuffle: EpochShuffle, batchSize: number, epoch: number): { computed: number; padded: number; share: number } | undefined {
  if (!split.planBatches || !split.lengths) return undefined;
  return paddingOf(split.planBatches(shuffle.shuffleFor(epoch), batchSize, epoch), split.lengths);
}

export function trainingBatches(o: BatchSourceOptions): Observable<Batch> {
  return new Observable<Batch>((subscriber) => {
    const { split, batchSize, maxEpochs, shuffle } = o;
    const rowsMax = Math.min(batchSize, split.size);
    const ySteps = split.labelsPerStep ? split.timesteps : 1;
    const batch: Batch = {
      epoch: 0, iteration: 0, indexInEpoch: 0, batchesInEpoch: batchesPerEpochOf(split, batchSize), rows: 0,
      x: new Float64Array(split.timesteps * rowsMax * split.inputSize),
      y: new Float64Array(ySteps * rowsMax * split.outputSize),
      lossSum: 0, eta: 0,
      ...(split.lengths ? { lengths: new Int32Array(rowsMax), steps: 0 } : {}),
    };
    const yieldEveryMs = o.yieldEveryMs ?? 50;
    const start = o.startIteration ?? 0;
    const firstEpoch = Math.floor(start / batch.batchesInEpoch);
    batch.iteration = start;
    (async () => {
      let lastYield = performance.now();
      for (let epoch = firstEpoch; epoch < maxEpochs; epoch++) {
        const skip = epoch === firstEpoch ? start - firstEpoch * batch.batchesInEpoch : 0;
        if (skip === 0) o.beforeEpoch?.(epoch);
        const shuffled = shuffle.shuffleFor(epoch);
        if (split.size !== shuffled.length) throw new Error(`the training split changed size (${shuffled.length} → ${split.size}) at epoch ${epoch}`);
        const plan = split.planBatches?.(shuffled, batchSize, epoch);
        const order = plan?.order ?? shuffled;
        batch.epoch = epoch;
        for (let k = skip; k < batch.batchesInEpoch; k++) {
          if (subscriber.closed) return;
          if (o.shouldStop?.()) { subscriber.complete(); return; }
          const from = plan ? plan.starts[k] : k * batchSize;
          batch.rows = plan ? plan.starts[k + 1] - from : Math.min(batchSize, split.size - from);
          batch.indexInEpoch = k + 1;
          batch.iteration++;
          split.gather(order, from, batch.rows, batch.x, batch.y, batch.lengths);
          if (batch.lengths) batch.steps = longest(batch.lengths, batch.rows);
          subscriber.next(batch);
          if (performance.now() - lastYield > yieldEveryMs) {
            await macrotask();
            lastYield = performance.now();
          }
        }
      }
      subscriber.complete();
    })().catch((e) => subscriber.error(e));
  });
}
