/**
 * Samples of different lengths stored end to end, gathered into padded time-major batches. A batch's
 * steps are its longest row's length; shorter rows are zero-filled past their end (the engine reads
 * `lengths` and never uses those values). Inputs are either token ids, one-hot encoded at gather time
 * (a `<unk>` id writes an all-zero row), or numbers per step.
 *
 * Without `lengths` in gather (a caller that knows only fixed lengths), rows are padded to `timesteps`.
 */
import { Random } from '../core/random.js';
import { planBatches, type BatchGrouping, type BatchPlan } from './length-batches.js';
import type { SequenceSplit } from './types.js';

/** Where each sample's steps sit: sample i has steps offsets[i] … offsets[i+1]−1. */
export interface SequenceInputs {
  /** [size + 1] */ offsets: Int32Array;
  /** One-hot inputs: [Σ steps] token ids, −1 = `<unk>`; width = vocabulary size. */
  tokenIds?: Int32Array;
  /** Numeric inputs: [Σ steps][width]. */
  features?: Float64Array;
  /** Values per step: the vocabulary size, or the number of features. */
  width: number;
}

export class VariableSequences implements SequenceSplit {
  readonly size: number;
  readonly inputSize: number;
  /** [size] each sample's steps, 1 … timesteps. */
  readonly lengths: Int32Array;

  constructor(
    readonly inputs: SequenceInputs,
    /** The longest a sample may be (the spec's timesteps). */
    readonly timesteps: number,
    readonly outputSize: number,
    readonly labelsPerStep: boolean,
    /** Labels per step: [Σ steps][output] at inputs.offsets; else [size][output]. */
    readonly labels: Float64Array,
    /** Seeds the order of batches within each epoch (planBatches). */
    readonly seed: number,
    readonly grouping: BatchGrouping,
  ) {
    const { offsets, width } = inputs;
    this.size = offsets.length - 1;
    this.inputSize = width;
    this.lengths = new Int32Array(this.size);
    for (let i = 0; i < this.size; i++) {
      const n = offsets[i + 1] - offsets[i];
      if (n < 1 || n > timesteps) throw new RangeError(`VariableSequences: sample ${i} has ${n} steps; expected 1 … ${timesteps}`);
      this.lengths[i] = n;
    }
    const steps = offsets[this.size];
    const yRows = labelsPerStep ? steps : this.size;
    if (labels.length !== yRows * outputSize) throw new RangeError(`VariableSequences: labels hold ${labels.length} values, expected ${yRows * outputSize}`);
  }

  /** The longest of rows order[from …from+rows−1]. */
  stepsOf(order: ArrayLike<number>, from: number, rows: number): number {
    let steps = 0;
    for (let r = 0; r < rows; r++) steps = Math.max(steps, this.lengths[order[from + r]]);
    return steps;
  }

  gather(order: ArrayLike<number>, from: number, rows: number, x: Float64Array, y: Float64Array, lengths?: Int32Array): void {
    const steps = lengths ? this.stepsOf(order, from, rows) : this.timesteps;
    const n = this.inputSize;
    const o = this.outputSize;
    const { offsets, tokenIds, features } = this.inputs;
    x.fill(0, 0, steps * rows * n);
    y.fill(0, 0, (this.labelsPerStep ? steps : 1) * rows * o);
    for (let r = 0; r < rows; r++) {
      const i = order[from + r];
      const start = offsets[i];
      const len = this.lengths[i];
      if (lengths) lengths[r] = len;
      for (let t = 0; t < len; t++) {
        const dst = (t * rows + r) * n;
        if (tokenIds) {
          const id = tokenIds[start + t];
          if (id >= 0) x[dst + id] = 1;
        } else {
          const src = (start + t) * n;
          for (let j = 0; j < n; j++) x[dst + j] = features![src + j];
        }
      }
      if (this.labelsPerStep) {
        for (let t = 0; t < len; t++) {
          const src = (start + t) * o;
          const dst = (t * rows + r) * o;
          for (let j = 0; j < o; j++) y[dst + j] = this.labels[src + j];
        }
      } else {
        for (let j = 0; j < o; j++) y[r * o + j] = this.labels[i * o + j];
      }
    }
  }

  /** Epoch `epoch`'s batches: `shuffled` (that epoch's order) grouped by length, the batches in a seeded order. */
  planBatches(shuffled: Uint32Array, batchSize: number, epoch: number): BatchPlan {
    return planBatches(shuffled, this.lengths, batchSize, this.grouping, new Random(this.seed, `batches:${epoch}`));
  }
}
