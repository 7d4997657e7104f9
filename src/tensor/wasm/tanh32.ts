/**
 * tanh32(ptr, quads): float32 tanh in place over 4·quads floats from byte ptr, four lanes at a time,
 * with exactly the operations of ../tanh32.ts (same constants, same order): the JS and SIMD paths
 * agree bit for bit.
 */
import { TANH32 } from '../tanh32.js';
import { I32, op, V128, type FunctionDef } from './emit.js';

const simd = (code: number, ...imm: number[]) => [0xfd, ...(code < 128 ? [code] : [(code & 0x7f) | 0x80, code >> 7]), ...imm];
const v = {
  abs: () => simd(0xe0), /** pmin(a, b) = b < a ? b : a, as in the JS twin */ pmin: () => simd(0xea), div: () => simd(0xe7),
  lt: () => simd(0x43), bitselect: () => simd(0x52),
  /** Sign-bit mask in all four lanes. */
  sign: () => [0xfd, 0x0c, ...[0, 0, 0, 0x80], ...[0, 0, 0, 0x80], ...[0, 0, 0, 0x80], ...[0, 0, 0, 0x80]],
};
const C = (x: number) => [...op.f32(x), ...op.f32x4Splat()];
const add = op.f32x4Add, mul = op.f32x4Mul;

const PTR = 0, N = 1, X = 2, AX = 3, CL = 4, S = 5, P = 6, Q = 7;

export function tanh32Function(): FunctionDef {
  const { P: PC, Q: QC, CLAMP, TINY } = TANH32;
  const g = op.get, s = op.set;
  const body: number[][] = [
    op.block(), g(N), op.i32Eqz(), op.brIf(0), op.loop(),
    g(PTR), op.v128Load(), s(X),
    g(X), v.abs(), s(AX),
    g(AX), C(CLAMP), v.pmin(), s(CL),
    g(CL), g(CL), mul(), s(S),
    C(PC[0]), g(S), mul(), C(PC[1]), add(), s(P),
    ...[2, 3, 4, 5, 6].map((i) => [g(P), g(S), mul(), C(PC[i]), add(), s(P)]).flat(),
    g(P), g(CL), mul(), s(P),
    C(QC[0]), g(S), mul(), C(QC[1]), add(), s(Q),
    ...[2, 3].map((i) => [g(Q), g(S), mul(), C(QC[i]), add(), s(Q)]).flat(),
    // |x| where |x| < TINY, else p/q; then x's sign bit on top
    g(AX), g(P), g(Q), v.div(), g(AX), C(TINY), v.lt(), v.bitselect(), s(P),
    g(PTR), g(X), g(P), v.sign(), v.bitselect(), op.v128Store(),
    g(PTR), op.i32(16), op.i32Add(), s(PTR),
    g(N), op.i32(1), op.i32Sub(), op.tee(N), op.brIf(0), op.end(), op.end(),
  ];
  return { name: 'tanh', params: [I32, I32], locals: Array(Q - X + 1).fill(V128), body: body.flat() };
}
