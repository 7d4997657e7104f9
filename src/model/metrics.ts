/**
 * The chapter's metrics, accumulated batch by batch:
 *  loss: Σ over samples and output steps of L, divided by the samples (the quantity SGD descends);
 *  regression: R² = 1 − mean((a−y)²) / var(y), over every output value;
 *  binary: a sample is right only if every output (every bit, every step) is on the right side of 0.5,
 *    where a = 0.5 exactly counts as 0 (as the book's np.round does: with no bias, the first step of a
 *    zero input outputs exactly 0.5, and binary subtraction's 0 − 0 bits must read as 0);
 *  multiclass: a sample is right only if the argmax matches at every output step.
 */
import type { NetType } from './spec.js';

export interface Metrics {
  /** Mean loss per sample. */
  loss: number;
  /** Fraction of samples right (classifiers). */
  accuracy?: number;
  /** Coefficient of determination (regression). */
  r2?: number;
  /** Samples evaluated. */
  samples: number;
}

export class MetricAccumulator {
  private lossSum = 0;
  private samples = 0;
  private correct = 0;
  private sse = 0;
  private ySum = 0;
  private ySqSum = 0;
  private values = 0;

  constructor(readonly netType: NetType, readonly outputSize: number) {}

  addLoss(lossSum: number, rows: number): void {
    this.lossSum += lossSum;
    this.samples += rows;
  }

  /**
   * Adds one output step of a batch: A and Y hold [rows×output]. `rightSoFar[r]` starts at 1 for a
   * new batch and is cleared by any wrong step, so multi-step samples count only if all steps are right.
   */
  addOutputs(A: Float64Array, aOff: number, Y: Float64Array, yOff: number, rows: number, rightSoFar: Uint8Array): void {
    const o = this.outputSize;
    for (let r = 0; r < rows; r++) {
      const a0 = aOff + r * o;
      const y0 = yOff + r * o;
      if (this.netType === 'regression') {
        for (let j = 0; j < o; j++) {
          const y = Y[y0 + j];
          const d = A[a0 + j] - y;
          this.sse += d * d;
          this.ySum += y;
          this.ySqSum += y * y;
          this.values++;
        }
      } else if (this.netType === 'binary') {
        for (let j = 0; j < o; j++) if ((A[a0 + j] > 0.5 ? 1 : 0) !== (Y[y0 + j] > 0.5 ? 1 : 0)) rightSoFar[r] = 0;
      } else if (argmax(A, a0, o) !== argmax(Y, y0, o)) {
        rightSoFar[r] = 0;
      }
    }
  }

  /** Counts the samples of a batch whose every step was right. */
  addVerdicts(rightSoFar: Uint8Array, rows: number): void {
    for (let r = 0; r < rows; r++) this.correct += rightSoFar[r];
  }

  result(): Metrics {
    const m: Metrics = { loss: this.samples ? this.lossSum / this.samples : NaN, samples: this.samples };
    if (this.netType === 'regression') {
      const mean = this.ySum / this.values;
      const variance = this.ySqSum / this.values - mean * mean;
      m.r2 = 1 - this.sse / this.values / variance;
    } else {
      m.accuracy = this.samples ? this.correct / this.samples : NaN;
    }
    return m;
  }
}

export function argmax(X: ArrayLike<number>, off: number, n: number): number {
  let best = 0;
  for (let j = 1; j < n; j++) if (X[off + j] > X[off + best]) best = j;
  return best;
}
