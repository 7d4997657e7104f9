/**
 * The fast path of a net: moves a time-major batch into the Workspace's row blocks, runs each
 * block through the layers and the head, and adds the blocks' gradients in block order. Any thread
 * may run any block: a block reads only the shared parameters (and what was prepared from them) and
 * its own buffers, and writes only its own. Rnn drives one engine on the calling thread; the
 * parallel trainer (train/parallel) builds one over shared memory and hands blocks to workers,
 * whose engines map the same memory.
 *
 * A batch may carry each row's length (variable-length sequences): x is then [steps][rows][input]
 * with steps ≤ the spec's T, the lengths go to the shared workspace beside the step count, and each
 * block masks its padded steps (cells/row-lengths.ts) unless none of its rows is shorter than steps,
 * in which case it runs the unmasked path, bit for bit as a batch without lengths.
 */
import type { FloatArray } from '../tensor/float-array.js';
import { createKernels, type KernelName, type Kernels } from '../tensor/kernels.js';
import type { WasmMemory } from '../tensor/wasm/api.js';
import { hasPadding, zeroPaddedRows, type RowLengths } from './cells/row-lengths.js';
import { LayerStack, type DropoutStep } from './layers.js';
import { planNet, type NetPlan } from './net-plan.js';
import type { RnnSpec } from './spec.js';
import { BATCH_DROPOUT, BATCH_DROPOUT_KEY, BATCH_HAS_LENGTHS, BATCH_STEPS, BLOCK_ROWS, blockCount, blockRows, Workspace } from './workspace.js';

export class BatchEngine {
  readonly plan: NetPlan;
  readonly ws: Workspace;
  private readonly layers: LayerStack;
  private readonly kernels: Kernels;
  /** The running block's dropout (this engine's thread runs one block at a time). */
  private readonly drop: DropoutStep = { on: false, key: 0, firstRow: 0 };

  /** capacity: the most rows a batch may have; memory: an existing workspace's (a worker thread's engine). */
  constructor(readonly spec: RnnSpec, readonly capacity: number, readonly kernelName: KernelName, memory?: WasmMemory) {
    this.plan = planNet(spec);
    this.ws = new Workspace(spec, this.plan, capacity, memory);
    this.layers = new LayerStack(this.plan);
    this.kernels = createKernels(kernelName, this.ws.memory, this.plan.innerSizes, this.plan.dtype);
  }

  /**
   * Copies the parameters, prepares what backward reads from them, and scatters x [steps][rows][input]
   * into the blocks. lengths: [rows] each row's real steps, 1 … steps, or none: every row has the
   * spec's T steps. steps: x's step count, default the longest of lengths. dropoutKey: a training
   * forward's mask key (dropout.ts), when the net has dropout; absent: no dropout (evaluation).
   * Returns the steps.
   */
  loadInputs(params: FloatArray, x: Float64Array, rows: number, lengths?: Int32Array | null, steps?: number, dropoutKey?: number): number {
    steps = lengths ? checkLengths(lengths, rows, steps, this.spec.timesteps) : this.spec.timesteps;
    const n = this.spec.inputSize;
    if (x.length < steps * rows * n) {
      throw new RangeError(`forward: x holds ${x.length} values; a batch of ${rows} rows × ${steps} steps × ${n} inputs needs ${steps * rows * n}`);
    }
    const { mem, params: at } = this.ws;
    mem.set(params, at);
    const block = this.ws.blocks[0];
    this.plan.layers.forEach((layer, l) => layer.cells.forEach((cell, d) => {
      cell.prepare(mem, this.kernels, block.cells[l][d].params, block.cells[l][d].prepared);
    }));
    this.plan.head.prepare(this.kernels, block.head.params, block.head.prepared);
    this.ws.batchShape[BATCH_STEPS] = steps;
    this.ws.batchShape[BATCH_HAS_LENGTHS] = lengths ? 1 : 0;
    this.ws.batchShape[BATCH_DROPOUT] = dropoutKey !== undefined && this.plan.dropout > 0 ? 1 : 0;
    this.ws.batchShape[BATCH_DROPOUT_KEY] = (dropoutKey ?? 0) | 0;
    if (lengths) this.ws.rowLengths.set(lengths.subarray(0, rows));
    this.scatter(x, rows, steps, n, 'x');
    return steps;
  }

  /** The loaded batch's step count. */
  get steps(): number {
    return this.ws.batchShape[BATCH_STEPS];
  }

  /** Output rows per sample in the loaded batch's labels: its steps in each-step mode, else 1. */
  get outputSteps(): number {
    return this.spec.outputMode === 'each' ? this.steps : 1;
  }

  /** Block b's dropout in the loaded batch. */
  private dropoutOf(b: number): DropoutStep {
    this.drop.on = this.ws.batchShape[BATCH_DROPOUT] === 1;
    this.drop.key = this.ws.batchShape[BATCH_DROPOUT_KEY] >>> 0;
    this.drop.firstRow = b * BLOCK_ROWS;
    return this.drop;
  }

  /** Block b's row lengths when some row is shorter than the batch's steps, else null (the unmasked path). */
  private lengthsOf(b: number, rows: number): RowLengths {
    if (this.ws.batchShape[BATCH_HAS_LENGTHS] === 0) return null;
    const lengths = this.ws.blocks[b].lengths;
    return hasPadding(lengths, blockRows(b, rows), this.steps) ? lengths : null;
  }

  /** Scatters labels [outSteps][rows][output] into the blocks (outSteps: the loaded batch's steps in each-step mode, else 1). */
  loadLabels(y: Float64Array, rows: number): void {
    this.scatter(y, rows, this.outputSteps, this.spec.outputSize, 'y');
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
    const block = this.ws.blocks[b], blockSize = blockRows(b, rows), steps = this.steps, lengths = this.lengthsOf(b, rows);
    if (lengths) {
      // Padded inputs to 0: then even values that overflow the dtype (1e300 in float32) cannot reach
      // a weight gradient as 0·∞ (the cells' masking covers every other path).
      const n = this.spec.inputSize;
      for (let t = 0; t < steps; t++) zeroPaddedRows(this.ws.mem, block.x + t * blockSize * n, n, blockSize, lengths, t);
    }
    if (block.embedding) this.plan.embedding!.forward(this.kernels, block.embedding, steps, blockSize);
    this.layers.forward(this.ws.mem, this.kernels, block, steps, blockSize, lengths, this.dropoutOf(b));
    this.plan.head.forward(this.ws.mem, this.kernels, block.head, steps, blockSize, lengths);
  }

  /** Σ of the loss over block b's rows and (real) output steps (labels already loaded). */
  blockLoss(b: number, rows: number): number {
    return this.plan.head.loss(this.ws.mem, this.ws.blocks[b].head, this.steps, blockRows(b, rows), this.lengthsOf(b, rows));
  }

  /** Writes block b's gradient, summed over its rows and steps, to its g. */
  backwardBlock(b: number, rows: number): void {
    const { mem } = this.ws, block = this.ws.blocks[b], blockSize = blockRows(b, rows);
    mem.fill(0, block.g, block.g + this.plan.parameterCount);
    const steps = this.steps, lengths = this.lengthsOf(b, rows), head = this.plan.head;
    this.kernels.useScratch(block.scratch, this.ws.scratchSize);
    head.backward(mem, this.kernels, block.head, steps, blockSize, lengths);
    this.layers.backward(mem, this.kernels, block, steps, blockSize, head.gradientStepsWith(lengths), lengths, this.dropoutOf(b));
    if (block.embedding) this.plan.embedding!.backward(this.kernels, block.embedding, steps, blockSize);
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

/** Checks a batch's row lengths against its step count (default: their maximum) and the spec's T; returns the step count. */
export function checkLengths(lengths: Int32Array, rows: number, steps: number | undefined, maxSteps: number): number {
  if (!(lengths instanceof Int32Array) || lengths.length < rows) {
    throw new RangeError(`forward: lengths must be an Int32Array of at least ${rows} values (one per row)`);
  }
  let longest = 0;
  for (let r = 0; r < rows; r++) longest = Math.max(longest, lengths[r]);
  const T = steps ?? longest;
  if (!Number.isInteger(T) || T < 1 || T > maxSteps) {
    throw new RangeError(`forward: the batch's steps must be an integer from 1 to the spec's timesteps (${maxSteps}), got ${T}`);
  }
  for (let r = 0; r < rows; r++) {
    if (lengths[r] < 1 || lengths[r] > T) throw new RangeError(`forward: lengths[${r}] is ${lengths[r]}; a row's length must be from 1 to the batch's steps (${T})`);
  }
  return T;
}
