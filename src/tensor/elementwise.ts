/** Row-wise and element-wise kernels on row-major [rows×cols] slices of float arrays (either FloatType). */
import type { FloatArray } from './float-array.js';

/** X[r, j] += b[j] for every row: adds a [1×cols] bias to each row. */
export function addBiasRows(X: FloatArray, xOff: number, b: FloatArray, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++) {
    const o = xOff + r * cols;
    for (let j = 0; j < cols; j++) X[o + j] += b[j];
  }
}

/** out[outOff + j] += Σ_r X[r, j]: the bias gradient, summed over the rows of a batch. */
export function addColumnSums(X: FloatArray, xOff: number, out: FloatArray, rows: number, cols: number, outOff = 0): void {
  for (let r = 0; r < rows; r++) {
    const o = xOff + r * cols;
    for (let j = 0; j < cols; j++) out[outOff + j] += X[o + j];
  }
}

/** X = tanh(X) over `count` elements from xOff. */
export function tanhInPlace(X: FloatArray, xOff: number, count: number): void {
  for (let i = xOff, end = xOff + count; i < end; i++) X[i] = Math.tanh(X[i]);
}

/** X = 1 / (1 + e^-X) over `count` elements from xOff. */
export function logisticInPlace(X: FloatArray, xOff: number, count: number): void {
  for (let i = xOff, end = xOff + count; i < end; i++) X[i] = 1 / (1 + Math.exp(-X[i]));
}

/** Softmax of each row, in place; the row maximum is subtracted first so exp never overflows. */
export function softmaxRowsInPlace(X: FloatArray, xOff: number, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++) {
    const o = xOff + r * cols;
    let max = -Infinity;
    for (let j = 0; j < cols; j++) if (X[o + j] > max) max = X[o + j];
    let sum = 0;
    for (let j = 0; j < cols; j++) {
      const e = Math.exp(X[o + j] - max);
      X[o + j] = e;
      sum += e;
    }
    const inv = 1 / sum;
    for (let j = 0; j < cols; j++) X[o + j] *= inv;
  }
}

/** G[i] *= 1 − S[i]²: multiplies an upstream gradient by tanh's derivative, given s = tanh(h). */
export function mulTanhDerivative(G: FloatArray, gOff: number, S: FloatArray, sOff: number, count: number): void {
  for (let i = 0; i < count; i++) {
    const s = S[sOff + i];
    G[gOff + i] *= 1 - s * s;
  }
}

/**
 * X[r, ·] = b for every row: the bias as the starting value of a product accumulated onto it. The
 * first row by element, then copyWithin doubling the rows filled (native copies: T·rows rows per call).
 */
export function setRows(X: FloatArray, xOff: number, b: FloatArray, bOff: number, rows: number, cols: number): void {
  if (rows <= 0) return;
  for (let j = 0; j < cols; j++) X[xOff + j] = b[bOff + j];
  for (let done = 1; done < rows; done *= 2) {
    const copy = Math.min(done, rows - done);
    X.copyWithin(xOff + done * cols, xOff, xOff + copy * cols);
  }
}

/** dst[c×r] = srcᵀ with src [r×c]. */
export function transpose(src: FloatArray, sOff: number, dst: FloatArray, dOff: number, r: number, c: number): void {
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) dst[dOff + j * r + i] = src[sOff + i * c + j];
}
