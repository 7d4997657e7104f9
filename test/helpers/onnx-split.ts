/**
 * A split as ONNX Runtime takes it: chunks of batch-major x [rows, T, features] (and lengths), each
 * with rnnflow's forward on the same rows, for the export tests (node and browser) to compare.
 */
import type { SequenceSplit } from '../../src/data/types.js';
import type { Rnn } from '../../src/model/rnn.js';

/** Rows per chunk; the net must have been made with at least this batchCapacity. */
export const CHUNK = 1024;

/** One chunk: x batch-major [rows, T, F], and rnnflow's outputs [rows, (T,) out]. */
export interface Chunk { rows: number; T: number; x: Float64Array; lengths?: Int32Array; ours: Float64Array }

/**
 * The split in chunks, each through rnnflow's forward. Each-step outputs keep only real steps in
 * the comparison: padded ones are zero in ONNX and are zeroed here too.
 */
export function* chunksOf(split: SequenceSplit, net: Rnn, round: (v: number) => number): Generator<Chunk> {
  const { timesteps: T, inputSize: F, outputSize: O } = split;
  const x = new Float64Array(T * CHUNK * F), y = new Float64Array(T * CHUNK * O), lengths = new Int32Array(CHUNK);
  const order = Uint32Array.from({ length: split.size }, (_, i) => i);
  for (let from = 0; from < split.size; from += CHUNK) {
    const rows = Math.min(CHUNK, split.size - from);
    split.gather(order, from, rows, x, y, split.lengths ? lengths : undefined);
    const steps = split.lengths ? Math.max(...lengths.subarray(0, rows)) : T;
    for (let i = 0; i < steps * rows * F; i++) x[i] = round(x[i]);
    net.forwardBatch(x, rows, split.lengths ? lengths : undefined);
    // time-major [steps][rows][F] → batch-major [rows][steps][F]
    const batchMajor = new Float64Array(rows * steps * F);
    for (let t = 0; t < steps; t++) for (let r = 0; r < rows; r++) batchMajor.set(x.subarray((t * rows + r) * F, (t * rows + r + 1) * F), (r * steps + t) * F);
    let ours: Float64Array;
    if (net.spec.outputMode === 'last') {
      ours = net.output().slice(0, rows * O);
    } else {
      ours = new Float64Array(rows * steps * O);
      for (let t = 0; t < steps; t++) {
        const a = net.output(t);
        for (let r = 0; r < rows; r++) if (!split.lengths || t < lengths[r]) ours.set(a.subarray(r * O, (r + 1) * O), (r * steps + t) * O);
      }
    }
    yield { rows, T: steps, x: batchMajor, ...(split.lengths ? { lengths: lengths.slice(0, rows) } : {}), ours };
  }
}

