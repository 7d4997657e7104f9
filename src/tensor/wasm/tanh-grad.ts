/**
 * tanhGrad(g, s, vectors): G[i] *= 1 − S[i]² over 16-byte vectors from byte offsets g and s: the
 * gradient through h = tanh(z), given the states (../elementwise.ts's mulTanhDerivative, the same
 * operations). Float64: two lanes, s·s, 1 − that, g · that, each rounded as in JS. Float32: the JS
 * path evaluates that expression in float64 from the float32 values and rounds once when it stores,
 * so the f32x4 kernel does too: each half promoted to f64x2, computed there, demoted and put back
 * together (the same bits; a float32 evaluation would round three times).
 */
import { I32, op, V128, type FunctionDef } from './emit.js';
import type { FloatType } from '../float-array.js';

const simd = (code: number, ...imm: number[]) => [0xfd, ...(code < 128 ? [code] : [(code & 0x7f) | 0x80, code >> 7]), ...imm];
const shuffle = (lanes: number[]) => simd(0x0d, ...lanes);
const promoteLow = () => simd(0x5f), demoteZero = () => simd(0x5e);
/** Bytes 8–15 of a vector moved to 0–7 (the float32 lanes 2 and 3 where promote_low reads them). */
const HIGH_HALF = [8, 9, 10, 11, 12, 13, 14, 15, 8, 9, 10, 11, 12, 13, 14, 15];
/** The low 8 bytes of the first vector, then the low 8 of the second. */
const JOIN_LOW = [0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23];

const G = 0, S = 1, N = 2, SV = 3, GV = 4;

/** One f64x2 of g·(1 − s·s) from the f64x2 on the stack top (s) and below it (g) — pushes the result. */
const expression = (sLocal: number, gLocal: number, promote: number[][]) => [
  ...op.get(gLocal), ...promote.flat(), ...op.f64(1), ...op.f64x2Splat(),
  ...op.get(sLocal), ...promote.flat(), ...op.get(sLocal), ...promote.flat(), ...op.f64x2Mul(),
  ...op.f64x2Sub(), ...op.f64x2Mul(),
];

export function tanhGradFunction(dtype: FloatType): FunctionDef {
  const compute = dtype === 'float64'
    ? expression(SV, GV, [])
    : [
      ...expression(SV, GV, [promoteLow()]), ...demoteZero(),
      // The high half: both operands' lanes 2 and 3 moved down first.
      ...op.get(GV), ...op.get(GV), ...shuffle(HIGH_HALF), ...op.set(GV),
      ...op.get(SV), ...op.get(SV), ...shuffle(HIGH_HALF), ...op.set(SV),
      ...expression(SV, GV, [promoteLow()]), ...demoteZero(),
      ...shuffle(JOIN_LOW),
    ];
  return {
    name: 'tanhGrad',
    params: [I32, I32, I32],
    locals: [V128, V128],
    body: [
      ...op.block(), ...op.get(N), ...op.i32Eqz(), ...op.brIf(0), ...op.loop(),
      ...op.get(S), ...op.v128Load(), ...op.set(SV),
      ...op.get(G), ...op.v128Load(), ...op.set(GV),
      ...op.get(G), ...compute, ...op.v128Store(),
      ...op.get(G), ...op.i32(16), ...op.i32Add(), ...op.set(G),
      ...op.get(S), ...op.i32(16), ...op.i32Add(), ...op.set(S),
      ...op.get(N), ...op.i32(1), ...op.i32Sub(), ...op.tee(N), ...op.brIf(0),
      ...op.end(), ...op.end(),
    ],
  };
}
