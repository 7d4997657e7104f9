/**
 * What the LSTM and GRU cells share: PyTorch's parameterisation of a gated cell, U = weight_ihᵀ
 * [input][G], W = weight_hhᵀ [hidden][G] and two bias vectors b_u, b_w [1][G], G = gates · hidden
 * with the gates side by side in column blocks; and the order a direction walks the steps in.
 */
import type { FloatType } from '../../tensor/kernels.js';
import { countParameters, type CellShape, type CellTensor } from './cell.js';

export abstract class GatedCell {
  readonly floatType: FloatType;
  readonly tensors: readonly CellTensor[];
  readonly parameterCount: number;
  /** The inner sizes of its products: x·U (input), h·W (hidden), dP·Wᵀ and dP·Uᵀ (G). */
  readonly innerSizes: readonly number[];
  /** Offsets of W, b_u and b_w within the cell's parameters (U is at 0). */
  protected readonly offsetW: number;
  protected readonly offsetBu: number;
  protected readonly offsetBw: number;
  /** +1 forward in time, −1 for a reverse cell: the step h_t feeds is t + toward. */
  protected readonly toward: 1 | -1;

  constructor(readonly shape: CellShape, gates: number) {
    const { inputSize: n, hiddenSize: h, bias } = shape, g = gates * h;
    this.tensors = [
      { name: 'U', shape: [n, g], role: 'weight', pytorch: 'weight_ih' },
      { name: 'W', shape: [h, g], role: 'weight', pytorch: 'weight_hh' },
      ...(bias ? [{ name: 'bu', shape: [1, g], role: 'bias', pytorch: 'bias_ih' }, { name: 'bw', shape: [1, g], role: 'bias', pytorch: 'bias_hh' }] as CellTensor[] : []),
    ];
    this.parameterCount = countParameters(this.tensors);
    this.offsetW = n * g;
    this.offsetBu = n * g + h * g;
    this.offsetBw = this.offsetBu + g;
    this.innerSizes = [n, h, g];
    this.toward = shape.direction === 'forward' ? 1 : -1;
    this.floatType = shape.dtype ?? 'float64';
  }

  /** The time of the i-th step processed: i forward, T − 1 − i in reverse. */
  protected timeAt(i: number, timesteps: number): number {
    return this.toward === 1 ? i : timesteps - 1 - i;
  }
}
