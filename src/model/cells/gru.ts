/**
 * The GRU cell, parameterised as PyTorch's nn.GRU (gates r, z, n; r applied to W_hn·h + b_hn), in
 * the row form of the other cells: U = weight_ihᵀ [input][3H], W = weight_hhᵀ [hidden][3H],
 * bu = bias_ih, bw = bias_hh, each with the gates side by side in column blocks r | z | n.
 *
 *   forward:   X_t = x_t·U + b_u,  H_t = h_prev·W + b_w              (h_prev = 0 at the first step)
 *              r = σ(X_r + H_r),  z = σ(X_z + H_z),  n = tanh(X_n + r ⊙ H_n)
 *              h_t = (1 − z) ⊙ n + z ⊙ h_prev
 *   backward:  dh_t = ∂loss/∂h_t from above + dH_next·Wᵀ + dh_next ⊙ z_next
 *              dn = dh ⊙ (1 − z) ⊙ (1 − n²),  dz = dh ⊙ (h_prev − n) ⊙ z(1 − z),  dr = dn ⊙ H_n ⊙ r(1 − r)
 *              dX_t = [dr, dz, dn],  dH_t = [dr, dz, dn ⊙ r]
 *              dU = Σ x_tᵀ·dX_t,  db_u = Σ dX_t,  dW = Σ h_prevᵀ·dH_t,  db_w = Σ dH_t,  dx_t = dX_t·Uᵀ
 *
 * The input and hidden products differ only in the n block (r scales the hidden side), so they are
 * kept apart: X for every step in one product before the time loop, H step by step inside it.
 * σ(x) = ½ + ½·tanh(x/2), with the r and z columns of U, W, b_u, b_w halved once per batch.
 * Rows of different lengths (row-lengths.ts): h is zeroed at padded steps; backward writes zero
 * gradients there, and a row's last real step takes no direct path from the (padded) step after it.
 */
import { setRows } from '../../tensor/elementwise.js';
import { copyRange } from '../../tensor/columns.js';
import type { FloatArray } from '../../tensor/float-array.js';
import { NO_STEP, type Kernels } from '../../tensor/kernels.js';
import { halveColumns } from '../../tensor/sigmoid.js';
import { NO_BUFFER, type Cell, type CellBlock, type CellShape, type GradientSteps, type StepBlock } from './cell.js';
import { GatedCell } from './gated-cell.js';
import { zeroPaddedRows, type RowLengths } from './row-lengths.js';

export class GruCell extends GatedCell implements Cell {
  readonly type = 'gru';
  /** Wᵀ, Uᵀ for backward; U, W, b_u, b_w with the r and z columns halved, and U, W again in the kernels' layout, for forward (preparedLayout). */
  readonly preparedSize: number;

  constructor(shape: CellShape) {
    super(shape, 3);
    const { inputSize: n, hiddenSize: h } = shape, g = 3 * h;
    this.preparedSize = 3 * g * h + 3 * g * n + 2 * g;
  }

  /**
   * Relative to CellBlock.saved: X and H [T][rows][3H]; r and z side by side per step [T][2][rows][H]
   * (one tanh pass for both); n [T][rows][H]; their gradients dX, dH [T][rows][3H].
   */
  private layout(timesteps: number, rows: number) {
    const seq = timesteps * rows * this.shape.hiddenSize;
    return { inputPart: 0, hiddenPart: 3 * seq, resetUpdate: 6 * seq, candidate: 8 * seq, dInputPart: 9 * seq, dHiddenPart: 12 * seq, size: 15 * seq };
  }

  savedSize(timesteps: number, rows: number): number {
    return this.layout(timesteps, rows).size;
  }

  prepare(mem: FloatArray, k: Kernels, params: number, prepared: number): void {
    const { inputSize: n, hiddenSize: h, bias } = this.shape, g = 3 * h;
    const P = this.preparedLayout();
    k.prepareB(params + this.offsetW, h, g, true, prepared + P.wT);
    k.prepareB(params, n, g, true, prepared + P.uT);
    // r and z are sigmoids, σ(x) = ½ + ½·tanh(x/2): their columns halved (exact), the products give x/2.
    copyRange(mem, params, prepared + P.uHalf, n * g);
    copyRange(mem, params + this.offsetW, prepared + P.wHalf, h * g);
    if (bias) copyRange(mem, params + this.offsetBu, prepared + P.buHalf, 2 * g);
    for (const [at, rows] of [[P.uHalf, n], [P.wHalf, h], ...(bias ? [[P.buHalf, 2]] : [])]) halveColumns(mem, prepared + at, rows, g, 0, 2 * h);
    k.prepareB(prepared + P.uHalf, n, g, false, prepared + P.uPacked);
    k.prepareB(prepared + P.wHalf, h, g, false, prepared + P.wPacked);
  }

  /** Offsets within `prepared`: Wᵀ, Uᵀ (prepareB's layout); U, W, b_u then b_w with r, z halved; U, W halved as prepareB wrote them. */
  private preparedLayout() {
    const { inputSize: n, hiddenSize: h } = this.shape, g = 3 * h;
    const buHalf = 2 * g * h + 2 * g * n, uPacked = buHalf + 2 * g;
    return { wT: 0, uT: g * h, uHalf: g * h + g * n, wHalf: g * h + 2 * g * n, buHalf, bwHalf: buHalf + g, uPacked, wPacked: uPacked + g * n };
  }


  forward(mem: FloatArray, k: Kernels, at: CellBlock, timesteps: number, rows: number, lengths: RowLengths = null): void {
    const { inputSize: n, hiddenSize: h, bias } = this.shape, g = 3 * h;
    const L = this.layout(timesteps, rows), P = this.preparedLayout(), stepH = rows * h, stepG = rows * g;
    const X = at.saved + L.inputPart, H = at.saved + L.hiddenPart;
    for (let i = 0; i < timesteps; i++) {
      const t = this.timeAt(i, timesteps), prev = t - this.toward;
      const xt = X + t * stepG, ht = H + t * stepG;
      // x_t·U + b_u step by step (the same sums row for row as one product over every step): the step's
      // part is still in cache when it is read below (all steps' [T·rows×3H] do not fit in L2 at 8/128/6).
      if (bias) k.mmBRow(at.input + t * rows * n, at.prepared + P.uPacked, xt, rows, n, g, at.prepared + P.buHalf);
      else k.mmB(at.input + t * rows * n, at.prepared + P.uPacked, xt, rows, n, g, false);
      const rz = at.saved + L.resetUpdate + 2 * t * stepH, nt = at.saved + L.candidate + t * stepH;
      if (i > 0 && bias) k.mmBRow(at.states + prev * stepH, at.prepared + P.wPacked, ht, rows, h, g, at.prepared + P.bwHalf);
      else if (i > 0) k.mmB(at.states + prev * stepH, at.prepared + P.wPacked, ht, rows, h, g, false);
      else if (bias) setRows(mem, ht, mem, at.prepared + P.bwHalf, rows, g);
      else mem.fill(0, ht, ht + stepG);
      const st = at.states + t * stepH;
      k.gruForward(xt, ht, rz, nt, i > 0 ? at.states + prev * stepH : NO_STEP, st, rows, h);
      if (lengths) zeroPaddedRows(mem, st, h, rows, lengths, t);
    }
  }

  /** X, H [rows][3H], r and z [2][rows][H], n [rows][H]. */
  stepScratchSize(rows: number): number {
    return 9 * rows * this.shape.hiddenSize;
  }

  /** forward's step i > 0: X = x_t·U + b_u, H = h_prev·W + b_w, then the gates, h updated in place. */
  step(mem: FloatArray, k: Kernels, at: StepBlock, rows: number): void {
    const { inputSize: n, hiddenSize: h, bias } = this.shape, g = 3 * h, P = this.preparedLayout();
    const X = at.scratch, H = X + rows * g, rz = H + rows * g, nt = rz + 2 * rows * h;
    if (bias) k.mmBRow(at.input, at.prepared + P.uPacked, X, rows, n, g, at.prepared + P.buHalf);
    else k.mmB(at.input, at.prepared + P.uPacked, X, rows, n, g, false);
    if (bias) k.mmBRow(at.state, at.prepared + P.wPacked, H, rows, h, g, at.prepared + P.bwHalf);
    else k.mmB(at.state, at.prepared + P.wPacked, H, rows, h, g, false);
    k.gruForward(X, H, rz, nt, at.state, at.state, rows, h);
  }

  backward(mem: FloatArray, k: Kernels, at: CellBlock, timesteps: number, rows: number, arriving: GradientSteps, lengths: RowLengths = null): void {
    const { inputSize: n, hiddenSize: h, bias } = this.shape, g = 3 * h;
    const L = this.layout(timesteps, rows), stepH = rows * h, stepG = rows * g;
    const H = at.saved + L.hiddenPart, dX = at.saved + L.dInputPart, dH = at.saved + L.dHiddenPart;
    const P = this.preparedLayout(), wT = at.prepared + P.wT, uT = at.prepared + P.uT;
    for (let i = timesteps - 1; i >= 0; i--) {
      const t = this.timeAt(i, timesteps), next = t + this.toward, prev = t - this.toward;
      const dht = at.dStates + t * stepH;
      const fromAbove = arriving === 'every-step' || t === timesteps - 1;
      const last = i === timesteps - 1, first = i === 0;
      if (!last) k.mmB(dH + next * stepG, wT, dht, rows, g, h, fromAbove);
      else if (!fromAbove) mem.fill(0, dht, dht + stepH);
      const rz = at.saved + L.resetUpdate + 2 * t * stepH, nt = at.saved + L.candidate + t * stepH;
      const zNext = last ? NO_STEP : at.saved + L.resetUpdate + 2 * next * stepH + stepH, dhNext = last ? NO_STEP : at.dStates + next * stepH;
      const sPrev = first ? NO_STEP : at.states + prev * stepH;
      k.gruBackward(rz, nt, H + t * stepG, sPrev, dht, dhNext, zNext, dX + t * stepG, dH + t * stepG, rows, h, lengths, t, next);
    }
    k.mmTA(at.input, dX, at.grads, timesteps * rows, n, g);
    if (bias) {
      k.columnSums(dX, timesteps * rows, g, at.grads + this.offsetBu);
      k.columnSums(dH, timesteps * rows, g, at.grads + this.offsetBw);
    }
    if (timesteps > 1) {
      const [hPrev, dP] = this.toward === 1 ? [at.states, dH + stepG] : [at.states + stepH, dH];
      k.mmTA(hPrev, dP, at.grads + this.offsetW, (timesteps - 1) * rows, h, g);
    }
    if (at.dInput !== NO_BUFFER) k.mmB(dX, uT, at.dInput, timesteps * rows, g, n, false);
  }
}
