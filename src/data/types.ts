/**
 * What the training loop needs from a dataset: splits of fixed-length sequences that can gather any
 * set of samples into a time-major batch buffer. Datasets store their samples however suits them
 * (windows over one series buffer, or dense sequences) and copy only when a batch is gathered.
 */

import type { LabelMeaning, Metrics } from '../model/metrics.js';
import type { Rnn } from '../model/rnn.js';
import type { BatchPlan } from './length-batches.js';

export interface SequenceSplit {
  /** Number of sequences (samples) in this split. */
  readonly size: number;
  readonly timesteps: number;
  readonly inputSize: number;
  /** Width of a label vector: 1 for regression and binary, the class count for multiclass (one-hot). */
  readonly outputSize: number;
  /** true: a label at every step ([T][rows][out]); false: only at the last step ([rows][out]). */
  readonly labelsPerStep: boolean;
  /** [size] each sample's length, 1 … timesteps (variable-length sequences); absent: every sample has `timesteps` steps. */
  readonly lengths?: Int32Array;
  /**
   * Writes samples order[from], …, order[from+rows−1] into x (time-major [T][rows][input]) and
   * y ([T][rows][output] with labels per step, else [rows][output]).
   * With `lengths` (a split that has them): T is the longest of those rows' lengths, their lengths go
   * to lengths[0 … rows−1], and padded steps of x and y hold finite values (zeros; nothing reads them).
   */
  gather(order: ArrayLike<number>, from: number, rows: number, x: Float64Array, y: Float64Array, lengths?: Int32Array): void;
  /** A split with lengths: epoch `epoch`'s batches, grouped by length (length-batches.ts), from that epoch's shuffled order. */
  planBatches?(shuffled: Uint32Array, batchSize: number, epoch: number): BatchPlan;
}

/** A dataset's training-time state: named numbers and Float64Arrays, saved exactly. */
export type TrainingDataState = Record<string, number | Float64Array>;

/** Metrics k hours ahead, keyed "1h", "2h", …, on the validation and on the test windows. */
export interface HorizonSplits { validation: Record<string, Metrics>; test: Record<string, Metrics> }

export interface SequenceSet {
  train: SequenceSplit;
  validation: SequenceSplit;
  test: SequenceSplit;
  /** What the labels mean outside the net (scaling range, class names), so metrics also read in the data's own terms. */
  labelMeaning?: LabelMeaning;
  /** Facts a run should keep (normalisation constants, class thresholds, row counts …); JSON-serialisable. */
  info: Record<string, unknown>;
  /**
   * A naive predictor's metrics on the same splits (PM2.5: persistence), so a user sees whether the net
   * learned anything; with horizons, also k hours ahead on the windows horizonMetrics scores.
   */
  baseline?: { name: string; validation: Metrics; test: Metrics; horizons?: HorizonSplits; pooled?: HorizonSplits };
  /** Dataset-specific evaluations that need the trained net (PM2.5 value: R² k hours ahead), keyed by a label such as "1h". */
  horizonMetrics?(net: Rnn, split: 'validation' | 'test'): Record<string, Metrics>;
  /** The book's pooled block metric for each block size p (PM2.5 value: data.horizons), keyed "1h", "2h", … (pm25/pooled.ts). */
  pooledMetrics?(net: Rnn, split: 'validation' | 'test'): Record<string, Metrics>;
  /**
   * Called by the training loop at the start of every epoch, before its shuffle: a dataset whose
   * training windows depend on the net (PM2.5 feedbackTraining) updates them here. train.size never changes.
   */
  refreshTraining?(net: Rnn, epoch: number): void;
  /** What refreshTraining changed, exactly (a TrainingState keeps it so that a resumed run trains on the same windows). */
  saveTrainingState?(): TrainingDataState;
  restoreTrainingState?(state: TrainingDataState): void;
}

/** What a dataset loader may use besides its own options. */
export interface DatasetContext {
  /** The experiment's seed; draw from new Random(seed, 'data') / new Random(seed, 'validation'). */
  seed: number;
  /** Folder of the experiment file: user files (csv) resolve from here. */
  baseDir: string;
  /** Folder of the rnnflow package (holds data/): shipped files resolve from here first. */
  packageDir: string;
  /** Named files held elsewhere (ExperimentSource.files): looked up before any folder. */
  files?: Readonly<Record<string, string>>;
}
