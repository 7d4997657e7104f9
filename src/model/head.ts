/**
 * The output head every cell shares: z = f·V + b_v, a = C(z), and the loss, where f is what the
 * top layer hands on (its state h_t, or both directions combined). In each-step mode every step has
 * an output; in last-step mode only step T (PyTorch's output[:, -1]).
 *
 *   forward:   Z = F_out·V + b_v,  A = C(Z)                 (one product over every output step and row)
 *   backward:  DZ = A − Y  (every head: losses.ts)
 *              dV = F_outᵀ·DZ,  db_v = Σ DZ,  DF_out = DZ·Vᵀ  (∂loss/∂f, written at the output steps only)
 *
 * With row lengths (row-lengths.ts): each-step mode scores only real steps (a = 0 and dz = 0 at
 * padded ones, which the loss skips); last-step mode reads each row's own last real step, gathered
 * into F_last [rows][F], and hands ∂loss/∂f back at that step only, zero at every other (so the top
 * layer then receives a gradient at 'every-step').
 */
import { setRows } from '../tensor/elementwise.js';
import type { Kernels } from '../tensor/kernels.js';
import type { CellTensor, GradientSteps } from './cells/cell.js';
import { zeroPaddedRows, type RowLengths } from './cells/row-lengths.js';
import { outputGradient, outputHead, type OutputHead } from './losses.js';
import type { NetType, OutputMode } from './spec.js';
import type { FloatArray } from '../tensor/float-array.js';

export interface HeadShape {
  netType: NetType;
  outputMode: OutputMode;
  /** F: the width of what the top layer hands on. */
  featureSize: number;
  outputSize: number;
  bias: boolean;
}

/** Element offsets of everything the head touches for one block of rows. */
export interface HeadBlock {
  /** [T][rows][F] the top layer's output (read only). */ features: number;
  /** [T][rows][F] ∂loss/∂f, written at the output steps. */ dFeatures: number;
  /** [rows][F] last-step mode with lengths: each row's features at its last real step. */ lastFeatures: number;
  /** [rows][F] and their gradient, before it is put back at each row's step. */ dLastFeatures: number;
  /** [outSteps][rows][output] labels. */ y: number;
  /** [outSteps][rows][output] a = C(z). */ a: number;
  /** [outSteps][rows][output] ∂loss/∂z. */ dz: number;
  /** V [F][output], then b_v [output]. */ params: number;
  /** Vᵀ [output][F] as prepareB wrote it, once per batch. */ prepared: number;
  /** The head's first gradient element (same order as params); backward adds to it. */ grads: number;
}

export class Head {
  readonly tensors: readonly CellTensor[];
  readonly parameterCount: number;
  readonly preparedSize: number;
  /** The output function and loss of the net type. */
  readonly output: OutputHead;
  /** Which steps of the top layer receive a gradient from the head. */
  readonly gradientSteps: GradientSteps;
  private readonly offsetBv: number;

  constructor(readonly shape: HeadShape) {
    const { featureSize: f, outputSize: o, bias } = shape;
    this.tensors = [
      { name: 'V', shape: [f, o], role: 'weight', pytorch: 'weight' },
      ...(bias ? [{ name: 'bv', shape: [1, o], role: 'bias', pytorch: 'bias' } as CellTensor] : []),
    ];
    this.offsetBv = f * o;
    this.parameterCount = f * o + (bias ? o : 0);
    this.preparedSize = o * f;
    this.output = outputHead(shape.netType);
    this.gradientSteps = shape.outputMode === 'each' ? 'every-step' : 'last-step';
  }

  /** Output rows of a block and where their features start: every step, or only the last. */
  private outputRows(timesteps: number, rows: number): { count: number; firstStep: number } {
    return this.shape.outputMode === 'each' ? { count: timesteps * rows, firstStep: 0 } : { count: rows, firstStep: timesteps - 1 };
  }

  /** Which steps of the top layer receive a gradient: with lengths in last-step mode, each row's own last step, so any. */
  gradientStepsWith(lengths: RowLengths): GradientSteps {
    return lengths ? 'every-step' : this.gradientSteps;
  }

  /** Vᵀ as the kernels' prepareB writes it (the B operand of ∂loss/∂features; wasm's packT instead of a JS transpose). */
  prepare(k: Kernels, params: number, prepared: number): void {
    k.prepareB(params, this.shape.featureSize, this.shape.outputSize, true, prepared);
  }

  forward(mem: FloatArray, k: Kernels, at: HeadBlock, timesteps: number, rows: number, lengths: RowLengths = null): void {
    const { featureSize: f, outputSize: o, bias } = this.shape;
    const { count, firstStep } = this.outputRows(timesteps, rows);
    const each = this.shape.outputMode === 'each';
    let features = at.features + firstStep * rows * f;
    if (lengths && !each) {
      for (let r = 0; r < rows; r++) mem.copyWithin(at.lastFeatures + r * f, at.features + ((lengths[r] - 1) * rows + r) * f, at.features + ((lengths[r] - 1) * rows + r + 1) * f);
      features = at.lastFeatures;
    }
    if (bias) setRows(mem, at.a, mem, at.params + this.offsetBv, count, o);
    k.mm(features, at.params, at.a, count, f, o, bias);
    this.output.activate(mem, at.a, count, o);
    if (lengths && each) for (let t = 0; t < timesteps; t++) zeroPaddedRows(mem, at.a + t * rows * o, o, rows, lengths, t);
  }

  /** Σ of the loss over the block's rows and output steps (labels already in y); with lengths, real steps only. */
  loss(mem: FloatArray, at: HeadBlock, timesteps: number, rows: number, lengths: RowLengths = null): number {
    const o = this.shape.outputSize;
    if (!lengths || this.shape.outputMode === 'last') return this.output.lossSum(mem, at.a, mem, at.y, this.outputRows(timesteps, rows).count, o);
    let sum = 0;
    for (let t = 0; t < timesteps; t++) {
      for (let r = 0; r < rows; r++) {
        if (t < lengths[r]) sum += this.output.lossSum(mem, at.a + (t * rows + r) * o, mem, at.y + (t * rows + r) * o, 1, o);
      }
    }
    return sum;
  }

  backward(mem: FloatArray, k: Kernels, at: HeadBlock, timesteps: number, rows: number, lengths: RowLengths = null): void {
    const { featureSize: f, outputSize: o, bias } = this.shape;
    const { count, firstStep } = this.outputRows(timesteps, rows);
    const each = this.shape.outputMode === 'each', lastOwn = lengths !== null && !each;
    const features = lastOwn ? at.lastFeatures : at.features + firstStep * rows * f;
    const dFeatures = lastOwn ? at.dLastFeatures : at.dFeatures + firstStep * rows * f;
    outputGradient(mem, at.a, mem, at.y, mem, at.dz, count * o);
    if (lengths && each) for (let t = 0; t < timesteps; t++) zeroPaddedRows(mem, at.dz + t * rows * o, o, rows, lengths, t);
    k.mmTA(features, at.dz, at.grads, count, f, o);
    if (bias) k.columnSums(at.dz, count, o, at.grads + this.offsetBv);
    k.mmB(at.dz, at.prepared, dFeatures, count, o, f, false);
    if (lastOwn) {
      mem.fill(0, at.dFeatures, at.dFeatures + timesteps * rows * f);
      for (let r = 0; r < rows; r++) mem.copyWithin(at.dFeatures + ((lengths[r] - 1) * rows + r) * f, at.dLastFeatures + r * f, at.dLastFeatures + (r + 1) * f);
    }
  }
}
