/**
 * The logistic function on the kernels' own tanh: σ(x) = ½ + ½·tanh(x/2). Gate cells halve the
 * columns of their weights and biases that feed sigmoid gates (exact: a power of two), so their
 * products give x/2 directly; one tanh pass (SIMD on the wasm path, the same bits on the JS path)
 * then serves every gate, finished with ½ + ½·t: every thread and kernel path gives the same gates.
 */
import type { FloatArray } from './float-array.js';


/** Multiplies columns [from, from + count) of each row of a [rows×cols] matrix by ½ (the sigmoid's x/2). */
export function halveColumns(mem: FloatArray, off: number, rows: number, cols: number, from: number, count: number): void {
  for (let r = 0; r < rows; r++) {
    const o = off + r * cols + from;
    for (let j = 0; j < count; j++) mem[o + j] *= 0.5;
  }
}
