/**
 * The fast path of a net: moves a time-major batch into the Workspace's row blocks, runs each
 * block through the layers and the head, and adds the blocks' gradients in block order. Any thread
 * may run any block: a block reads only the shared parameters (and what was prepared from them) and
 * its own buffers, and writes only its own. Rnn drives one engine on the calling thread; the
 * parallel trainer (train/parallel) builds one over shared memory and hands blocks to workers,
 * whose engines map the same memory.
 */
import type { FloatArray } from '../tensor/float-array.js';
import { createKernels, type KernelName, type Kernels } from '../tensor/kernels.js';
import type { WasmMemory } from '../tensor/wasm/api.js';
import { LayerStack } from './layers.js';
import { planNet, type NetPlan } from './net-plan.js';
import { outputSteps, type RnnSpec } from './spec.js';
import { BLOCK_ROWS, blockCount, blockRows, Workspace } from './workspace.js';

export class BatchEngine {
  readonly plan: NetPlan;
  readonly ws: Workspace;
  private readonly layers: LayerStack;
  private readonly kernels: Kernels;

  /** capacity: the most rows a batch may have; memory: an existing workspace's (a worker thread's engine). */
  constructor(readonly spec: RnnSpec, readonly capacity: number, readonly kernelName: KernelName, memory?: WasmMemory) {
    this.plan = planNet(spec);
    this.ws = new Workspace(spec, this.plan, capacity, memory);
    this.layers = new LayerStack(this.plan, spec.timesteps);
    this.kernels = createKernels(kernelName, this.ws.memory, this.plan.innerSizes, this.plan.dtype);
  }

  /** Copies the parameters, prepares what backward reads from them, and scatters x [T][rows][input] into the blocks. */
  loadInputs(params: FloatArray, x: Float64Array, rows: number): void {
    const { mem, params: at } = this.ws;
    mem.set(params, at);
    const block = this.ws.blocks[0];
    this.plan.layers.forEach((layer, l) => layer.cells.forEach((cell, d) => {
      cell.prepare(mem, this.kernels, block.cells[l][d].params, block.cells[l][d].prepared);
    }));
    this.plan.head.prepare(this.kernels, block.head.params, block.head.prepared);
    this.scatter(x, rows, this.spec.timesteps, this.spec.inputSize, 'x');
  }

  /** Scatters labels [outSteps][rows][output] into the blocks. */
  loadLabels(y: Float64Array, rows: number): void {
    this.scatter(y, rows, outputSteps(this.spec), this.spec.outputSize, 'y');
  }

  private scatter(src: Float64Array, rows: number, steps: number, width: number, field: 'x' | 'y'): void {
    const mem = this.ws.mem;
    for (let b = 0, nb = blockCount(rows); b < nb; b++) {
      const blockSize = blockRows(b, rows), dst = this.ws.blocks[b][field];
      for (let t = 0; t < steps; t++) {
        const from = (t * rows + b * BLOCK_ROWS) * width, to = dst + t * blockSize * width;
        mem.set(src.subarray(from, from + blockSize * width), to);
      }
    }
  }

  forwardBlock(b: number, rows: number): void {
    const block = this.ws.blocks[b], blockSize = blockRows(b, rows);
    this.layers.forward(this.ws.mem, this.kernels, block, blockSize);
    this.plan.head.forward(this.ws.mem, this.kernels, block.head, this.spec.timesteps, blockSize);
  }

  /** Σ of the loss over block b's rows and output steps (labels already loaded). */
  blockLoss(b: number, rows: number): number {
    return this.plan.head.loss(this.ws.mem, this.ws.blocks[b].head, this.spec.timesteps, blockRows(b, rows));
  }

  /** Writes block b's gradient, summed over its rows and steps, to its g. */
  backwardBlock(b: number, rows: number): void {
    const { mem } = this.ws, block = this.ws.blocks[b], blockSize = blockRows(b, rows);
    mem.fill(0, block.g, block.g + this.plan.parameterCount);
    this.kernels.useScratch(block.scratch, this.ws.scratchSize);
    this.plan.head.backward(mem, this.kernels, block.head, this.spec.timesteps, blockSize);
    this.layers.backward(mem, this.kernels, block, blockSize, this.plan.head.gradientSteps);
  }

  /** A training step's share of one block: forward, its loss (left in the workspace's loss slot b), backward. */
  trainBlock(b: number, rows: number): void {
    this.forwardBlock(b, rows);
    this.ws.losses[b] = this.blockLoss(b, rows);
    this.backwardBlock(b, rows);
  }

  forward(rows: number): void {
    for (let b = 0, nb = blockCount(rows); b < nb; b++) this.forwardBlock(b, rows);
  }

  /** Σ of the blocks' losses, in block order. */
  loss(rows: number): number {
    let s = 0;
    for (let b = 0, nb = blockCount(rows); b < nb; b++) s += this.blockLoss(b, rows);
    return s;
  }

  /** Σ of the losses trainBlock left in the loss slots, in block order (the same sum as loss()). */
  trainedLoss(rows: number): number {
    let s = 0;
    for (let b = 0, nb = blockCount(rows); b < nb; b++) s += this.ws.losses[b];
    return s;
  }

  backward(rows: number): void {
    for (let b = 0, nb = blockCount(rows); b < nb; b++) this.backwardBlock(b, rows);
  }

  /** G = Σ_b g_b, in block order: the one summation order every thread count shares (summed in the workspace by the kernels, then copied out). */
  sumGradients(G: FloatArray, rows: number): void {
    const { mem, blocks, gradientSum } = this.ws, size = this.plan.parameterCount, nb = blockCount(rows);
    let from = blocks[0].g;
    for (let b = 1; b < nb; b++, from = gradientSum) this.kernels.add(gradientSum, from, blocks[b].g, size);
    G.set(mem.subarray(from, from + size));
  }

  /** a for all rows at output step k (k indexes the output steps), gathered from the blocks into out [rows×output]. */
  gatherOutput(k: number, rows: number, out: Float64Array): void {
    const { mem } = this.ws, o = this.spec.outputSize;
    for (let b = 0, nb = blockCount(rows); b < nb; b++) {
      const blockSize = blockRows(b, rows), from = this.ws.blocks[b].head.a + k * blockSize * o, to = b * BLOCK_ROWS * o;
      for (let i = 0; i < blockSize * o; i++) out[to + i] = mem[from + i];
    }
  }
}
