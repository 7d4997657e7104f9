/**
 * Sequences stored one after another, for small generated datasets (echo, binary subtraction):
 * x [n][T][input], y [n][T][output] or [n][output], all in two Float64Arrays.
 */
import type { SequenceSplit } from './types.js';

export class DenseSequences implements SequenceSplit {
  constructor(
    readonly size: number,
    readonly timesteps: number,
    readonly inputSize: number,
    readonly outputSize: number,
    readonly labelsPerStep: boolean,
    /** [size][T][input] */ readonly x: Float64Array,
    /** [size][T][output] with labels per step, else [size][output] */ readonly y: Float64Array,
  ) {
    const ySteps = labelsPerStep ? timesteps : 1;
    if (x.length !== size * timesteps * inputSize) throw new RangeError(`DenseSequences: x has ${x.length} values, expected ${size * timesteps * inputSize}`);
    if (y.length !== size * ySteps * outputSize) throw new RangeError(`DenseSequences: y has ${y.length} values, expected ${size * ySteps * outputSize}`);
  }

  gather(order: ArrayLike<number>, from: number, rows: number, xOut: Float64Array, yOut: Float64Array): void {
    const { timesteps: T, inputSize: n, outputSize: o } = this;
    const ySteps = this.labelsPerStep ? T : 1;
    for (let r = 0; r < rows; r++) {
      const i = order[from + r];
      for (let t = 0; t < T; t++) {
        const src = (i * T + t) * n;
        const dst = (t * rows + r) * n;
        for (let j = 0; j < n; j++) xOut[dst + j] = this.x[src + j];
      }
      for (let t = 0; t < ySteps; t++) {
        const src = (i * ySteps + t) * o;
        const dst = (t * rows + r) * o;
        for (let j = 0; j < o; j++) yOut[dst + j] = this.y[src + j];
      }
    }
  }

  /** The samples at `indices` as a new split (e.g. a validation subset). */
  subset(indices: ArrayLike<number>): DenseSequences {
    const { timesteps: T, inputSize: n, outputSize: o } = this;
    const ySteps = this.labelsPerStep ? T : 1;
    const m = indices.length;
    const x = new Float64Array(m * T * n);
    const y = new Float64Array(m * ySteps * o);
    for (let k = 0; k < m; k++) {
      const i = indices[k];
      x.set(this.x.subarray(i * T * n, (i + 1) * T * n), k * T * n);
      y.set(this.y.subarray(i * ySteps * o, (i + 1) * ySteps * o), k * ySteps * o);
    }
    return new DenseSequences(m, T, n, o, this.labelsPerStep, x, y);
  }
}
