/**
 * Dense matrix products on row-major Float64Arrays, BLAS style: every operand is a buffer plus an
 * offset, so callers address a timestep's slice of a batch without creating views in the hot path.
 * Loop orders walk memory contiguously (the innermost index is the fastest-moving one of the output).
 */
import type { FloatArray } from './float-array.js';

/** How a product a·b is stored before it is summed: as it is (float64), or rounded to float32 (Math.fround). */
export type RoundProduct = (x: number) => number;
const exact: RoundProduct = (x) => x;

/** C[m×n] (= or +=) A[m×k] · B[k×n]; float32 callers pass Float32Arrays and Math.fround (matmul32.ts). */
export function matmul<F extends FloatArray>(
  A: F, aOff: number, B: F, bOff: number, C: F, cOff: number,
  m: number, k: number, n: number, accumulate: boolean, round: RoundProduct = exact,
): void {
  if (!accumulate) C.fill(0, cOff, cOff + m * n);
  for (let i = 0; i < m; i++) {
    const ci = cOff + i * n;
    const ai = aOff + i * k;
    for (let p = 0; p < k; p++) {
      const a = A[ai + p];
      if (a === 0) continue;
      const bp = bOff + p * n;
      for (let j = 0; j < n; j++) C[ci + j] += round(a * B[bp + j]);
    }
  }
}

/** C[k×n] += Aᵀ · B with A[m×k], B[m×n]: the weight-gradient product (xᵀ·dh, sᵀ·dz). */
export function matmulTransAAccumulate<F extends FloatArray>(
  A: F, aOff: number, B: F, bOff: number, C: F, cOff: number,
  m: number, k: number, n: number, round: RoundProduct = exact,
): void {
  for (let r = 0; r < m; r++) {
    const ar = aOff + r * k;
    const br = bOff + r * n;
    for (let p = 0; p < k; p++) {
      const a = A[ar + p];
      if (a === 0) continue;
      const cp = cOff + p * n;
      for (let j = 0; j < n; j++) C[cp + j] += round(a * B[br + j]);
    }
  }
}

/** C[m×k] (= or +=) A[m×n] · Bᵀ with B[k×n]: the backward product (dz·Vᵀ, dh·Wᵀ). */
export function matmulTransB(
  A: Float64Array, aOff: number, B: Float64Array, bOff: number, C: Float64Array, cOff: number,
  m: number, n: number, k: number, accumulate: boolean,
): void {
  for (let i = 0; i < m; i++) {
    const ai = aOff + i * n;
    const ci = cOff + i * k;
    for (let p = 0; p < k; p++) {
      const bp = bOff + p * n;
      let sum = 0;
      for (let j = 0; j < n; j++) sum += A[ai + j] * B[bp + j];
      C[ci + p] = accumulate ? C[ci + p] + sum : sum;
    }
  }
}
