/**
 * tanh in float32: a [13/6] rational approximation (Eigen's generic_fast_tanh_float coefficients),
 *
 *   tanh x ≈ x·P(x²)/Q(x²)  for |x| ≤ CLAMP (beyond it tanh rounds to ±1 in float32),  x itself for |x| < TINY,
 *
 * every operation rounded to float32 (Math.fround) in exactly the order of the f32x4 kernel
 * (wasm/tanh32.ts), so both paths give the same bits. Measured error against Math.tanh rounded to
 * float32: at most 6 units in the last place (relative error < 4e-7; worst near x = 5.79), measured on
 * every 61st float32 in [1e-6, 9]; test/tensor/tanh32.test.ts holds it to TANH32_MAX_ULP.
 * No exp, no branch: eleven multiplies, ten adds and a divide, four lanes at a time.
 */
const f = Math.fround;

export const TANH32 = {
  /** Odd numerator x·(a1 + a3·x² + … + a13·x¹²), highest first. */
  P: [-2.76076847742355e-16, 2.00018790482477e-13, -8.60467152213735e-11, 5.12229709037114e-8, 1.48572235717979e-5, 6.37261928875436e-4, 4.89352455891786e-3].map(f),
  /** Even denominator b0 + b2·x² + b4·x⁴ + b6·x⁶, highest first. */
  Q: [1.19825839466702e-6, 1.18534705686654e-4, 2.26843463243900e-3, 4.89352518554385e-3].map(f),
  CLAMP: f(7.99881172180175781),
  TINY: f(0.0004),
};
export const TANH32_MAX_ULP = 6;

const [P0, P1, P2, P3, P4, P5, P6] = TANH32.P, [Q0, Q1, Q2, Q3] = TANH32.Q;
const { CLAMP, TINY } = TANH32;

export function tanh32(x: number): number {
  const ax = f(Math.abs(x));
  const c = CLAMP < ax ? CLAMP : ax; // wasm's pmin: NaN stays NaN
  const s = f(c * c);
  let p = f(f(P0 * s) + P1);
  p = f(f(p * s) + P2); p = f(f(p * s) + P3); p = f(f(p * s) + P4); p = f(f(p * s) + P5); p = f(f(p * s) + P6);
  p = f(p * c);
  let q = f(f(Q0 * s) + Q1);
  q = f(f(q * s) + Q2); q = f(f(q * s) + Q3);
  const t = ax < TINY ? ax : f(p / q);
  return x < 0 ? -t : x === 0 ? x : t; // x === 0 keeps −0; NaN falls through as NaN
}

/** X = tanh(X) over `count` elements from xOff, in float32. */
export function tanh32Range(X: Float32Array, xOff: number, count: number): void {
  for (let i = xOff, end = xOff + count; i < end; i++) X[i] = tanh32(X[i]);
}
