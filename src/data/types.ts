/**
 * What the training loop needs from a dataset: splits of fixed-length sequences that can gather any
 * set of samples into a time-major batch buffer. Datasets store their samples however suits them
 * (windows over one series buffer, or dense sequences) and copy only when a batch is gathered.
 */

export interface SequenceSplit {
  /** Number of sequences (samples) in this split. */
  readonly size: number;
  readonly timesteps: number;
  readonly inputSize: number;
  /** Width of a label vector: 1 for regression and binary, the class count for multiclass (one-hot). */
  readonly outputSize: number;
  /** true: a label at every step ([T][rows][out]); false: only at the last step ([rows][out]). */
  readonly labelsPerStep: boolean;
  /**
   * Writes samples order[from], …, order[from+rows−1] into x (time-major [T][rows][input]) and
   * y ([T][rows][output] with labels per step, else [rows][output]).
   */
  gather(order: ArrayLike<number>, from: number, rows: number, x: Float64Array, y: Float64Array): void;
}

export interface SequenceSet {
  train: SequenceSplit;
  validation: SequenceSplit;
  test: SequenceSplit;
  /** Facts a run should keep (normalisation constants, class thresholds, row counts …). */
  info: Record<string, unknown>;
}
