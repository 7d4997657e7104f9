/**
 * The generic RNN: T Timesteps sharing one ParamSet, run forward in order and backward in reverse.
 *
 * Two faces: the fast path (forwardBatch / backwardBatch on time-major Float64Arrays, used by the
 * training pipeline, allocation-free once the capacity is reached) and the nested-array API of the
 * README (forward / backward / setParameters / getParameters) built on it.
 */
import { outputHead, type OutputHead } from './losses.js';
import { ParamSet, type NestedParameters } from './params.js';
import { checkSpec, outputSteps, type RnnSpec } from './spec.js';
import { Timestep } from './timestep.js';
import { nestedToTimeMajor, timeMajorToNested } from './layout.js';
import { describeShape } from './params.js';

export class Rnn {
  readonly spec: RnnSpec;
  readonly params: ParamSet;
  /** Gradients of the last backwardBatch, summed over rows and steps (not yet divided by rows). */
  readonly grads: ParamSet;
  readonly head: OutputHead;
  private steps: Timestep[] = [];
  private capacity = 0;
  /** The inputs and row count of the last forward, kept for backward. */
  private lastX: Float64Array | null = null;
  private lastRows = 0;
  private nestedX: Float64Array | undefined;
  private nestedY: Float64Array | undefined;

  constructor(spec: RnnSpec, options: { batchCapacity?: number } = {}) {
    this.spec = { ...checkSpec(spec) };
    this.params = new ParamSet(this.spec);
    this.grads = new ParamSet(this.spec);
    this.head = outputHead(this.spec.netType);
    this.ensureCapacity(options.batchCapacity ?? 1);
  }

  /** Grows the per-step buffers to hold `rows` rows; never shrinks, so steady training never allocates. */
  ensureCapacity(rows: number): void {
    if (rows <= this.capacity) return;
    const T = this.spec.timesteps;
    const each = this.spec.outputMode === 'each';
    this.steps = Array.from({ length: T }, (_, t) =>
      new Timestep(this.spec, this.head, t === 0, t === T - 1, each || t === T - 1, rows));
    this.capacity = rows;
  }

  /** x: time-major [T][rows][input]. Afterwards output(t) holds a_t. */
  forwardBatch(x: Float64Array, rows: number): void {
    this.ensureCapacity(rows);
    const { inputSize: n } = this.spec;
    let prevS: Float64Array | null = null;
    for (let t = 0; t < this.steps.length; t++) {
      const step = this.steps[t];
      step.forward(this.params, x, t * rows * n, rows, prevS);
      prevS = step.s;
    }
    this.lastX = x;
    this.lastRows = rows;
  }

  /**
   * y: [outputSteps][rows][output] (outputSteps = T in each-step mode, 1 in last-step mode), for the
   * batch of the last forwardBatch. Leaves the summed gradients in grads.
   */
  backwardBatch(y: Float64Array): void {
    const x = this.lastX;
    if (x === null) throw new Error('backward: call forward first (backward uses the activations of the last forward)');
    const rows = this.lastRows;
    const { inputSize: n, outputSize: o } = this.spec;
    const each = this.spec.outputMode === 'each';
    this.grads.flat.fill(0);
    let nextDh: Float64Array | null = null;
    for (let t = this.steps.length - 1; t >= 0; t--) {
      const step = this.steps[t];
      const prevS = t > 0 ? this.steps[t - 1].s : null;
      const yOff = each ? t * rows * o : 0;
      step.backward(this.params, this.grads, x, t * rows * n, y, yOff, rows, prevS, nextDh);
      nextDh = step.dh;
    }
  }

  /** a_t of the last forward, [capacity×output] (first `rows` rows valid); t defaults to the last step. */
  output(t = this.spec.timesteps - 1): Float64Array {
    const step = this.steps[t];
    if (!step?.needsOutput) throw new RangeError(`output: step ${t} has no output in ${this.spec.outputMode}-step mode`);
    return step.a;
  }

  /** Σ over rows and output steps of the loss of the last forward against y (layout as backwardBatch). */
  lossSum(y: Float64Array): number {
    const rows = this.lastRows;
    const o = this.spec.outputSize;
    if (this.spec.outputMode === 'last') return this.head.lossSum(this.output(), 0, y, 0, rows, o);
    let s = 0;
    for (let t = 0; t < this.steps.length; t++) s += this.head.lossSum(this.steps[t].a, 0, y, t * rows * o, rows, o);
    return s;
  }

  // ---- the nested-array API (README: "Use from code") ----

  setParameters(p: NestedParameters): void {
    this.params.setNested(p);
  }

  getParameters(): NestedParameters {
    return this.params.toNested();
  }

  /** x: [batch][T][input] → a: [batch][T][output] (each-step mode) or [batch][output] (last-step mode). */
  forward(x: number[][][]): number[][][] | number[][] {
    const { timesteps: T, inputSize: n, outputSize: o } = this.spec;
    const { data, rows } = nestedToTimeMajor('x', x, T, n, this.nestedX);
    this.nestedX = data;
    this.forwardBatch(data, rows);
    if (this.spec.outputMode === 'last') {
      const a = this.output();
      return Array.from({ length: rows }, (_, r) => Array.from(a.subarray(r * o, (r + 1) * o)));
    }
    return Array.from({ length: rows }, (_, r) =>
      Array.from({ length: T }, (_, t) => Array.from(this.steps[t].a.subarray(r * o, (r + 1) * o))));
  }

  /** y shaped like forward's result → gradients { U, W, V, bu?, bv? } summed over the batch and the steps. */
  backward(y: number[][][] | number[][]): NestedParameters {
    if (this.lastX === null) throw new Error('backward: call forward first (backward uses the activations of the last forward)');
    const rows = this.lastRows;
    const o = this.spec.outputSize;
    const steps = outputSteps(this.spec);
    const wrapped = this.spec.outputMode === 'last' && Array.isArray(y)
      ? (y as unknown[]).map((row) => [row]) : y;
    const expected = this.spec.outputMode === 'last' ? `[${rows}][${o}]` : `[${rows}][${steps}][${o}]`;
    if (!Array.isArray(y) || y.length !== rows) {
      throw new RangeError(`y: expected shape ${expected} (like forward's result), received ${describeShape(y)}`);
    }
    let data: Float64Array;
    try {
      data = nestedToTimeMajor('y', wrapped, steps, o, this.nestedY).data;
    } catch (e) {
      if (e instanceof TypeError) throw e;
      throw new RangeError(`y: expected shape ${expected} (like forward's result), received ${describeShape(y)}`);
    }
    this.nestedY = data;
    this.backwardBatch(data);
    return this.grads.toNested();
  }
}
