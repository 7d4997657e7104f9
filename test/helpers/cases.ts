/** Random specs, parameters and batches for the numeric tests, all from a seeded stream. */
import { Rnn } from '../../src/model/rnn.js';
import { Random } from '../../src/core/random.js';
import type { NetType, OutputMode, RnnSpec } from '../../src/model/spec.js';

export interface Case {
  net: Rnn;
  /** time-major [T][rows][input] */ x: Float64Array;
  /** [outputSteps][rows][output] */ y: Float64Array;
  rows: number;
  /** [rows] each row's length, 1 … steps (withLengths); absent: every row has the spec's T steps. */
  lengths?: Int32Array;
  /** x's step count with lengths: their maximum, ≤ the spec's T. */
  steps?: number;
  /** A training forward's dropout mask key (a net with dropout); absent: no dropout. */
  dropoutKey?: number;
}

/**
 * The case cut to a random step count S ≤ T with random row lengths 1 … S (one row has S), and every
 * padded step of x and y (each-step labels) overwritten by padding(): the engine must never read them.
 */
export function withLengths(rng: Random, c: Case, padding: () => number = () => rng.normal() * 1e3): Case {
  const { inputSize: n, outputSize: o, timesteps: T, outputMode } = c.net.spec, rows = c.rows;
  const steps = rng.int(1, T);
  const lengths = Int32Array.from({ length: rows }, () => rng.int(1, steps));
  lengths[rng.int(0, rows - 1)] = steps;
  const x = c.x.slice(0, steps * rows * n), each = outputMode === 'each';
  const y = each ? c.y.slice(0, steps * rows * o) : c.y.slice();
  for (let t = 0; t < steps; t++) for (let r = 0; r < rows; r++) {
    if (t < lengths[r]) continue;
    for (let j = 0; j < n; j++) x[(t * rows + r) * n + j] = padding();
    if (each) for (let j = 0; j < o; j++) y[(t * rows + r) * o + j] = padding();
  }
  return { ...c, x, y, lengths, steps };
}

export function randomCase(
  rng: Random, netType: NetType, outputMode: OutputMode, bias: boolean, timesteps: number, rows: number,
  sizes: Partial<Pick<RnnSpec, 'inputSize' | 'hiddenSize' | 'outputSize' | 'cell' | 'bidirectional' | 'embeddingSize' | 'dtype' | 'dropout'>> = {},
): Case {
  const spec: RnnSpec = {
    netType, outputMode, timesteps, bias,
    inputSize: sizes.inputSize ?? 3,
    hiddenSize: sizes.hiddenSize ?? 4,
    outputSize: sizes.outputSize ?? (netType === 'multiclass' ? 3 : netType === 'binary' ? 2 : 2),
    ...(sizes.cell ? { cell: sizes.cell } : {}),
    ...(sizes.bidirectional ? { bidirectional: sizes.bidirectional } : {}),
    ...(sizes.embeddingSize ? { embeddingSize: sizes.embeddingSize } : {}),
    ...(sizes.dtype ? { dtype: sizes.dtype } : {}),
    ...(sizes.dropout ? { dropout: sizes.dropout } : {}),
  };
  const net = new Rnn(spec);
  for (let i = 0; i < net.params.flat.length; i++) net.params.flat[i] = rng.normal() * 0.7;
  const x = new Float64Array(timesteps * rows * spec.inputSize).map(() => rng.normal());
  // With an embedding the input is one-hot tokens, a fifth of them the unknown token (all zeros).
  if (spec.embeddingSize) {
    x.fill(0);
    for (let k = 0; k < timesteps * rows; k++) if (rng.uniform() < 0.8) x[k * spec.inputSize + rng.int(0, spec.inputSize - 1)] = 1;
  }
  const steps = outputMode === 'each' ? timesteps : 1;
  const o = spec.outputSize;
  const y = new Float64Array(steps * rows * o);
  for (let k = 0; k < steps * rows; k++) {
    if (netType === 'regression') for (let j = 0; j < o; j++) y[k * o + j] = rng.normal();
    else if (netType === 'binary') for (let j = 0; j < o; j++) y[k * o + j] = rng.int(0, 1);
    else y[k * o + rng.int(0, o - 1)] = 1;
  }
  return { net, x, y, rows };
}

/** Loss of the current parameters on the case (sum over rows and output steps). */
export function caseLoss(c: Case): number {
  c.net.forwardBatch(c.x, c.rows, c.lengths, c.steps, c.dropoutKey);
  return c.net.lossSum(c.y);
}

/** Time-major data [count][rows][width] as nested arrays, one [rows][width] matrix per step (the reference's input). */
export function steps(data: Float64Array, count: number, rows: number, width: number): number[][][] {
  return Array.from({ length: count }, (_, t) =>
    Array.from({ length: rows }, (_, r) => Array.from(data.subarray((t * rows + r) * width, (t * rows + r + 1) * width))));
}

/** Time-major [count][rows][width] as batch-major nested arrays [rows][count][width] (the reference's x and y). */
export function byRow(data: Float64Array, count: number, rows: number, width: number): number[][][] {
  return Array.from({ length: rows }, (_, r) => Array.from({ length: count }, (_, t) =>
    Array.from(data.subarray((t * rows + r) * width, (t * rows + r + 1) * width))));
}

/** Largest |a[i] − b[i]|; nested matrices are compared after .flat(). */
export function maxAbsDiff(a: ArrayLike<number> | number[][], b: ArrayLike<number> | number[][]): number {
  const fa = Array.isArray(a) ? (a as number[][]).flat() : a;
  const fb = Array.isArray(b) ? (b as number[][]).flat() : b;
  let m = 0;
  for (let i = 0; i < fa.length; i++) m = Math.max(m, Math.abs(fa[i] - fb[i]));
  return m;
}
