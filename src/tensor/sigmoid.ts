/**
 * The logistic function on the kernels' own tanh: σ(x) = ½ + ½·tanh(x/2). Gate cells halve their
 * sigmoid gates' pre-activations, run one tanh pass (SIMD on the wasm path, the same bits on the JS
 * path), and finish with ½ + ½·t, so every thread and kernel path gives the same gates.
 */
import { tanh } from './tanh.js';

export function sigmoid(x: number): number {
  return 0.5 + 0.5 * tanh(0.5 * x);
}

/** Multiplies columns [from, from + count) of each row of a [rows×cols] matrix by ½ (the sigmoid's x/2). */
export function halveColumns(mem: Float64Array, off: number, rows: number, cols: number, from: number, count: number): void {
  for (let r = 0; r < rows; r++) {
    const o = off + r * cols + from;
    for (let j = 0; j < count; j++) mem[o + j] *= 0.5;
  }
}
