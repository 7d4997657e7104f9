/**
 * Inverted dropout (model.dropout = p) on what each layer hands on: between stacked layers and before
 * the head (PyTorch's placement: nn.RNN/LSTM/GRU's `dropout` between layers, an nn.Dropout before the
 * head). In training, each value is kept with probability 1 − p and scaled by 1/(1 − p), so evaluation
 * (no dropout) needs no rescaling; off at evaluation.
 *
 *   forward:   f_d = f ⊙ m,   m = 1/(1 − p) where kept, 0 where dropped
 *   backward:  df = df_d ⊙ m
 *
 * The mask is a pure function of (the run's seed, the iteration, layer, step, the row's place in the
 * batch, unit): a counter-based hash, not a stream, so any thread can draw any block's mask and get
 * the same bits, and a resumed run draws the same masks as an uninterrupted one.
 */
import type { FloatArray } from '../tensor/float-array.js';

/** MurmurHash3's 32-bit finaliser: a bijection that mixes every input bit into every output bit. */
export function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The key of one training step's masks: from the run's seed stream's draw and the iteration. */
export function dropoutKey(seedWord: number, iteration: number): number {
  return mix32(seedWord ^ mix32(iteration + 0x9e3779b9));
}

/** The hash behind the mask of (layer, step t, batch row, unit) under `key`: kept where it is ≥ p·2³². */
function stepKeyOf(key: number, layer: number, t: number): number {
  return mix32(key ^ mix32(layer * 0x10000 + t));
}
function rowKeyOf(stepKey: number, row: number): number {
  return mix32(stepKey ^ mix32(row + 0x7f4a7c15));
}

/** One mask value: 1/(1 − p) where (layer, t, row, unit) is kept under `key`, else 0 (the tests' oracle reads it too). */
export function maskValue(p: number, key: number, layer: number, t: number, row: number, unit: number): number {
  return mix32(rowKeyOf(stepKeyOf(key, layer, t), row) ^ unit) >= p * 4294967296 ? 1 / (1 - p) : 0;
}

/**
 * Writes the mask of layer `layer` for block rows [firstRow, firstRow + rows) of a batch into
 * mask [T][rows][width] and applies it: dropped = from ⊙ mask.
 */
export function applyDropout(
  mem: FloatArray, p: number, key: number, layer: number, from: number, mask: number, dropped: number,
  timesteps: number, rows: number, firstRow: number, width: number,
): void {
  const scale = 1 / (1 - p), threshold = p * 4294967296;
  for (let t = 0; t < timesteps; t++) {
    const stepKey = stepKeyOf(key, layer, t);
    for (let r = 0; r < rows; r++) {
      const rowKey = rowKeyOf(stepKey, firstRow + r), at = (t * rows + r) * width;
      for (let j = 0; j < width; j++) {
        const m = mix32(rowKey ^ j) >= threshold ? scale : 0;
        mem[mask + at + j] = m;
        mem[dropped + at + j] = mem[from + at + j] * m;
      }
    }
  }
}

/** df = df_d ⊙ mask over count values. */
export function dropoutGradient(mem: FloatArray, dDropped: number, mask: number, dFrom: number, count: number): void {
  for (let i = 0; i < count; i++) mem[dFrom + i] = mem[dDropped + i] * mem[mask + i];
}
