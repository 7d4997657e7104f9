/**
 * The book's generic RNN cell (Elman): one tanh layer whose state feeds back through W.
 *
 *   forward:   h_t = tanh(x_t·U + h_prev·W + b_u)        h_prev = h_{t−1} (h_{t+1} in reverse), 0 at the first step
 *   backward:  dh_t = (∂loss/∂h_t from above + dh_next·Wᵀ) ⊙ (1 − h_t²)      dh_next: the step that read h_t
 *              dU = Σ_t x_tᵀ·dh_t,  db_u = Σ_t Σ_rows dh_t,  dW = Σ_t h_prevᵀ·dh_t,  dx_t = dh_t·Uᵀ
 *
 * The property that keeps it short: tanh′ = 1 − h², so the states are all backward needs, and the
 * input and weight gradients are each one product over every step and row of the block (the block
 * keeps [T][rows][·] contiguous): dU and dW after the time loop (x·U is made step by step in it).
 * Rows of different lengths (row-lengths.ts): h and dh are zeroed at padded steps, which is all it
 * takes here, since every step reads its neighbour only through a product with W or Wᵀ.
 */
import type { FloatArray } from '../../tensor/float-array.js';
import type { FloatType, Kernels } from '../../tensor/kernels.js';
import { copyRange } from '../../tensor/columns.js';
import { countParameters, NO_BUFFER, type Cell, type CellBlock, type CellShape, type CellTensor, type GradientSteps, type StepBlock } from './cell.js';
import { zeroPaddedRows, type RowLengths } from './row-lengths.js';

export class ElmanCell implements Cell {
  readonly type = 'elman';
  readonly floatType: FloatType;
  readonly tensors: readonly CellTensor[];
  readonly parameterCount: number;
  /** Wᵀ [hidden][hidden], Uᵀ [hidden][input], W, U: each as the kernels' prepareB wrote it (B operands of every step's products). */
  readonly preparedSize: number;
  readonly innerSizes: readonly number[];
  /** Offsets of U [input][hidden], W [hidden][hidden] and b_u [hidden] within the cell's parameters. */
  private readonly offsetU = 0;
  private readonly offsetW: number;
  private readonly offsetBu: number;
  /** +1 forward in time, −1 for a reverse cell: the step h_t feeds is t + toward. */
  private readonly toward: 1 | -1;

  constructor(readonly shape: CellShape) {
    const { inputSize: n, hiddenSize: h, bias } = shape;
    this.tensors = [
      { name: 'U', shape: [n, h], role: 'weight', pytorch: 'weight_ih' },
      { name: 'W', shape: [h, h], role: 'weight', pytorch: 'weight_hh' },
      ...(bias ? [{ name: 'bu', shape: [1, h], role: 'bias', pytorch: 'bias_ih' } as CellTensor] : []),
    ];
    this.parameterCount = countParameters(this.tensors);
    this.offsetW = n * h;
    this.offsetBu = n * h + h * h;
    this.preparedSize = 2 * (h * h + h * n);
    this.innerSizes = [n, h];
    this.toward = shape.direction === 'forward' ? 1 : -1;
    this.floatType = shape.dtype ?? 'float64';
  }

  /** The states are the only activations backward needs. */
  savedSize(): number {
    return 0;
  }

  prepare(_mem: FloatArray, k: Kernels, params: number, prepared: number): void {
    const { inputSize: n, hiddenSize: h } = this.shape, P = this.preparedLayout(prepared);
    k.prepareB(params + this.offsetW, h, h, true, P.wT);
    k.prepareB(params + this.offsetU, n, h, true, P.uT);
    k.prepareB(params + this.offsetW, h, h, false, P.w);
    k.prepareB(params + this.offsetU, n, h, false, P.u);
  }

  /** Where prepare puts Wᵀ, Uᵀ, W and U. */
  private preparedLayout(prepared: number) {
    const { inputSize: n, hiddenSize: h } = this.shape, uT = prepared + h * h, w = uT + h * n;
    return { wT: prepared, uT, w, u: w + h * h };
  }

  /** The time of the i-th step processed: i forward, T − 1 − i in reverse. */
  private timeAt(i: number, timesteps: number): number {
    return this.toward === 1 ? i : timesteps - 1 - i;
  }

  forward(mem: FloatArray, k: Kernels, at: CellBlock, timesteps: number, rows: number, lengths: RowLengths = null): void {
    const { inputSize: n, hiddenSize: h, bias } = this.shape;
    const stepSize = rows * h, P = this.preparedLayout(at.prepared);
    for (let i = 0; i < timesteps; i++) {
      const t = this.timeAt(i, timesteps), ht = at.states + t * stepSize;
      // x_t·U + b_u step by step (the same sums row for row as one product over every step): the
      // step's rows are still in cache when h_prev·W is added to them. All steps' states (786 KB at
      // 8/128/6 in float64) were written a batch apart, from L3: that product ran at a third of the loop.
      if (bias) k.mmBRow(at.input + t * rows * n, P.u, ht, rows, n, h, at.params + this.offsetBu);
      else k.mmB(at.input + t * rows * n, P.u, ht, rows, n, h, false);
      if (i > 0) k.mmB(ht - this.toward * stepSize, P.w, ht, rows, h, h, true);
      k.tanh(ht, stepSize);
      if (lengths) zeroPaddedRows(mem, ht, h, rows, lengths, this.timeAt(i, timesteps));
    }
  }

  /** The new state, before it replaces the old one (the product reads h_prev). */
  stepScratchSize(rows: number): number {
    return rows * this.shape.hiddenSize;
  }

  /** forward's step i > 0: x_t·U + b_u, then + h_prev·W, tanh. */
  step(mem: FloatArray, k: Kernels, at: StepBlock, rows: number): void {
    const { inputSize: n, hiddenSize: h, bias } = this.shape, P = this.preparedLayout(at.prepared), next = at.scratch;
    if (bias) k.mmBRow(at.input, P.u, next, rows, n, h, at.params + this.offsetBu);
    else k.mmB(at.input, P.u, next, rows, n, h, false);
    k.mmB(at.state, P.w, next, rows, h, h, true);
    k.tanh(next, rows * h);
    copyRange(mem, next, at.state, rows * h);
  }

  backward(mem: FloatArray, k: Kernels, at: CellBlock, timesteps: number, rows: number, arriving: GradientSteps, lengths: RowLengths = null): void {
    const { inputSize: n, hiddenSize: h, bias } = this.shape;
    const stepSize = rows * h, { wT, uT } = this.preparedLayout(at.prepared);
    for (let i = timesteps - 1; i >= 0; i--) {
      const t = this.timeAt(i, timesteps), dht = at.dStates + t * stepSize;
      const fromAbove = arriving === 'every-step' || t === timesteps - 1;
      // dh_next·Wᵀ, added to the gradient from above where one arrived, else written in its place.
      if (i < timesteps - 1) k.mmB(dht + this.toward * stepSize, wT, dht, rows, h, h, fromAbove);
      else if (!fromAbove) mem.fill(0, dht, dht + stepSize);
      k.tanhGrad(dht, at.states + t * stepSize, stepSize);
      if (lengths) zeroPaddedRows(mem, dht, h, rows, lengths, t);
    }
    k.mmTA(at.input, at.dStates, at.grads + this.offsetU, timesteps * rows, n, h);
    if (bias) k.columnSums(at.dStates, timesteps * rows, h, at.grads + this.offsetBu);
    if (timesteps > 1) {
      // Σ_t h_prevᵀ·dh_t: forward pairs h_{1..T−1} with dh_{2..T}, reverse h_{2..T} with dh_{1..T−1}.
      const [hPrev, dh] = this.toward === 1 ? [at.states, at.dStates + stepSize] : [at.states + stepSize, at.dStates];
      k.mmTA(hPrev, dh, at.grads + this.offsetW, (timesteps - 1) * rows, h, h);
    }
    if (at.dInput !== NO_BUFFER) k.mmB(at.dStates, uT, at.dInput, timesteps * rows, h, n, false);
  }
}
