/** What a network is: the chapter's net types, output modes and sizes. */

import { NET_TYPES, OUTPUT_MODES, type NetType, type OutputMode } from '../config/vocabulary.js';

export { NET_TYPES, OUTPUT_MODES, type NetType, type OutputMode } from '../config/vocabulary.js';

export interface RnnSpec {
  netType: NetType;
  outputMode: OutputMode;
  /** T ≥ 1: the number of steps sharing one cell. */
  timesteps: number;
  inputSize: number;
  hiddenSize: number;
  outputSize: number;
  /** Whether b_u and b_v exist (the binary-subtraction net has none). */
  bias: boolean;
}

export const SPEC_FIELDS: readonly (keyof RnnSpec)[] = [
  'netType', 'outputMode', 'timesteps', 'inputSize', 'hiddenSize', 'outputSize', 'bias',
];

/** Throws an error naming the first field of `spec` that is missing or out of range. */
export function checkSpec(spec: RnnSpec): RnnSpec {
  if (spec === null || typeof spec !== 'object') throw new TypeError('Rnn spec: expected an object');
  if (!NET_TYPES.includes(spec.netType)) {
    throw new RangeError(`Rnn spec: netType must be one of ${NET_TYPES.join(', ')}, got ${JSON.stringify(spec.netType)}`);
  }
  if (!OUTPUT_MODES.includes(spec.outputMode)) {
    throw new RangeError(`Rnn spec: outputMode must be one of ${OUTPUT_MODES.join(', ')}, got ${JSON.stringify(spec.outputMode)}`);
  }
  for (const f of ['timesteps', 'inputSize', 'hiddenSize', 'outputSize'] as const) {
    const v = spec[f];
    if (!Number.isInteger(v) || v < 1) throw new RangeError(`Rnn spec: ${f} must be an integer ≥ 1, got ${JSON.stringify(v)}`);
  }
  if (typeof spec.bias !== 'boolean') throw new TypeError(`Rnn spec: bias must be true or false, got ${JSON.stringify(spec.bias)}`);
  if (spec.netType === 'multiclass' && spec.outputSize < 2) {
    throw new RangeError(`Rnn spec: a multiclass net needs outputSize ≥ 2 (one per class), got ${spec.outputSize}`);
  }
  return spec;
}

/** Lists the fields where two specs differ, as "field: a vs b". */
export function specDifferences(expected: RnnSpec, actual: RnnSpec): string[] {
  return SPEC_FIELDS.filter((f) => expected[f] !== actual[f])
    .map((f) => `${f}: expected ${JSON.stringify(expected[f])}, file has ${JSON.stringify(actual[f])}`);
}

/** Output rows per sample in a label buffer: T in each-step mode, 1 in last-step mode. */
export function outputSteps(spec: RnnSpec): number {
  return spec.outputMode === 'each' ? spec.timesteps : 1;
}
