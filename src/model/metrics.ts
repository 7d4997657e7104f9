/**
 * The chapter's metrics, accumulated batch by batch:
 *  loss: Σ over samples and output steps of L, divided by the samples (the quantity SGD descends);
 *  regression: R² = 1 − mean((a−y)²) / var(y), over every output value;
 *  binary: a sample is right only if every output (every bit, every step) is on the right side of 0.5,
 *    where a = 0.5 exactly counts as 0 (as the book's np.round does: with no bias, the first step of a
 *    zero input outputs exactly 0.5, and binary subtraction's 0 − 0 bits must read as 0);
 *  multiclass: a sample is right only if the argmax matches at every output step.
 * Beside them, what a user reads in the data's own terms (when the dataset says what labels mean):
 *  regression: RMSE and MAE in the label's units (scaled errors × the scaling range, µg/m³ for PM2.5);
 *  multiclass: the confusion matrix and each class's precision, recall and F1 (every output step counts);
 *  binary: the confusion matrix of every output value (every bit, every step) at accuracy's threshold,
 *    classes "0" and "1" in the multiclass form, so its row totals give the majority class as they do there.
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
  /** Root mean squared error in the label's own units (regression, when the scaling is known; PM2.5: µg/m³). */
  rmse?: number;
  /** Mean absolute error in the label's own units. */
  mae?: number;
  /** Classifiers: confusion[true class][predicted class] = count, keyed by class name (binary: "0" and "1", over every output value). */
  confusion?: Record<string, Record<string, number>>;
  /** Multiclass: per class name, precision and recall of "predicted this class", F1, and support (true count). */
  classes?: Record<string, ClassScores>;
}

export interface ClassScores { precision: number; recall: number; f1: number; support: number }

/** What labels mean outside the net; both optional, and without them the metrics are the chapter's alone. */
export interface LabelMeaning {
  /** Regression: label units per scaled unit (max − min of the min-max constants): errors × this = the label's units. */
  unitsPerScaled?: number;
  /** Multiclass: the name of each class, in output order (PM2.5: "<50", …, "≥300"). */
  classNames?: readonly string[];
}

export class MetricAccumulator {
  private lossSum = 0;
  private samples = 0;
  private correct = 0;
  private sse = 0;
  private ySum = 0;
  private ySqSum = 0;
  private values = 0;
  private absSum = 0;
  /** [true][predicted], row-major: outputSize × outputSize (multiclass), 2 × 2 (binary: 0 and 1). */
  private readonly counts: Float64Array;

  constructor(readonly netType: NetType, readonly outputSize: number, readonly labels: LabelMeaning = {}) {
    this.counts = new Float64Array(netType === 'multiclass' ? outputSize * outputSize : netType === 'binary' ? 4 : 0);
  }

  addLoss(lossSum: number, rows: number): void {
    this.lossSum += lossSum;
    this.samples += rows;
  }

  /**
   * Adds one output step of a batch: A and Y hold [rows×output]. `rightSoFar[r]` starts at 1 for a
   * new batch and is cleared by any wrong step, so multi-step samples count only if all steps are right.
   * With `lengths` (variable-length rows, each-step mode) this is step t, and rows with t ≥ their
   * length are padding: not counted.
   */
  addOutputs(A: Float64Array, aOff: number, Y: Float64Array, yOff: number, rows: number, rightSoFar: Uint8Array, lengths?: Int32Array, t = 0): void {
    const o = this.outputSize;
    for (let r = 0; r < rows; r++) {
      if (lengths && t >= lengths[r]) continue;
      const a0 = aOff + r * o;
      const y0 = yOff + r * o;
      if (this.netType === 'regression') {
        for (let j = 0; j < o; j++) {
          const y = Y[y0 + j];
          const d = A[a0 + j] - y;
          this.sse += d * d;
          this.absSum += Math.abs(d);
          this.ySum += y;
          this.ySqSum += y * y;
          this.values++;
        }
      } else if (this.netType === 'binary') {
        for (let j = 0; j < o; j++) {
          const predicted = A[a0 + j] > 0.5 ? 1 : 0;
          const truth = Y[y0 + j] > 0.5 ? 1 : 0;
          this.counts[truth * 2 + predicted]++;
          if (predicted !== truth) rightSoFar[r] = 0;
        }
      } else {
        const predicted = argmax(A, a0, o);
        const truth = argmax(Y, y0, o);
        this.counts[truth * o + predicted]++;
        if (predicted !== truth) rightSoFar[r] = 0;
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
      const units = this.labels.unitsPerScaled;
      if (units !== undefined) {
        m.rmse = Math.sqrt(this.sse / this.values) * units;
        m.mae = (this.absSum / this.values) * units;
      }
    } else {
      m.accuracy = this.samples ? this.correct / this.samples : NaN;
      if (this.netType === 'multiclass') Object.assign(m, classReport(this.counts, this.outputSize, this.labels.classNames));
      // Binary: the matrix alone, classes named by their bit ("0", "1"); per-class scores of bits would
      // add lines to every console summary for little.
      else m.confusion = classReport(this.counts, 2).confusion;
    }
    return m;
  }
}

/** The confusion matrix and per-class scores from counts [true][predicted]; a score with nothing to divide by is 0 (as scikit-learn's default). */
function classReport(counts: Float64Array, o: number, names?: readonly string[]): Pick<Metrics, 'confusion' | 'classes'> {
  const name = (k: number) => names?.[k] ?? String(k);
  const confusion: Record<string, Record<string, number>> = {};
  const classes: Record<string, ClassScores> = {};
  for (let k = 0; k < o; k++) {
    let support = 0, predicted = 0;
    const row: Record<string, number> = {};
    for (let j = 0; j < o; j++) {
      row[name(j)] = counts[k * o + j];
      support += counts[k * o + j];
      predicted += counts[j * o + k];
    }
    confusion[name(k)] = row;
    const hits = counts[k * o + k];
    const precision = predicted > 0 ? hits / predicted : 0;
    const recall = support > 0 ? hits / support : 0;
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    classes[name(k)] = { precision, recall, f1, support };
  }
  return { confusion, classes };
}

export function argmax(X: ArrayLike<number>, off: number, n: number): number {
  let best = 0;
  for (let j = 1; j < n; j++) if (X[off + j] > X[off + best]) best = j;
  return best;
}
