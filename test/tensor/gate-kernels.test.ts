/**
 * The gate kernels (one LSTM or GRU step: lstm-gates.ts, gru-gates.ts): wasm and native at every level
 * write exactly the JS loops' bits, float64 and float32, at a sequence's first, middle and last step,
 * with and without padded rows, in place where the cells call them so, over widths on and off the lanes.
 */
import { expect } from 'chai';
import { createKernels, FLOAT_TYPES, NO_STEP, type Kernels } from '../../src/tensor/kernels.js';
import { Wasm } from '../../src/tensor/wasm/api.js';
import { Random } from '../../src/core/random.js';
import { backendsUnderTest, label } from '../helpers/backends.js';
import { expectSameWrites } from '../helpers/same-writes.js';

/** rows × hidden: 1, under a vector, a vector, between vectors and many of them, at every level and dtype. */
const SHAPES = [[1, 1], [3, 5], [7, 8], [5, 13], [4, 16], [9, 17], [2, 33], [32, 40]];

/** Operands laid out one after another with odd gaps, so no two share a vector. */
function regions(sizes: number[]): number[] {
  let at = 3;
  return sizes.map((size) => { const o = at; at += size + 5; return o; });
}

/** Row lengths around step t: padded rows (t ≥ length), rows whose last step is t, longer rows; null: no padding. */
function lengthsAround(rng: Random, rows: number, t: number): Int32Array {
  return Int32Array.from({ length: rows }, () => [t, t + 1, t + 3, Math.max(0, t - 1)][rng.int(0, 3)]);
}

for (const dtype of FLOAT_TYPES) describe(`${dtype} gate kernels`, () => {
  const memory = new Wasm.Memory({ initial: 8, maximum: 8, shared: true });
  const mem = dtype === 'float32' ? new Float32Array(memory.buffer) : new Float64Array(memory.buffer);
  const js = createKernels('js', memory, [], dtype);
  let others: Kernels[] = [];
  before(() => { others = backendsUnderTest(memory, [], dtype); });

  /** Fills the memory: pre-activations and gradients of every size (some 0, ±1 and large), like a step's. */
  function fill(rng: Random): void {
    for (let i = 0; i < mem.length; i++) mem[i] = i % 89 === 0 ? [0, -0, 1, -1][i % 4] : rng.normal() * [1, 3, 1e-3, 30][i % 4];
  }

  it('lstmForward and lstmBackward give the JS bits on every back end: first, middle and last steps, padded rows, c in place', () => {
    const rng = new Random(27, `lstm-gates-${dtype}`);
    let calls = 0;
    for (const [rows, h] of SHAPES) {
      const step = rows * h;
      const [gates, cPrev, c, tanhC, hOut, dh, carry, dGates] = regions([4 * step, step, step, step, step, step, step, 4 * step]);
      for (const other of others) {
        fill(rng);
        const where = (what: string) => `${label(other)}: ${what}, ${rows}×${h}`;
        for (const prev of [NO_STEP, cPrev]) {
          expectSameWrites(mem, js, other, (k) => k.lstmForward(gates, prev, c, tanhC, hOut, rows, h), where(`lstmForward from ${prev === NO_STEP ? 'none' : 'c_prev'}`));
        }
        expectSameWrites(mem, js, other, (k) => k.lstmForward(gates, c, c, tanhC, hOut, rows, h), where('lstmForward, c in place'));
        for (const [prev, carryIn] of [[NO_STEP, NO_STEP], [NO_STEP, carry], [cPrev, NO_STEP], [cPrev, carry]]) for (const padded of [false, true]) {
          const t = rng.int(0, 5), lengths = padded ? lengthsAround(rng, rows, t) : null;
          const what = `lstmBackward, c_prev ${prev !== NO_STEP}, carry in ${carryIn !== NO_STEP}, lengths ${lengths ? Array.from(lengths).join(',') : 'none'} at t = ${t}`;
          expectSameWrites(mem, js, other, (k) => k.lstmBackward(gates, prev, tanhC, dh, carryIn, carry, dGates, rows, h, lengths, t), where(what));
          calls++;
        }
      }
    }
    expect(calls).to.equal(SHAPES.length * others.length * 8);
  });

  it('gruForward and gruBackward give the JS bits on every back end: first, middle and last steps, padded rows, h in place, both directions', () => {
    const rng = new Random(28, `gru-gates-${dtype}`);
    let calls = 0;
    for (const [rows, h] of SHAPES) {
      const step = rows * h;
      const [X, H, rz, n, hPrev, hOut, dh, dhNext, zNext, dX, dH] = regions([3 * step, 3 * step, 2 * step, step, step, step, step, step, step, 3 * step, 3 * step]);
      for (const other of others) {
        fill(rng);
        const where = (what: string) => `${label(other)}: ${what}, ${rows}×${h}`;
        for (const prev of [NO_STEP, hPrev]) {
          expectSameWrites(mem, js, other, (k) => k.gruForward(X, H, rz, n, prev, hOut, rows, h), where(`gruForward from ${prev === NO_STEP ? 'none' : 'h_prev'}`));
        }
        expectSameWrites(mem, js, other, (k) => k.gruForward(X, H, rz, n, hOut, hOut, rows, h), where('gruForward, h in place'));
        for (const [prev, next] of [[NO_STEP, NO_STEP], [NO_STEP, dhNext], [hPrev, NO_STEP], [hPrev, dhNext]]) for (const padded of [false, true]) {
          for (const toward of [1, -1]) {
            const t = rng.int(1, 5), lengths = padded ? lengthsAround(rng, rows, t) : null, z = next === NO_STEP ? NO_STEP : zNext;
            const what = `gruBackward, h_prev ${prev !== NO_STEP}, next ${next !== NO_STEP}, lengths ${lengths ? Array.from(lengths).join(',') : 'none'} at t = ${t}, next ${t + toward}`;
            expectSameWrites(mem, js, other, (k) => k.gruBackward(rz, n, H, prev, dh, next, z, dX, dH, rows, h, lengths, t, t + toward), where(what));
            calls++;
          }
        }
      }
    }
    expect(calls).to.equal(SHAPES.length * others.length * 16);
  });
});
