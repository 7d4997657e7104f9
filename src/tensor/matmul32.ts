/**
 * The float32 twins of matmul.ts's products, on Float32Arrays: every product and sum rounded to
 * float32 (Math.fround on the product; the sum rounds as it is stored), in the order of the f32x4
 * kernel, so the two agree bit for bit. (A float32 product computed in float64 is exact, and one
 * float64 sum of two float32 values rounded to float32 is the correctly rounded float32 sum.)
 */
const f = Math.fround;

/** C[m×n] (= or +=) A[m×k] · B[k×n]. */
export function matmul32(
  A: Float32Array, aOff: number, B: Float32Array, bOff: number, C: Float32Array, cOff: number,
  m: number, k: number, n: number, accumulate: boolean,
): void {
  if (!accumulate) C.fill(0, cOff, cOff + m * n);
  for (let i = 0; i < m; i++) {
    const ci = cOff + i * n;
    const ai = aOff + i * k;
    for (let p = 0; p < k; p++) {
      const a = A[ai + p];
      if (a === 0) continue;
      const bp = bOff + p * n;
      for (let j = 0; j < n; j++) C[ci + j] += f(a * B[bp + j]);
    }
  }
}

/** C[k×n] += Aᵀ · B with A[m×k], B[m×n]: the weight-gradient product. */
export function matmulTransAAccumulate32(
  A: Float32Array, aOff: number, B: Float32Array, bOff: number, C: Float32Array, cOff: number,
  m: number, k: number, n: number,
): void {
  for (let r = 0; r < m; r++) {
    const ar = aOff + r * k;
    const br = bOff + r * n;
    for (let p = 0; p < k; p++) {
      const a = A[ar + p];
      if (a === 0) continue;
      const cp = cOff + p * n;
      for (let j = 0; j < n; j++) C[cp + j] += f(a * B[br + j]);
    }
  }
}
