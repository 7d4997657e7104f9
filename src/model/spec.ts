/** What a network is: the chapter's net types and output modes, its cell, layers and sizes. */

import {
  BIDIRECTIONAL_MODES, CELL_TYPES, NET_TYPES, OUTPUT_MODES,
  type Bidirectional, type CellType, type NetType, type OutputMode,
} from '../config/vocabulary.js';

import { FLOAT_TYPES, type FloatType } from '../tensor/float-array.js';

export {
  BIDIRECTIONAL_MODES, CELL_TYPES, NET_TYPES, OUTPUT_MODES,
  type Bidirectional, type CellType, type NetType, type OutputMode,
} from '../config/vocabulary.js';

export interface RnnSpec {
  netType: NetType;
  outputMode: OutputMode;
  /** T ≥ 1: the number of steps sharing one cell. */
  timesteps: number;
  inputSize: number;
  /** The state width of one layer, or of each layer of a stack, bottom first ([2, 2]: the book's §19.6 net). */
  hiddenSize: number | number[];
  outputSize: number;
  /** Whether the cells and the head have biases (the binary-subtraction net has none). */
  bias: boolean;
  /** The recurrent cell (default 'elman', the book's generic RNN). */
  cell?: CellType;
  /**
   * Each layer also run over the reversed sequence (default false): 'concat' hands on both
   * directions' states side by side (PyTorch), 'sum' their sum (the book's §19.7).
   */
  bidirectional?: Bidirectional;
  /**
   * The arithmetic (default 'float64'): 'float32' keeps parameters, gradients and every buffer in
   * float32 and runs the f32x4 kernels; deterministic too, but not the same numbers as float64.
   */
  dtype?: FloatType;
  /**
   * The width of a learned embedding of the input before the first layer (model.embedding.size;
   * default none): the input is then one-hot tokens over a vocabulary of inputSize, and the first
   * layer reads x·E, E [inputSize][embeddingSize] (PyTorch's nn.Embedding weight).
   */
  embeddingSize?: number;
  /**
   * Inverted dropout on each layer's output in training (model.dropout; default 0: none): between
   * stacked layers and before the head, as PyTorch's placement; off at evaluation (dropout.ts).
   */
  dropout?: number;
}

export const SPEC_FIELDS: readonly (keyof RnnSpec)[] = [
  'netType', 'outputMode', 'timesteps', 'inputSize', 'hiddenSize', 'outputSize', 'bias', 'cell', 'bidirectional', 'dtype', 'embeddingSize', 'dropout',
];

/** The layer widths, bottom first. */
export function hiddenSizes(spec: RnnSpec): number[] {
  return Array.isArray(spec.hiddenSize) ? spec.hiddenSize : [spec.hiddenSize];
}

/** The spec with every optional field at its value (cell 'elman', bidirectional false, dtype 'float64'); embeddingSize stays absent when the net has none. */
export function fullSpec(spec: RnnSpec): Required<Omit<RnnSpec, 'embeddingSize' | 'dropout'>> & Pick<RnnSpec, 'embeddingSize' | 'dropout'> {
  return { ...spec, cell: spec.cell ?? 'elman', bidirectional: spec.bidirectional ?? false, dtype: spec.dtype ?? 'float64' };
}

/** The spec's FloatType ('float64' unless it says float32). */
export function dtypeOfSpec(spec: RnnSpec): FloatType {
  return spec.dtype ?? 'float64';
}

const isSize = (v: unknown) => Number.isInteger(v) && (v as number) >= 1;

/** Throws an error naming the first field of `spec` that is missing or out of range. */
export function checkSpec(spec: RnnSpec): RnnSpec {
  if (spec === null || typeof spec !== 'object') throw new TypeError('Rnn spec: expected an object');
  if (!NET_TYPES.includes(spec.netType)) {
    throw new RangeError(`Rnn spec: netType must be one of ${NET_TYPES.join(', ')}, got ${JSON.stringify(spec.netType)}`);
  }
  if (!OUTPUT_MODES.includes(spec.outputMode)) {
    throw new RangeError(`Rnn spec: outputMode must be one of ${OUTPUT_MODES.join(', ')}, got ${JSON.stringify(spec.outputMode)}`);
  }
  for (const f of ['timesteps', 'inputSize', 'outputSize'] as const) {
    if (!isSize(spec[f])) throw new RangeError(`Rnn spec: ${f} must be an integer ≥ 1, got ${JSON.stringify(spec[f])}`);
  }
  const h = spec.hiddenSize;
  if (Array.isArray(h) ? h.length === 0 || !h.every(isSize) : !isSize(h)) {
    throw new RangeError(`Rnn spec: hiddenSize must be an integer ≥ 1 or a non-empty list of them (one per layer), got ${JSON.stringify(h)}`);
  }
  if (typeof spec.bias !== 'boolean') throw new TypeError(`Rnn spec: bias must be true or false, got ${JSON.stringify(spec.bias)}`);
  if (spec.cell !== undefined && !CELL_TYPES.includes(spec.cell)) {
    throw new RangeError(`Rnn spec: cell must be one of ${CELL_TYPES.join(', ')}, got ${JSON.stringify(spec.cell)}`);
  }
  if (spec.bidirectional !== undefined && !BIDIRECTIONAL_MODES.includes(spec.bidirectional)) {
    throw new RangeError(`Rnn spec: bidirectional must be one of ${BIDIRECTIONAL_MODES.map((m) => JSON.stringify(m)).join(', ')}, got ${JSON.stringify(spec.bidirectional)}`);
  }
  if (spec.dtype !== undefined && !FLOAT_TYPES.includes(spec.dtype)) {
    throw new RangeError(`Rnn spec: dtype must be one of ${FLOAT_TYPES.join(', ')}, got ${JSON.stringify(spec.dtype)}`);
  }
  if (spec.embeddingSize !== undefined && !isSize(spec.embeddingSize)) {
    throw new RangeError(`Rnn spec: embeddingSize must be an integer ≥ 1 (or absent: no embedding), got ${JSON.stringify(spec.embeddingSize)}`);
  }
  if (spec.dropout !== undefined && !(typeof spec.dropout === 'number' && spec.dropout >= 0 && spec.dropout < 1)) {
    throw new RangeError(`Rnn spec: dropout must be a number from 0 (none) up to, not including, 1, got ${JSON.stringify(spec.dropout)}`);
  }
  if (spec.netType === 'multiclass' && spec.outputSize < 2) {
    throw new RangeError(`Rnn spec: a multiclass net needs outputSize ≥ 2 (one per class), got ${spec.outputSize}`);
  }
  return spec;
}

/** Lists the fields where two specs differ, as "field: a vs b" (hiddenSize 4 and [4] are the same net). */
export function specDifferences(expected: RnnSpec, actual: RnnSpec): string[] {
  const a = fullSpec(expected), b = fullSpec(actual);
  const same = (f: keyof RnnSpec) => f === 'hiddenSize'
    ? JSON.stringify(hiddenSizes(a)) === JSON.stringify(hiddenSizes(b)) : a[f] === b[f];
  return SPEC_FIELDS.filter((f) => !same(f))
    .map((f) => `${f}: expected ${JSON.stringify(a[f])}, file has ${JSON.stringify(b[f])}`);
}

/** "6-4-6" for the book's net; "lstm 6-32-16-10, bidirectional concat, float32" for others: input, each layer, output. */
export function describeNet(spec: RnnSpec): string {
  const { cell, bidirectional, dtype } = fullSpec(spec);
  const sizes = [spec.inputSize, ...hiddenSizes(spec), spec.outputSize].join('-');
  const embedding = spec.embeddingSize ? `, embedding ${spec.embeddingSize}` : '';
  return `${cell === 'elman' ? '' : `${cell} `}${sizes}${embedding}${bidirectional ? `, bidirectional ${bidirectional}` : ''}${dtype === 'float32' ? ', float32' : ''}`;
}

/** Output rows per sample in a label buffer: T in each-step mode, 1 in last-step mode. */
export function outputSteps(spec: RnnSpec): number {
  return spec.outputMode === 'each' ? spec.timesteps : 1;
}
