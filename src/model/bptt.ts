/**
 * Forward, loss and backward of one block of rows over all T steps (the chapter's equations), on a
 * Workspace. The time loop lives here; the products run on the chosen Kernels. Any thread may run
 * any block: a block reads only the shared parameters and its own buffers, and writes only its own.
 *
 *   forward:  S = X·U + b_u for all steps at once, then per step S_t += S_{t−1}·W, S_t = tanh(S_t);
 *             Z = S_out·V + b_v, A = C(Z) for the steps with an output (all, or only T)
 *   backward: DZ = A − Y;  dV = S_outᵀ·DZ, db_v = Σ DZ;  DH_out = DZ·Vᵀ
 *             per step from T down: DH_t (+)= DH_{t+1}·Wᵀ, DH_t ⊙= 1 − S_t²
 *             dU = Xᵀ·DH, db_u = Σ DH, dW = S_{1..T−1}ᵀ·DH_{2..T} — one product each, over all steps
 */
import { addColumnSums, mulTanhDerivative, setRows } from '../tensor/elementwise.js';
import type { Kernels } from '../tensor/kernels.js';
import { outputGradient, type OutputHead } from './losses.js';
import type { RnnSpec } from './spec.js';
import { blockRows, type Workspace } from './workspace.js';

export class BlockBptt {
  constructor(
    private readonly spec: RnnSpec, private readonly ws: Workspace,
    private readonly k: Kernels, private readonly head: OutputHead,
  ) {}

  /** Rows with an output in block b, and where their states start: all steps, or only the last. */
  private outRows(rc: number): { m: number; sOut: number } {
    const T = this.spec.timesteps, h = this.spec.hiddenSize;
    return this.spec.outputMode === 'each' ? { m: T * rc, sOut: 0 } : { m: rc, sOut: (T - 1) * rc * h };
  }

  forward(b: number, rows: number): void {
    const { timesteps: T, inputSize: n, hiddenSize: h, outputSize: o, bias } = this.spec;
    const { mem, p, params: P } = this.ws;
    const B = this.ws.blocks[b], rc = blockRows(b, rows), k = this.k;
    if (bias) setRows(mem, B.s, mem, P + p.bu, T * rc, h);
    k.mm(B.x, P + p.U, B.s, T * rc, n, h, bias);
    const step = rc * h;
    for (let t = 0; t < T; t++) {
      const st = B.s + t * step;
      if (t > 0) k.mm(st - step, P + p.W, st, rc, h, h, true);
      k.tanh(st, step);
    }
    const { m, sOut } = this.outRows(rc);
    if (bias) setRows(mem, B.a, mem, P + p.bv, m, o);
    k.mm(B.s + sOut, P + p.V, B.a, m, h, o, bias);
    this.head.activate(mem, B.a, m, o);
  }

  /** Σ of the loss over block b's rows and output steps (labels already in its y). */
  loss(b: number, rows: number): number {
    const B = this.ws.blocks[b];
    const { m } = this.outRows(blockRows(b, rows));
    return this.head.lossSum(this.ws.mem, B.a, this.ws.mem, B.y, m, this.spec.outputSize);
  }

  /** Writes block b's gradient, summed over its rows and steps, to its g (Wᵀ, Vᵀ already in place). */
  backward(b: number, rows: number): void {
    const { timesteps: T, inputSize: n, hiddenSize: h, outputSize: o, bias, outputMode } = this.spec;
    const { mem, p } = this.ws;
    const B = this.ws.blocks[b], rc = blockRows(b, rows), k = this.k;
    const G = B.g;
    mem.fill(0, G, G + p.size);
    const { m, sOut } = this.outRows(rc);
    outputGradient(mem, B.a, mem, B.y, mem, B.dz, m * o);
    k.mmTA(B.s + sOut, B.dz, G + p.V, m, h, o);
    if (bias) addColumnSums(mem, B.dz, mem, m, o, G + p.bv);
    k.mm(B.dz, this.ws.vt, B.dh + sOut, m, o, h, false);
    const step = rc * h, each = outputMode === 'each';
    for (let t = T - 1; t >= 0; t--) {
      const dht = B.dh + t * step;
      // In last-step mode only step T has a dz·Vᵀ term; earlier steps start from dh_{t+1}·Wᵀ.
      if (t < T - 1) k.mm(dht + step, this.ws.wt, dht, rc, h, h, each);
      mulTanhDerivative(mem, dht, mem, B.s + t * step, step);
    }
    k.mmTA(B.x, B.dh, G + p.U, T * rc, n, h);
    if (bias) addColumnSums(mem, B.dh, mem, T * rc, h, G + p.bu);
    if (T > 1) k.mmTA(B.s, B.dh + step, G + p.W, (T - 1) * rc, h, h);
  }
}
