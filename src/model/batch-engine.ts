/**
 * The fast path behind Rnn.forwardBatch / backwardBatch: moves a time-major batch into the
 * Workspace's blocks, runs each block's BPTT, and adds the blocks' gradients in block order.
 * The parallel trainer drives the same object, handing blocks to worker threads in between.
 */
import { transpose } from '../tensor/elementwise.js';
import { createKernels, type KernelName } from '../tensor/kernels.js';
import { BlockBptt } from './bptt.js';
import type { OutputHead } from './losses.js';
import type { RnnSpec } from './spec.js';
import { BLOCK_ROWS, blockCount, blockRows, Workspace } from './workspace.js';

export class BatchEngine {
  readonly ws: Workspace;
  readonly bptt: BlockBptt;
  readonly blockRows = BLOCK_ROWS;

  constructor(readonly spec: RnnSpec, head: OutputHead, capacity: number, readonly kernels: KernelName) {
    this.ws = new Workspace(spec, capacity);
    this.bptt = new BlockBptt(spec, this.ws, createKernels(kernels, this.ws.memory, [spec.inputSize, spec.hiddenSize, spec.outputSize]), head);
  }

  /** Copies the parameters (and Wᵀ, Vᵀ for backward) and scatters x [T][rows][input] into the blocks. */
  loadInputs(params: Float64Array, x: Float64Array, rows: number): void {
    const { mem, p, params: P } = this.ws;
    const { inputSize: n, hiddenSize: h, outputSize: o } = this.spec;
    for (let i = 0; i < p.size; i++) mem[P + i] = params[i];
    transpose(mem, P + p.W, mem, this.ws.wt, h, h);
    transpose(mem, P + p.V, mem, this.ws.vt, h, o);
    this.scatter(x, rows, this.spec.timesteps, n, 'x');
  }

  /** Scatters labels [outSteps][rows][output] into the blocks. */
  loadLabels(y: Float64Array, rows: number): void {
    const steps = this.spec.outputMode === 'each' ? this.spec.timesteps : 1;
    this.scatter(y, rows, steps, this.spec.outputSize, 'y');
  }

  private scatter(src: Float64Array, rows: number, steps: number, width: number, field: 'x' | 'y'): void {
    const mem = this.ws.mem;
    for (let b = 0, nb = blockCount(rows); b < nb; b++) {
      const rc = blockRows(b, rows), dst = this.ws.blocks[b][field];
      for (let t = 0; t < steps; t++) {
        const from = (t * rows + b * BLOCK_ROWS) * width, to = dst + t * rc * width;
        for (let i = 0; i < rc * width; i++) mem[to + i] = src[from + i];
      }
    }
  }

  forward(rows: number): void {
    for (let b = 0, nb = blockCount(rows); b < nb; b++) this.bptt.forward(b, rows);
  }

  /** Σ of the blocks' losses, in block order (the parallel trainer sums its threads' figures the same way). */
  loss(rows: number): number {
    let s = 0;
    for (let b = 0, nb = blockCount(rows); b < nb; b++) s += this.bptt.loss(b, rows);
    return s;
  }

  backward(rows: number): void {
    for (let b = 0, nb = blockCount(rows); b < nb; b++) this.bptt.backward(b, rows);
  }

  /** G = Σ_b g_b, in block order: the one summation order every thread count shares. */
  sumGradients(G: Float64Array, rows: number): void {
    const { mem, p, blocks } = this.ws;
    const g0 = blocks[0].g;
    for (let i = 0; i < p.size; i++) G[i] = mem[g0 + i];
    for (let b = 1, nb = blockCount(rows); b < nb; b++) {
      const g = blocks[b].g;
      for (let i = 0; i < p.size; i++) G[i] += mem[g + i];
    }
  }

  /** a_t for all rows, gathered from the blocks into out [rows×output]; t indexes the output steps. */
  gatherOutput(k: number, rows: number, out: Float64Array): void {
    const { mem } = this.ws, o = this.spec.outputSize;
    for (let b = 0, nb = blockCount(rows); b < nb; b++) {
      const rc = blockRows(b, rows), from = this.ws.blocks[b].a + k * rc * o, to = b * BLOCK_ROWS * o;
      for (let i = 0; i < rc * o; i++) out[to + i] = mem[from + i];
    }
  }
}
