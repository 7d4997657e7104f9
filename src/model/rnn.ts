/**
 * The generic RNN: T steps sharing one ParamSet, run forward in order and backward in reverse.
 *
 * Two faces: the fast path (forwardBatch / backwardBatch on time-major Float64Arrays, used by the
 * training pipeline, allocation-free once the capacity is reached) and the nested-array API of
 * docs/use-from-code.md (forward / backward / setParameters / getParameters) built on it. The fast path
 * runs the whole sequence per block of rows (BatchEngine: the layers of cells, then the shared head).
 *
 * Variable-length sequences: both faces take each row's length (1 … T). The spec's timesteps is then
 * the longest a batch may be; a batch's own step count may be less (its longest row). Padded steps
 * never touch a result: each row's states, outputs, loss and gradients are those of the row run on its
 * own steps (PyTorch's pack_padded_sequence); last-step mode reads each row's own last step, and
 * each-step mode outputs 0 at padded steps and scores only the real ones.
 */
import { KERNEL_NAMES, type KernelName } from '../tensor/kernels.js';
import { machineKernels } from '../tensor/backend.js';
import { BatchEngine } from './batch-engine.js';
import { outputHead, type OutputHead } from './losses.js';
import { ParamSet, type NestedParameters } from './params.js';
import { checkSpec, outputSteps, type RnnSpec } from './spec.js';
import { nestedToTimeMajor } from './layout.js';
import { describeShape } from './params.js';
import { fromTorch, toTorch, type TorchParameters } from './torch-layout.js';

export interface RnnOptions {
  /** Rows to allocate for up front (default 1); buffers grow to the largest batch seen. */
  batchCapacity?: number;
  /**
   * Which kernels to run: 'native' (the addon's AVX-512 / AVX2 / SSE kernels), 'wasm' (generated
   * WebAssembly SIMD) or 'js' (plain loops, the readable baseline). All give bit-identical results.
   * Default: the machine's (tensor/backend.ts: RNNFLOW_KERNELS, else native where built, else wasm).
   */
  kernels?: KernelName;
}

export class Rnn {
  readonly spec: RnnSpec;
  readonly params: ParamSet;
  /** Gradients of the last backwardBatch, summed over rows and steps (not yet divided by rows). */
  readonly grads: ParamSet;
  readonly head: OutputHead;
  readonly kernels: KernelName;
  private engine!: BatchEngine;
  private capacity = 0;
  /** The inputs, row count, step count and row lengths (or null) of the last forward, kept for backward. */
  private lastX: Float64Array | null = null;
  private lastRows = 0;
  private lastSteps = 0;
  private lastLengths: Int32Array | null = null;
  /** A copy of the nested API's lengths, reused. */
  private nestedLengths = new Int32Array(0);
  /** The label buffer copied into the workspace since the last forward (lossSum then backward share one copy). */
  private labelsLoaded: Float64Array | null = null;
  /** a_t per output step, gathered from the blocks on demand ([capacity×output] each). */
  private outputs: Float64Array[] = [];
  private outputFresh: boolean[] = [];
  private nestedX: Float64Array | undefined;
  private nestedY: Float64Array | undefined;

  constructor(spec: RnnSpec, options: RnnOptions = {}) {
    checkSpec(spec);
    this.spec = { ...spec, ...(Array.isArray(spec.hiddenSize) ? { hiddenSize: [...spec.hiddenSize] } : {}) };
    this.params = new ParamSet(this.spec);
    this.grads = new ParamSet(this.spec);
    this.head = outputHead(this.spec.netType);
    this.kernels = options.kernels ?? machineKernels();
    if (!KERNEL_NAMES.includes(this.kernels)) {
      throw new RangeError(`Rnn: kernels must be one of ${KERNEL_NAMES.join(', ')}, got ${JSON.stringify(this.kernels)}`);
    }
    this.ensureCapacity(options.batchCapacity ?? 1);
  }

  /** Grows the buffers to hold `rows` rows; never shrinks, so steady training never allocates. */
  ensureCapacity(rows: number): void {
    if (rows <= this.capacity) return;
    this.engine = new BatchEngine(this.spec, rows, this.kernels);
    const o = this.spec.outputSize;
    this.outputs = Array.from({ length: outputSteps(this.spec) }, () => new Float64Array(rows * o));
    this.outputFresh = this.outputs.map(() => false);
    this.capacity = rows;
  }

  /**
   * x: time-major [steps][rows][input]. Afterwards output(t) holds a_t.
   * lengths: [rows] each row's real step count, 1 … steps; without it every row has the spec's T
   * steps. steps: x's step count, ≤ the spec's T; default the longest of lengths (as
   * SequenceSplit.gather writes a batch). Padded steps' x may hold any finite values.
   * dropoutKey: makes this a training forward of a net with dropout, with that batch's masks
   * (dropout.ts: the trainers derive it from the run's seed and the iteration); absent: no dropout.
   */
  forwardBatch(x: Float64Array, rows: number, lengths?: Int32Array, steps?: number, dropoutKey?: number): void {
    this.ensureCapacity(rows);
    const T = this.engine.loadInputs(this.params.flat, x, rows, lengths ?? null, steps, dropoutKey);
    this.engine.forward(rows);
    this.lastX = x;
    this.lastRows = rows;
    this.lastSteps = T;
    this.lastLengths = lengths ?? null;
    this.labelsLoaded = null;
    this.outputFresh.fill(false);
  }

  /**
   * y: [outputSteps][rows][output] (outputSteps = the batch's steps in each-step mode, 1 in last-step
   * mode), for the batch (and row lengths) of the last forwardBatch; labels at padded steps are not
   * read. Leaves the summed gradients in grads.
   */
  backwardBatch(y: Float64Array): void {
    if (this.lastX === null) throw new Error('backward: call forward first (backward uses the activations of the last forward)');
    this.loadLabels(y);
    this.engine.backward(this.lastRows);
    this.engine.sumGradients(this.grads.flat, this.lastRows);
  }

  /**
   * a_t of the last forward, [capacity×output] (first `rows` rows valid); t defaults to the batch's
   * last step. In last-step mode that is the only one, and with lengths it holds each row's output at
   * its own last step; in each-step mode rows read 0 at their padded steps.
   */
  output(t = this.lastSteps - 1): Float64Array {
    const T = this.lastSteps;
    const each = this.spec.outputMode === 'each';
    if (!Number.isInteger(t) || t < 0 || t >= T || (!each && t !== T - 1)) {
      throw new RangeError(`output: step ${t} has no output in ${this.spec.outputMode}-step mode${T === 0 ? ' (call forward first)' : ''}`);
    }
    const k = each ? t : 0;
    if (!this.outputFresh[k]) {
      this.engine.gatherOutput(k, this.lastRows, this.outputs[k]);
      this.outputFresh[k] = true;
    }
    return this.outputs[k];
  }

  /** Row lengths of the last forward, or null (every row had all the batch's steps). */
  get lengths(): Int32Array | null {
    return this.lastLengths;
  }

  /** The step count of the last forward's batch. */
  get steps(): number {
    return this.lastSteps;
  }

  /** Σ over rows and (real) output steps of the loss of the last forward against y (layout as backwardBatch). */
  lossSum(y: Float64Array): number {
    this.loadLabels(y);
    return this.engine.loss(this.lastRows);
  }

  /** Copies y into the workspace once per forward: the training step calls lossSum and backward with the same y. */
  private loadLabels(y: Float64Array): void {
    if (this.labelsLoaded === y) return;
    this.engine.loadLabels(y, this.lastRows);
    this.labelsLoaded = y;
  }

  // ---- the nested-array API (docs/use-from-code.md) ----

  /** p in the default layout (U, W, V, bu, bv … net-plan.ts), or PyTorch's names and shapes with { layout: 'torch' }. */
  setParameters(p: NestedParameters | TorchParameters, options: LayoutOption = {}): void {
    if (checkLayout(options) === 'torch') fromTorch(this.params, p as TorchParameters);
    else this.params.setNested(p as NestedParameters);
  }

  getParameters(options?: { layout?: 'default' }): NestedParameters;
  getParameters(options: { layout: 'torch' }): TorchParameters;
  getParameters(options?: LayoutOption): NestedParameters | TorchParameters;
  getParameters(options: LayoutOption = {}): NestedParameters | TorchParameters {
    return checkLayout(options) === 'torch' ? toTorch(this.params) : this.params.toNested();
  }

  /**
   * x: [batch][T][input] → a: [batch][T][output] (each-step mode) or [batch][output] (last-step mode).
   * With { lengths } (one per sample, 1 … T), T is the longest sample's step count, up to the spec's
   * timesteps: samples may be padded to it (padded steps may hold any finite numbers) or simply
   * shorter (ragged); a reads 0 at a sample's steps past its length.
   */
  forward(x: number[][][], options: ForwardOptions = {}): number[][][] | number[][] {
    const { inputSize: n, outputSize: o } = this.spec;
    const lengths = options?.lengths;
    if (lengths === undefined) {
      const { data, rows } = nestedToTimeMajor('x', x, this.spec.timesteps, n, this.nestedX);
      this.nestedX = data;
      this.forwardBatch(data, rows);
    } else {
      const T = paddedSteps(x, this.spec.timesteps), rows = x.length;
      if (!Array.isArray(lengths) || lengths.length !== rows) {
        throw new RangeError(`lengths: expected one length per sample (${rows}), received ${describeShape(lengths)}`);
      }
      if (this.nestedLengths.length < rows) this.nestedLengths = new Int32Array(rows);
      lengths.forEach((l, r) => {
        if (!Number.isInteger(l) || l < 1 || l > T) throw new RangeError(`lengths[${r}] must be an integer from 1 to ${T} (x's steps), received ${JSON.stringify(l)}`);
        this.nestedLengths[r] = l;
      });
      const rowLengths = this.nestedLengths.subarray(0, rows);
      this.nestedX = nestedToTimeMajor('x', x, T, n, this.nestedX, rowLengths).data;
      this.forwardBatch(this.nestedX, rows, rowLengths, T);
    }
    const rows = this.lastRows, T = this.lastSteps;
    if (this.spec.outputMode === 'last') {
      const a = this.output();
      return Array.from({ length: rows }, (_, r) => Array.from(a.subarray(r * o, (r + 1) * o)));
    }
    return Array.from({ length: rows }, (_, r) =>
      Array.from({ length: T }, (_, t) => Array.from(this.output(t).subarray(r * o, (r + 1) * o))));
  }

  /**
   * y shaped like forward's result → gradients summed over the batch and the steps, named and shaped
   * as getParameters gives the parameters (the default layout, or { layout: 'torch' }).
   */
  backward(y: number[][][] | number[][], options?: { layout?: 'default' }): NestedParameters;
  backward(y: number[][][] | number[][], options: { layout: 'torch' }): TorchParameters;
  backward(y: number[][][] | number[][], options?: LayoutOption): NestedParameters | TorchParameters;
  backward(y: number[][][] | number[][], options: LayoutOption = {}): NestedParameters | TorchParameters {
    const layout = checkLayout(options);
    if (this.lastX === null) throw new Error('backward: call forward first (backward uses the activations of the last forward)');
    const rows = this.lastRows;
    const o = this.spec.outputSize;
    const steps = this.spec.outputMode === 'each' ? this.lastSteps : 1;
    const wrapped = this.spec.outputMode === 'last' && Array.isArray(y)
      ? (y as unknown[]).map((row) => [row]) : y;
    const expected = this.spec.outputMode === 'last' ? `[${rows}][${o}]` : `[${rows}][${steps}][${o}]`;
    if (!Array.isArray(y) || y.length !== rows) {
      throw new RangeError(`y: expected shape ${expected} (like forward's result), received ${describeShape(y)}`);
    }
    let data: Float64Array;
    try {
      // Each-step labels of variable-length samples may stop at each sample's length (ragged), like x.
      const lengths = this.spec.outputMode === 'each' ? this.lastLengths ?? undefined : undefined;
      data = nestedToTimeMajor('y', wrapped, steps, o, this.nestedY, lengths).data;
    } catch (e) {
      if (e instanceof TypeError) throw e;
      throw new RangeError(`y: expected shape ${expected} (like forward's result), received ${describeShape(y)}`, { cause: e });
    }
    this.nestedY = data;
    this.labelsLoaded = null; // the buffer was just rewritten: a second backward after one forward must reload it
    this.backwardBatch(data);
    return layout === 'torch' ? toTorch(this.grads, { gradients: true }) : this.grads.toNested();
  }
}

/** Options of the nested forward: each sample's length (variable-length sequences). */
export interface ForwardOptions { lengths?: number[] }

/** The step count of a nested batch [batch][T][…] of variable-length samples: its longest sample's, from 1 to maxSteps. */
function paddedSteps(x: unknown, maxSteps: number): number {
  if (!Array.isArray(x) || x.length === 0) throw new RangeError(`x: expected shape [batch][T][features] with batch ≥ 1, received ${describeShape(x)}`);
  const T = Math.max(...x.map((sample) => (Array.isArray(sample) ? sample.length : 0)));
  if (T < 1 || T > maxSteps) {
    throw new RangeError(`x: expected shape [batch][T][features] with 1 ≤ T ≤ ${maxSteps} (the spec's timesteps), received ${describeShape(x)}`);
  }
  return T;
}

/** 'default': our names and [fan-in][fan-out] weights; 'torch': PyTorch's state_dict names and shapes (torch-layout.ts). */
export type ParameterLayout = 'default' | 'torch';
export interface LayoutOption { layout?: ParameterLayout }

function checkLayout(options: LayoutOption): ParameterLayout {
  const layout = options?.layout ?? 'default';
  if (layout !== 'default' && layout !== 'torch') throw new RangeError(`layout must be 'default' or 'torch', got ${JSON.stringify(layout)}`);
  return layout;
}
