/**
 * The LSTM cell, parameterised as PyTorch's nn.LSTM (gates i, f, g, o; two bias vectors), in the
 * row form of the other cells: U = weight_ihᵀ [input][4H], W = weight_hhᵀ [hidden][4H],
 * bu = bias_ih, bw = bias_hh, each with the gates side by side in column blocks i | f | g | o.
 *
 *   forward:   [i f g o] = [σ σ tanh σ](x_t·U + h_prev·W + b_u + b_w)
 *              c_t = f ⊙ c_prev + i ⊙ g,   h_t = o ⊙ tanh(c_t)          (h_prev = c_prev = 0 at the first step)
 *   backward:  dh_t = ∂loss/∂h_t from above + dP_next·Wᵀ
 *              dc_t = dh_t ⊙ o ⊙ (1 − tanh²c_t) + dc_next ⊙ f_next
 *              dP_t = [dc⊙g⊙i(1−i),  dc⊙c_prev⊙f(1−f),  dc⊙i⊙(1−g²),  dh⊙tanh c_t⊙o(1−o)]
 *              dU = Σ x_tᵀ·dP_t,  dW = Σ h_prevᵀ·dP_t,  db_u = db_w = Σ dP_t,  dx_t = dP_t·Uᵀ
 *
 * What keeps it short: every gate's derivative is a function of the gate's own value, so the saved
 * activations (gates, c, tanh c) are all backward needs, and as in the Elman cell the input and
 * weight gradients are one product each over every step of the block.
 * Rows of different lengths (row-lengths.ts): h and c are zeroed at padded steps, and backward
 * writes zero gate gradients and carry there without reading the step's (unused) activations.
 */
import { copyRange } from '../../tensor/columns.js';
import type { FloatArray } from '../../tensor/float-array.js';
import { NO_STEP, type Kernels } from '../../tensor/kernels.js';
import { halveColumns } from '../../tensor/sigmoid.js';

import { NO_BUFFER, type Cell, type CellBlock, type CellShape, type GradientSteps, type StepBlock } from './cell.js';
import { GatedCell } from './gated-cell.js';
import { zeroPaddedRows, type RowLengths } from './row-lengths.js';

export class LstmCell extends GatedCell implements Cell {
  readonly type = 'lstm';
  /** Wᵀ, Uᵀ for backward; U, W, b_u + b_w with the sigmoid gates' columns halved, and U, W again in the kernels' layout, for forward (preparedLayout). */
  readonly preparedSize: number;

  constructor(shape: CellShape) {
    super(shape, 4);
    const { inputSize: n, hiddenSize: h } = shape, g = 4 * h;
    this.preparedSize = 3 * g * h + 3 * g * n + g;
  }

  /** Where a block's saved values sit, relative to CellBlock.saved, for `rows` rows over T steps. */
  private layout(timesteps: number, rows: number) {
    const h = this.shape.hiddenSize, seq = timesteps * rows * h;
    return { gates: 0, dGates: 4 * seq, cells: 8 * seq, tanhCells: 9 * seq, carry: 10 * seq, size: 10 * seq + rows * h };
  }

  /** Gate activations and their gradients [T][rows][4H], c and tanh c [T][rows][H], dc carried back [rows][H]. */
  savedSize(timesteps: number, rows: number): number {
    return this.layout(timesteps, rows).size;
  }

  prepare(mem: FloatArray, k: Kernels, params: number, prepared: number): void {
    const { inputSize: n, hiddenSize: h, bias } = this.shape, g = 4 * h;
    const P = this.preparedLayout();
    k.prepareB(params + this.offsetW, h, g, true, prepared + P.wT);
    k.prepareB(params, n, g, true, prepared + P.uT);
    // U, W and b_u + b_w with the i, f, o columns halved (exact: a power of two), so the products
    // give x/2 for the sigmoid gates directly: σ(x) = ½ + ½·tanh(x/2).
    copyRange(mem, params, prepared + P.uHalf, n * g);
    copyRange(mem, params + this.offsetW, prepared + P.wHalf, h * g);
    if (bias) for (let j = 0; j < g; j++) mem[prepared + P.bHalf + j] = mem[params + this.offsetBu + j] + mem[params + this.offsetBw + j];
    for (const [at, rows] of [[P.uHalf, n], [P.wHalf, h], ...(bias ? [[P.bHalf, 1]] : [])]) {
      halveColumns(mem, prepared + at, rows, g, 0, 2 * h);
      halveColumns(mem, prepared + at, rows, g, 3 * h, h);
    }
    k.prepareB(prepared + P.uHalf, n, g, false, prepared + P.uPacked);
    k.prepareB(prepared + P.wHalf, h, g, false, prepared + P.wPacked);
  }

  /** Offsets within `prepared`: Wᵀ, Uᵀ for backward (prepareB's layout); U, W, b with halved sigmoid columns, and U, W as prepareB wrote them, for forward. */
  private preparedLayout() {
    const { inputSize: n, hiddenSize: h } = this.shape, g = 4 * h;
    const bHalf = 2 * g * h + 2 * g * n, uPacked = bHalf + g;
    return { wT: 0, uT: g * h, uHalf: g * h + g * n, wHalf: g * h + 2 * g * n, bHalf, uPacked, wPacked: uPacked + g * n };
  }


  forward(mem: FloatArray, k: Kernels, at: CellBlock, timesteps: number, rows: number, lengths: RowLengths = null): void {
    const { inputSize: n, hiddenSize: h, bias } = this.shape, g = 4 * h;
    const L = this.layout(timesteps, rows), P = this.preparedLayout(), stepH = rows * h, stepG = rows * g;
    const gates = at.saved + L.gates, cells = at.saved + L.cells, tanhCells = at.saved + L.tanhCells;
    for (let i = 0; i < timesteps; i++) {
      const t = this.timeAt(i, timesteps), gt = gates + t * stepG, ct = cells + t * stepH, tct = tanhCells + t * stepH;
      const prev = t - this.toward, cPrev = cells + prev * stepH, ht = at.states + t * stepH;
      // x_t·U + b_u + b_w (i, f, o halved), step by step rather than for all steps at once: the same
      // sums row for row, but the step's gates [rows×4H] are still in cache when h_prev·W is added
      // (all steps' gates, 3 MiB at 8/128/6 in float64, do not fit in L2: that product ran at a third of the loop).
      const xt = at.input + t * rows * n;
      if (bias) k.mmBRow(xt, at.prepared + P.uPacked, gt, rows, n, g, at.prepared + P.bHalf);
      else k.mmB(xt, at.prepared + P.uPacked, gt, rows, n, g, false);
      if (i > 0) k.mmB(at.states + prev * stepH, at.prepared + P.wPacked, gt, rows, h, g, true);
      k.lstmForward(gt, i > 0 ? cPrev : NO_STEP, ct, tct, ht, rows, h);
      if (lengths) {
        zeroPaddedRows(mem, ht, h, rows, lengths, t);
        zeroPaddedRows(mem, ct, h, rows, lengths, t);
      }
    }
  }

  /** Gates [rows][4H] and tanh c [rows][H]. */
  stepScratchSize(rows: number): number {
    return 5 * rows * this.shape.hiddenSize;
  }

  /** forward's step i > 0: x_t·U + b and h_prev·W, then the gates, c and h updated in place. */
  step(mem: FloatArray, k: Kernels, at: StepBlock, rows: number): void {
    const { inputSize: n, hiddenSize: h, bias } = this.shape, g = 4 * h, P = this.preparedLayout();
    const gates = at.scratch, tanhCells = gates + rows * g;
    if (bias) k.mmBRow(at.input, at.prepared + P.uPacked, gates, rows, n, g, at.prepared + P.bHalf);
    else k.mmB(at.input, at.prepared + P.uPacked, gates, rows, n, g, false);
    k.mmB(at.state, at.prepared + P.wPacked, gates, rows, h, g, true);
    k.lstmForward(gates, at.memory, at.memory, tanhCells, at.state, rows, h);
  }

  backward(mem: FloatArray, k: Kernels, at: CellBlock, timesteps: number, rows: number, arriving: GradientSteps, lengths: RowLengths = null): void {
    const { inputSize: n, hiddenSize: h, bias } = this.shape, g = 4 * h;
    const L = this.layout(timesteps, rows), stepH = rows * h, stepG = rows * g;
    const gates = at.saved + L.gates, dGates = at.saved + L.dGates, cells = at.saved + L.cells;
    const tanhCells = at.saved + L.tanhCells, carry = at.saved + L.carry;
    const P = this.preparedLayout(), wT = at.prepared + P.wT, uT = at.prepared + P.uT;
    for (let i = timesteps - 1; i >= 0; i--) {
      const t = this.timeAt(i, timesteps), dht = at.dStates + t * stepH;
      const fromAbove = arriving === 'every-step' || t === timesteps - 1;
      if (i < timesteps - 1) k.mmB(dGates + (t + this.toward) * stepG, wT, dht, rows, g, h, fromAbove);
      else if (!fromAbove) mem.fill(0, dht, dht + stepH);
      const gt = gates + t * stepG, dgt = dGates + t * stepG, tct = tanhCells + t * stepH;
      const cPrev = i === 0 ? NO_STEP : cells + (t - this.toward) * stepH, carryIn = i === timesteps - 1 ? NO_STEP : carry;
      k.lstmBackward(gt, cPrev, tct, dht, carryIn, carry, dgt, rows, h, lengths, t);
    }
    k.mmTA(at.input, dGates, at.grads, timesteps * rows, n, g);
    if (bias) {
      // b_u and b_w have the same gradient, Σ dP: summed once and copied. Both start from the block's
      // zeroed gradient, so these are the bits of summing twice.
      k.columnSums(dGates, timesteps * rows, g, at.grads + this.offsetBu);
      copyRange(mem, at.grads + this.offsetBu, at.grads + this.offsetBw, g);
    }
    if (timesteps > 1) {
      const [hPrev, dP] = this.toward === 1 ? [at.states, dGates + stepG] : [at.states + stepH, dGates];
      k.mmTA(hPrev, dP, at.grads + this.offsetW, (timesteps - 1) * rows, h, g);
    }
    if (at.dInput !== NO_BUFFER) k.mmB(dGates, uT, at.dInput, timesteps * rows, g, n, false);
  }
}
