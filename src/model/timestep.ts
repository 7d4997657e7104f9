/**
 * One step of the generic RNN (the chapter's timestep object), forward beside backward.
 *
 *   forward:  h = x·U + s_prev·W + b_u      (no s_prev·W at the first step)
 *             s = tanh(h)
 *             z = s·V + b_v,  a = C(z)      (only where the step has an output)
 *   backward: dz = a − y                      (only where the step has an output)
 *             dh = (dz·Vᵀ + dh_next·Wᵀ) ⊙ (1 − s²)   (no dh_next at the last step)
 *             dV += sᵀ·dz, db_v += Σ dz, dU += xᵀ·dh, db_u += Σ dh, dW += s_prevᵀ·dh (not at the first step)
 *
 * Buffers are allocated once for `capacity` rows; a smaller batch uses their first rows.
 */
import { matmul, matmulTransAAccumulate, matmulTransB } from '../tensor/matmul.js';
import { addBiasRows, addColumnSums, mulTanhDerivative, tanhInPlace } from '../tensor/elementwise.js';
import { outputGradient, type OutputHead } from './losses.js';
import type { ParamSet } from './params.js';
import type { RnnSpec } from './spec.js';

export class Timestep {
  /** [capacity×hidden] s = tanh(h) of the last forward. */ readonly s: Float64Array;
  /** [capacity×output] a = C(z) (empty when the step has no output). */ readonly a: Float64Array;
  /** [capacity×output] ∂loss/∂z of the last backward. */ readonly dz: Float64Array;
  /** [capacity×hidden] ∂loss/∂h of the last backward, read by the previous step. */ readonly dh: Float64Array;

  constructor(
    private readonly spec: RnnSpec,
    private readonly head: OutputHead,
    readonly isFirst: boolean,
    readonly isLast: boolean,
    readonly needsOutput: boolean,
    readonly capacity: number,
  ) {
    const { hiddenSize: h, outputSize: o } = spec;
    this.s = new Float64Array(capacity * h);
    this.dh = new Float64Array(capacity * h);
    this.a = new Float64Array(needsOutput ? capacity * o : 0);
    this.dz = new Float64Array(needsOutput ? capacity * o : 0);
  }

  /** x: [rows×input] at xOff; prevS: the previous step's s, null at the first step. */
  forward(P: ParamSet, x: Float64Array, xOff: number, rows: number, prevS: Float64Array | null): void {
    const { inputSize: n, hiddenSize: h, outputSize: o, bias } = this.spec;
    matmul(x, xOff, P.U, 0, this.s, 0, rows, n, h, false);
    if (prevS !== null) matmul(prevS, 0, P.W, 0, this.s, 0, rows, h, h, true);
    if (bias) addBiasRows(this.s, 0, P.bu, rows, h);
    tanhInPlace(this.s, 0, rows * h);
    if (!this.needsOutput) return;
    matmul(this.s, 0, P.V, 0, this.a, 0, rows, h, o, false);
    if (bias) addBiasRows(this.a, 0, P.bv, rows, o);
    this.head.activate(this.a, 0, rows, o);
  }

  /**
   * Adds this step's gradients to G. y: [rows×output] labels at yOff (ignored without an output);
   * prevS: null at the first step; nextDh: the next step's dh, null at the last step.
   */
  backward(
    P: ParamSet, G: ParamSet, x: Float64Array, xOff: number, y: Float64Array, yOff: number, rows: number,
    prevS: Float64Array | null, nextDh: Float64Array | null,
  ): void {
    const { inputSize: n, hiddenSize: h, outputSize: o, bias } = this.spec;
    const { s, dh, dz } = this;
    if (this.needsOutput) {
      outputGradient(this.a, 0, y, yOff, dz, 0, rows * o);
      matmulTransAAccumulate(s, 0, dz, 0, G.V, 0, rows, h, o);
      if (bias) addColumnSums(dz, 0, G.bv, rows, o);
      matmulTransB(dz, 0, P.V, 0, dh, 0, rows, o, h, false);
      if (nextDh !== null) matmulTransB(nextDh, 0, P.W, 0, dh, 0, rows, h, h, true);
    } else {
      // Every step without an output has a next step (the last step always has one).
      matmulTransB(nextDh!, 0, P.W, 0, dh, 0, rows, h, h, false);
    }
    mulTanhDerivative(dh, 0, s, 0, rows * h);
    matmulTransAAccumulate(x, xOff, dh, 0, G.U, 0, rows, n, h);
    if (bias) addColumnSums(dh, 0, G.bu, rows, h);
    if (prevS !== null) matmulTransAAccumulate(prevS, 0, dh, 0, G.W, 0, rows, h, h);
  }
}
