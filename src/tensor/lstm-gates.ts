/**
 * One LSTM step's element-wise gate arithmetic (the equations: ../model/cells/lstm.ts), forward
 * beside backward. These loops are the reference: the js and wasm kernels run them, and native runs
 * them in C++ with the same operations in the same order (native/src/gates.h). On a Float32Array
 * every intermediate held in a variable is a float64, rounded only where it is stored.
 */
import type { FloatArray } from './float-array.js';
import { NO_STEP, type Kernels } from './kernels-api.js';

/**
 * gates [rows][4H] (i, f, g, o pre-activations, i f o halved: σ(x) = ½ + ½·tanh(x/2)) → the gates in
 * place; c [rows][H] = f ⊙ c_prev + i ⊙ g from cPrev [rows][H] (NO_STEP at a sequence's first step;
 * c may be cPrev); tanhC [rows][H] = tanh c; h [rows][H] = o ⊙ tanh c.
 */
export function lstmForward(
  mem: FloatArray, tanh: Kernels['tanh'], gates: number, cPrev: number, c: number, tanhC: number, h: number, rows: number, hidden: number,
): void {
  const g = 4 * hidden;
  tanh(gates, rows * g); // one pass for all four gates: tanh(x/2) for i, f, o, tanh(x) for g
  for (let r = 0; r < rows; r++) {
    const row = gates + r * g, x0 = r * hidden;
    for (let j = 0; j < hidden; j++) {
      const gi = 0.5 + 0.5 * mem[row + j], gf = 0.5 + 0.5 * mem[row + hidden + j], gg = mem[row + 2 * hidden + j];
      mem[row + j] = gi;
      mem[row + hidden + j] = gf;
      mem[row + 3 * hidden + j] = 0.5 + 0.5 * mem[row + 3 * hidden + j];
      const cell = cPrev !== NO_STEP ? gf * mem[cPrev + x0 + j] + gi * gg : gi * gg;
      mem[c + x0 + j] = cell;
      mem[tanhC + x0 + j] = cell;
    }
  }
  tanh(tanhC, rows * hidden);
  for (let r = 0; r < rows; r++) {
    const o = gates + r * g + 3 * hidden, x0 = r * hidden;
    for (let j = 0; j < hidden; j++) mem[h + x0 + j] = mem[o + j] * mem[tanhC + x0 + j];
  }
}

/**
 * The gate gradients dGates [rows][4H] = [dc⊙g⊙i(1−i), dc⊙c_prev⊙f(1−f), dc⊙i⊙(1−g²), dh⊙tanh c⊙o(1−o)]
 * with dc = dh ⊙ o ⊙ (1 − tanh²c) + the carry from the next step, from the step's gates [rows][4H],
 * cPrev (NO_STEP at a sequence's first step), tanhC and dh [rows][H]; carryIn [rows][H] is dc_next ⊙
 * f_next (NO_STEP at the last step), and carryOut [rows][H] (may be carryIn) gets this step's dc ⊙ f.
 * Rows with t ≥ lengths[r] (padding; lengths null: none) get zero gradients and carry, read nothing.
 */
export function lstmBackward(
  mem: FloatArray, gates: number, cPrev: number, tanhC: number, dh: number, carryIn: number, carryOut: number, dGates: number,
  rows: number, hidden: number, lengths: Int32Array | null, t: number,
): void {
  const h = hidden, g = 4 * h, first = cPrev === NO_STEP, last = carryIn === NO_STEP;
  for (let r = 0; r < rows; r++) {
    const row = gates + r * g, dRow = dGates + r * g;
    if (lengths && t >= lengths[r]) {
      mem.fill(0, dRow, dRow + g);
      mem.fill(0, carryOut + r * h, carryOut + (r + 1) * h);
      continue;
    }
    for (let j = 0; j < h; j++) {
      const x = r * h + j;
      const gi = mem[row + j], gf = mem[row + h + j], gg = mem[row + 2 * h + j], go = mem[row + 3 * h + j];
      const dhx = mem[dh + x], tc = mem[tanhC + x];
      const dc = dhx * go * (1 - tc * tc) + (last ? 0 : mem[carryIn + x]);
      mem[dRow + j] = dc * gg * gi * (1 - gi);
      mem[dRow + h + j] = first ? 0 : dc * mem[cPrev + x] * gf * (1 - gf);
      mem[dRow + 2 * h + j] = dc * gi * (1 - gg * gg);
      mem[dRow + 3 * h + j] = dhx * tc * go * (1 - go);
      mem[carryOut + x] = dc * gf;
    }
  }
}
