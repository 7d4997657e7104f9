/**
 * A net run one step at a time over a few carried states (streaming inference: app/predict/stream).
 * Each step reads one observation x_t, hands it to every state row, advances every layer by its
 * cell's step() (cells/*.ts, beside forward), and the head reads any one row's top state on demand.
 *
 * What keeps it exact: a cell's step is its forward's step i > 0 (same kernels, same operations), and
 * from a zero state it equals step 0 bit for bit (0·W adds nothing), so T steps from zero give the
 * batch forward's output of that window. Rows are independent sequences, so a window model keeps T
 * rows started one step apart (stream/window-series.ts) and a text model one.
 *
 * Forward cells only: a reverse cell reads a sequence from its end, which a stream has not seen yet.
 * Everything lives in one memory laid out once; a step allocates nothing.
 */
import type { FloatArray } from '../tensor/float-array.js';
import { bytesOf, floatView } from '../tensor/float-array.js';
import { createKernels, type KernelName, type Kernels } from '../tensor/kernels.js';
import { Wasm } from '../tensor/wasm/api.js';
import type { StepBlock } from './cells/index.js';
import type { EmbeddingBlock } from './embedding.js';
import type { HeadBlock } from './head.js';
import { planNet, type NetPlan } from './net-plan.js';
import { fullSpec, type RnnSpec } from './spec.js';

export class StepNet {
  readonly plan: NetPlan;
  readonly mem: FloatArray;
  /** Elements of one copy of every row's carried state (each layer's h, and the LSTM's c): saveState / loadState. */
  readonly stateSize: number;
  private readonly kernels: Kernels;
  /** [rows][input] the observation, copied to every row. */
  private readonly input: number;
  /** One per layer: where its cell steps. */
  private readonly cells: StepBlock[];
  private readonly embedding: EmbeddingBlock | null;
  /** The head's block; `features` is pointed at the row asked for. */
  private readonly head: HeadBlock;
  /** [rows][top width] the top layer's states, and its width. */
  private readonly top: number;
  private readonly topWidth: number;
  /** mem[stateStart, stateStart + stateSize): every carried state, contiguous. */
  private readonly stateStart: number;

  /** params: the net's flat parameters (copied); rows: how many sequences are carried side by side. */
  constructor(readonly spec: RnnSpec, params: ArrayLike<number>, readonly rows: number, kernelName: KernelName) {
    if (!Number.isInteger(rows) || rows < 1) throw new RangeError(`StepNet: rows must be a whole number ≥ 1, got ${rows}`);
    if (fullSpec(spec).bidirectional) {
      throw new RangeError('StepNet: a bidirectional net reads each sequence backwards from its end, which a stream has not seen yet; step-by-step inference needs forward cells only');
    }
    this.plan = planNet(spec);
    const bytes = bytesOf(this.plan.dtype), perVector = 16 / bytes;
    let end = 0;
    // Every buffer on a 16-byte boundary, the width of one SIMD load (as Workspace).
    const take = (size: number) => { const at = end; end += Math.ceil(size / perVector) * perVector; return at; };
    const paramsAt = take(this.plan.parameterCount);
    const prepared = this.plan.layers.map((l) => take(l.cells[0].preparedSize));
    this.input = take(rows * spec.inputSize);
    this.stateStart = end;
    const states = this.plan.layers.map((l) => {
      const h = l.cells[0].shape.hiddenSize;
      return { state: take(rows * h), memory: l.cells[0].type === 'lstm' ? take(rows * h) : -1 };
    });
    this.stateSize = end - this.stateStart;
    const embedding = this.plan.embedding;
    const embeddedAt = embedding ? take(rows * embedding.size) : -1;
    this.cells = this.plan.layers.map((layer, l) => ({
      input: l > 0 ? states[l - 1].state : embedding ? embeddedAt : this.input,
      state: states[l].state,
      memory: states[l].memory,
      scratch: take(layer.cells[0].stepScratchSize(rows)),
      params: paramsAt + layer.paramOffsets[0],
      prepared: prepared[l],
    }));
    const o = spec.outputSize;
    this.top = states[states.length - 1].state;
    this.topWidth = this.plan.head.shape.featureSize;
    this.head = {
      features: this.top, dFeatures: -1, lastFeatures: -1, dLastFeatures: -1, y: -1, a: take(o), dz: -1,
      params: paramsAt + this.plan.headOffset, prepared: -1, grads: -1,
    };
    const pages = Math.max(1, Math.ceil((end * bytes) / 65536));
    const memory = new Wasm.Memory({ initial: pages, maximum: pages, shared: true });
    this.mem = floatView(this.plan.dtype, memory.buffer);
    this.embedding = embedding
      ? { input: this.input, output: embeddedAt, dOutput: -1, params: paramsAt + this.plan.embeddingOffset, grads: -1 }
      : null;
    this.kernels = createKernels(kernelName, memory, this.plan.innerSizes, this.plan.dtype);
    if (params.length !== this.plan.parameterCount) throw new RangeError(`StepNet: ${params.length} parameters given, the spec has ${this.plan.parameterCount}`);
    this.mem.set(params, paramsAt);
    this.plan.layers.forEach((layer, l) => layer.cells[0].prepare(this.mem, this.kernels, this.cells[l].params, this.cells[l].prepared));
  }

  /** Reads x [input] into every row and advances every row's state one step. */
  step(x: ArrayLike<number>): void {
    const n = this.spec.inputSize;
    if (x.length !== n) throw new RangeError(`StepNet.step: x has ${x.length} values, the net reads ${n}`);
    for (let r = 0; r < this.rows; r++) this.mem.set(x, this.input + r * n);
    if (this.embedding) this.plan.embedding!.forward(this.kernels, this.embedding, 1, this.rows);
    const layers = this.plan.layers;
    for (let l = 0; l < layers.length; l++) layers[l].cells[0].step(this.mem, this.kernels, this.cells[l], this.rows);
  }

  /** Row r starts a new sequence: its states back to 0. */
  resetRow(r: number): void {
    const layers = this.plan.layers;
    for (let l = 0; l < layers.length; l++) {
      const h = layers[l].cells[0].shape.hiddenSize, at = this.cells[l];
      this.mem.fill(0, at.state + r * h, at.state + (r + 1) * h);
      if (at.memory >= 0) this.mem.fill(0, at.memory + r * h, at.memory + (r + 1) * h);
    }
  }

  /** The head's output a = C(h·V + b_v) for row r's top state, into out [output]. */
  output(r: number, out: Float64Array): void {
    this.head.features = this.top + r * this.topWidth;
    this.plan.head.forward(this.mem, this.kernels, this.head, 1, 1);
    for (let j = 0; j < this.spec.outputSize; j++) out[j] = this.mem[this.head.a + j];
  }

  /** Copies every row's state into `into` [stateSize] (another series' turn). */
  saveState(into: FloatArray): void {
    into.set(this.mem.subarray(this.stateStart, this.stateStart + this.stateSize));
  }

  /** Restores what saveState wrote (or zeros: every row at a sequence's start). */
  loadState(from: FloatArray): void {
    this.mem.set(from, this.stateStart);
  }
}
