/**
 * Feedback training for the PM2.5 multi-hour forecast: "Data as Demonstrator" (Venkatraman, Hebert,
 * Bagnell, AAAI 2015). The horizon forecast (horizon.ts) feeds each prediction back as the next
 * row's pollution input, so from the second hour on the net sees its own predictions where it was
 * trained on true pollution, and its errors compound.
 *
 * This training split holds the training windows, then one added window per (origin, depth): every
 * `every` epochs the current net is rolled forward `steps` hours from each training window (origin
 * rows s … s+T−1) exactly as the horizon forecast does, giving p_1 … p_steps for the pollution of rows
 * s+T … s+T+steps−1; the added window at depth d covers rows s+d … s+d+T−1 with the pollution of each
 * row past s+T−1 replaced by its prediction, and keeps the TRUE label of its last row. The fed-back
 * inputs are plain numbers (no gradient flows through them); BPTT is unchanged.
 *
 * The size is fixed (only slots whose label lies in the training block exist), so epochs and checks
 * keep their length. Until the first refresh the predictions are the true pollution: the added
 * windows repeat training windows. Deterministic: the roll-out reads only the net and the series.
 */
import { UserError } from '../../core/errors.js';
import type { Rnn } from '../../model/rnn.js';
import { fedInputOf, writeRolledWindow } from './horizon.js';
import type { SequenceSplit, TrainingDataState } from '../types.js';
import type { WindowedSeries } from '../windows.js';

export interface FeedbackOptions {
  /** Re-roll the net at the start of epochs every, 2·every, … (never at epoch 0). */
  every: number;
  /** Hours each origin window is rolled forward: depths 1 … steps are added. */
  steps: number;
}

export class FeedbackTrainingSplit implements SequenceSplit {
  readonly size: number;
  readonly timesteps: number;
  readonly inputSize: number;
  readonly outputSize = 1;
  readonly labelsPerStep = false;
  /** Per added slot: its origin window (index into base) and depth 1 … steps. */
  readonly slotOrigin: Uint32Array;
  readonly slotDepth: Uint16Array;
  /** [base.size][steps]: the pollution fed back for rows start+T … start+T+steps−1 of each origin. */
  readonly preds: Float64Array;
  /** How many roll-outs have run. */
  refreshes = 0;

  /**
   * base: the training windows (scaled pollution as input 0 and as label, one label per row);
   * lastLabelRow: the last row of the training block whose label may be trained on.
   */
  constructor(readonly base: WindowedSeries, readonly options: FeedbackOptions, lastLabelRow: number) {
    if (base.outputSize !== 1) throw new UserError(`data.feedbackTraining needs data.target "value" (one output), not ${base.outputSize} outputs`);
    const { steps } = options;
    this.timesteps = base.timesteps;
    this.inputSize = base.inputSize;
    const origin: number[] = [];
    const depth: number[] = [];
    for (let d = 1; d <= steps; d++) {
      for (let o = 0; o < base.size; o++) {
        if (base.labelRow(o) + d <= lastLabelRow) { origin.push(o); depth.push(d); }
      }
    }
    this.slotOrigin = Uint32Array.from(origin);
    this.slotDepth = Uint16Array.from(depth);
    this.size = base.size + origin.length;
    this.preds = new Float64Array(base.size * steps);
    const fed = fedInputOf(base);
    const { series, inputSize: n, timesteps: T, starts } = base;
    const rows = series.length / n;
    for (let o = 0; o < base.size; o++) {
      for (let j = 0; j < steps; j++) {
        const row = starts[o] + T + j;
        this.preds[o * steps + j] = row < rows ? series[row * n + fed] : 0;
      }
    }
  }

  /** At the start of each epoch: rolls the current net forward from every origin when epoch is a positive multiple of `every`. */
  refresh(net: Rnn, epoch: number, batchSize = 512): boolean {
    if (epoch === 0 || epoch % this.options.every !== 0) return false;
    const { base, timesteps: T, inputSize: n } = this;
    const K = this.options.steps;
    const spec = net.spec;
    if (spec.netType !== 'regression' || spec.outputSize !== 1 || spec.timesteps !== T || spec.inputSize !== n) {
      throw new UserError(`feedback training needs a regression net with ${T} timesteps, ${n} inputs and 1 output`);
    }
    const { series, starts } = base;
    const B = Math.max(1, Math.min(batchSize, base.size));
    /** time-major [T][B][input] */ const x = new Float64Array(T * B * n);
    for (let from = 0; from < base.size; from += B) {
      const rows = Math.min(B, base.size - from);
      for (let k = 1; k <= K; k++) {
        for (let r = 0; r < rows; r++) {
          const o = from + r;
          writeRolledWindow(x, rows, r, series, n, T, starts[o], k, this.preds, o * K, base.fedInput);
        }
        net.forwardBatch(x, rows);
        const a = net.output(T - 1);
        for (let r = 0; r < rows; r++) this.preds[(from + r) * K + k - 1] = a[r];
      }
    }
    this.refreshes++;
    return true;
  }

  /** The predictions fed back now and the roll-out count (a TrainingState keeps them). */
  saveState(): TrainingDataState {
    return { preds: this.preds.slice(), refreshes: this.refreshes };
  }

  restoreState(state: TrainingDataState): void {
    const { preds, refreshes } = state;
    if (!(preds instanceof Float64Array) || preds.length !== this.preds.length || typeof refreshes !== 'number') {
      throw new RangeError(`feedback training state: expected ${this.preds.length} predictions and a roll-out count`);
    }
    this.preds.set(preds);
    this.refreshes = refreshes;
  }

  gather(order: ArrayLike<number>, from: number, rows: number, x: Float64Array, y: Float64Array): void {
    const { base, timesteps: T, inputSize: n } = this;
    const K = this.options.steps;
    const { series, labels, starts } = base;
    for (let r = 0; r < rows; r++) {
      const i = order[from + r];
      let start: number;
      /** first row whose pollution is fed back, and where its predictions start */ let fedFrom = Infinity, p = 0;
      if (i < base.size) {
        start = starts[i];
      } else {
        const o = this.slotOrigin[i - base.size];
        start = starts[o] + this.slotDepth[i - base.size];
        fedFrom = starts[o] + T;
        p = o * K - fedFrom;
      }
      for (let t = 0; t < T; t++) {
        const row = start + t;
        const dst = (t * rows + r) * n;
        for (let j = 0; j < n; j++) x[dst + j] = series[row * n + j];
        if (row >= fedFrom) x[dst + base.fedInput] = this.preds[p + row];
      }
      y[r] = labels[start + T - 1];
    }
  }
}
