/**
 * tanh(ptr, pairs): tanh in place over 2·pairs f64 from byte ptr, two lanes at a time, with exactly
 * the operations of ../tanh.ts (same constants, same order), so the JS and SIMD paths agree bit for bit.
 * Each branch is computed for both lanes when either lane takes it, and the right one is picked per
 * lane; a branch neither lane takes is skipped (CPU time of a float64 8/128/6 training epoch −7 %).
 */
import { TANH } from '../tanh.js';
import { I32, op, V128, type FunctionDef } from './emit.js';

const simd = (code: number, ...imm: number[]) => [0xfd, ...(code < 128 ? [code] : [(code & 0x7f) | 0x80, code >> 7]), ...imm];
const v = {
  abs: () => simd(236), /** pmin(a, b) = b < a ? b : a: one minpd, where min's NaN/−0 rules cost several */ pmin: () => simd(246), div: () => simd(243), lt: () => simd(73),
  bitselect: () => simd(82), anyTrue: () => simd(0x53), allTrue: () => simd(0xc3), i64Splat: () => simd(18), i64Add: () => simd(206), i64Shl: () => simd(203),
  /** Sign-bit mask in both lanes. */
  sign: () => [0xfd, 0x0c, ...[0, 0, 0, 0, 0, 0, 0, 0x80], ...[0, 0, 0, 0, 0, 0, 0, 0x80]],
};
const C = (x: number) => [...op.f64(x), ...op.f64x2Splat()];
const add = op.f64x2Add, sub = op.f64x2Sub, mul = op.f64x2Mul;

const PTR = 0, N = 1, X = 2, AX = 3, S = 4, TS = 5, Y = 6, KD = 7, K = 8, R = 9, E = 10, R2 = 11, R4 = 12, QL = 13; // QL..QL+6: the q_i
const M = QL + 7; // the small-branch lane mask
const LOCALS = M + 1 - 2;

export function tanhFunction(): FunctionDef {
  const { P, Q, SMALL, CLAMP, LOG2E, MAGIC, LN2HI, LN2LO, EXP } = TANH;
  const g = op.get, s = op.set;
  const body: number[][] = [
    op.block(), g(N), op.i32Eqz(), op.brIf(0), op.loop(),
    g(PTR), op.v128Load(), s(X),
    g(X), v.abs(), C(CLAMP), v.pmin(), s(AX),
    // Which lanes take the small branch; a branch no lane takes is skipped (the lanes computed are computed alike).
    g(AX), C(SMALL), v.lt(), s(M),
    g(M), v.anyTrue(), op.if_(),
    // small branch: ax·s·(p/q) + ax
    g(AX), g(AX), mul(), s(S),
    g(AX), g(S), mul(),
    C(P[0]), g(S), mul(), C(P[1]), add(), g(S), mul(), C(P[2]), add(),
    g(S), C(Q[0]), add(), g(S), mul(), C(Q[1]), add(), g(S), mul(), C(Q[2]), add(),
    v.div(), mul(), g(AX), add(), s(TS),
    op.end(),
    g(M), v.allTrue(), op.i32Eqz(), op.if_(),
    // large branch: 1 − 2/(2^k·exp(r) + 1)
    g(AX), g(AX), add(), s(Y),
    g(Y), C(LOG2E), mul(), C(MAGIC), add(), s(KD),
    g(KD), C(MAGIC), sub(), s(K),
    g(Y), g(K), C(LN2HI), mul(), sub(), g(K), C(LN2LO), mul(), sub(), s(R),
    // Estrin, as in ../tanh.ts: q_i = a_2i + a_2i+1·r; o = q + q·r²; f = o + o·r⁴; e = f0 + f1·r⁸
    g(R), g(R), mul(), s(R2), g(R2), g(R2), mul(), s(R4),
    ...[0, 1, 2, 3, 4, 5, 6].map((i) => [C(EXP[2 * i]), C(EXP[2 * i + 1]), g(R), mul(), add(), s(QL + i)]).flat(),
    g(QL), g(QL + 1), g(R2), mul(), add(), // o0
    g(QL + 2), g(QL + 3), g(R2), mul(), add(), // o1
    g(R4), mul(), add(), // f0 = o0 + o1·r⁴
    g(QL + 4), g(QL + 5), g(R2), mul(), add(), // o2
    g(QL + 6), g(R4), mul(), add(), // f1 = o2 + q6·r⁴
    g(R4), g(R4), mul(), mul(), add(), // f0 + f1·r⁸
    // 2^k from the integer in kd's low bits: (bits + 1023) << 52 drops the magic's exponent bits.
    g(KD), [0x42, 0xff, 0x07] /* i64.const 1023 */, v.i64Splat(), v.i64Add(), op.i32(52), v.i64Shl(), mul(), s(E),
    C(1), C(2), g(E), C(1), add(), v.div(), sub(), s(E),
    op.end(),
    // small where ax < SMALL, else large; then x's sign bit on top
    g(TS), g(E), g(M), v.bitselect(), s(TS),
    g(PTR), g(X), g(TS), v.sign(), v.bitselect(), op.v128Store(),
    g(PTR), op.i32(16), op.i32Add(), s(PTR),
    g(N), op.i32(1), op.i32Sub(), op.tee(N), op.brIf(0), op.end(), op.end(),
  ];
  return { name: 'tanh', params: [I32, I32], locals: Array(LOCALS).fill(V128), body: body.flat() };
}
