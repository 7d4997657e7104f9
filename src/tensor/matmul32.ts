/**
 * The float32 twins of matmul.ts's products, on Float32Arrays: every product and sum rounded to
 * float32 (Math.fround on the product; the sum rounds as it is stored), in the order of the f32x4
 * kernel, so the two agree bit for bit. (A float32 product computed in float64 is exact, and one
 * float64 sum of two float32 values rounded to float32 is the correctly rounded float32 sum.)
 * The loops are matmul.ts's, with Math.fround as the product's rounding.
 */
import { matmul, matmulTransAAccumulate } from './matmul.js';

/** C[m×n] (= or +=) A[m×k] · B[k×n]. */
export function matmul32(
  A: Float32Array, aOff: number, B: Float32Array, bOff: number, C: Float32Array, cOff: number,
  m: number, k: number, n: number, accumulate: boolean,
): void {
  matmul(A, aOff, B, bOff, C, cOff, m, k, n, accumulate, Math.fround);
}

/** C[k×n] += Aᵀ · B with A[m×k], B[m×n]: the weight-gradient product. */
export function matmulTransAAccumulate32(
  A: Float32Array, aOff: number, B: Float32Array, bOff: number, C: Float32Array, cOff: number,
  m: number, k: number, n: number,
): void {
  matmulTransAAccumulate(A, aOff, B, bOff, C, cOff, m, k, n, Math.fround);
}
