/**
 * Parameter updates. Every optimizer sees the gradient summed over the steps and rows of a batch,
 * and divides it by the batch's rows itself (the chapter's rule), so a last, smaller batch is
 * scaled correctly and the model never needs to know which optimizer runs.
 *
 * Buffers have the parameters' dtype. In float32 each update is evaluated in float64 from float32
 * values and rounded to float32 as it is stored: deterministic, as every float32 path.
 */
import { OPTIMIZER_NAMES, type OptimizerName } from '../config/vocabulary.js';
import { dtypeOf, floatArray, type FloatArray, type FloatType } from '../tensor/float-array.js';

export { OPTIMIZER_NAMES, type OptimizerName } from '../config/vocabulary.js';

export interface Optimizer {
  readonly name: OptimizerName;
  /** params -= update(grads / rows), with learning rate eta. */
  step(params: FloatArray, grads: FloatArray, rows: number, eta: number): void;
  /** A copy of everything the next steps depend on (momentum's velocity; Adam's m, v and t). */
  exportState(): OptimizerState;
  /** Continues from an exported state: the same optimizer and parameter count, else a RangeError. */
  importState(state: OptimizerState): void;
}

/** An optimizer's state, exact: its buffers (one value per parameter, in the parameters' dtype) and its step count. */
export interface OptimizerState { name: OptimizerName; steps: number; buffers: Record<string, FloatArray> }

/** Copies `state`'s buffers into `into`, after checking that they belong to this optimizer and size. */
function importBuffers(name: OptimizerName, state: OptimizerState, into: Record<string, FloatArray>): void {
  if (state.name !== name) throw new RangeError(`optimizer state: saved by ${state.name}, restored into ${name}`);
  for (const [key, buffer] of Object.entries(into)) {
    const saved = state.buffers[key], dtype = dtypeOf(buffer);
    if (dtypeOf(saved) !== dtype || saved.length !== buffer.length) {
      throw new RangeError(`optimizer state: ${name}'s ${key} needs ${buffer.length} ${dtype} values, the state has ${dtypeOf(saved) ? `${saved.length} ${dtypeOf(saved)}` : 'none'}`);
    }
    buffer.set(saved);
  }
}

export interface OptimizerOptions {
  /** momentum: velocity decay (default 0.9). */
  momentum?: number;
  /** adam: decay rates of the first and second moments (defaults 0.9, 0.999) and ε (1e-8). */
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  /** The parameters' dtype: the buffers are kept in it (default 'float64'). */
  dtype?: FloatType;
}

/** The chapter's plain SGD: p −= η·g/rows. */
export class Sgd implements Optimizer {
  readonly name = 'sgd';
  step(params: FloatArray, grads: FloatArray, rows: number, eta: number): void {
    const k = eta / rows;
    for (let i = 0; i < params.length; i++) params[i] -= k * grads[i];
  }
  exportState(): OptimizerState { return { name: this.name, steps: 0, buffers: {} }; }
  importState(state: OptimizerState): void { importBuffers(this.name, state, {}); }
}

/** Classical momentum: v = μv − η·g/rows, p += v. */
export class Momentum implements Optimizer {
  readonly name = 'momentum';
  private readonly velocity: FloatArray;
  constructor(size: number, private readonly mu = 0.9, dtype: FloatType = 'float64') {
    this.velocity = floatArray(dtype, size);
  }
  step(params: FloatArray, grads: FloatArray, rows: number, eta: number): void {
    const k = eta / rows;
    const v = this.velocity;
    for (let i = 0; i < params.length; i++) {
      v[i] = this.mu * v[i] - k * grads[i];
      params[i] += v[i];
    }
  }
  exportState(): OptimizerState { return { name: this.name, steps: 0, buffers: { velocity: this.velocity.slice() } }; }
  importState(state: OptimizerState): void { importBuffers(this.name, state, { velocity: this.velocity }); }
}

/** Adam (Kingma & Ba) with bias correction, on the batch-mean gradient. */
export class Adam implements Optimizer {
  readonly name = 'adam';
  private readonly m: FloatArray;
  private readonly v: FloatArray;
  private t = 0;
  constructor(size: number, private readonly beta1 = 0.9, private readonly beta2 = 0.999, private readonly epsilon = 1e-8, dtype: FloatType = 'float64') {
    this.m = floatArray(dtype, size);
    this.v = floatArray(dtype, size);
  }
  step(params: FloatArray, grads: FloatArray, rows: number, eta: number): void {
    this.t++;
    const { m, v, beta1: b1, beta2: b2, epsilon } = this;
    const c1 = 1 - Math.pow(b1, this.t);
    const c2 = 1 - Math.pow(b2, this.t);
    for (let i = 0; i < params.length; i++) {
      const g = grads[i] / rows;
      m[i] = b1 * m[i] + (1 - b1) * g;
      v[i] = b2 * v[i] + (1 - b2) * g * g;
      params[i] -= (eta * (m[i] / c1)) / (Math.sqrt(v[i] / c2) + epsilon);
    }
  }
  exportState(): OptimizerState { return { name: this.name, steps: this.t, buffers: { m: this.m.slice(), v: this.v.slice() } }; }
  importState(state: OptimizerState): void {
    importBuffers(this.name, state, { m: this.m, v: this.v });
    this.t = state.steps;
  }
}

export function createOptimizer(name: OptimizerName, size: number, options: OptimizerOptions = {}): Optimizer {
  switch (name) {
    case 'sgd': return new Sgd();
    case 'momentum': return new Momentum(size, options.momentum, options.dtype);
    case 'adam': return new Adam(size, options.beta1, options.beta2, options.epsilon, options.dtype);
    default: throw new RangeError(`unknown optimizer ${JSON.stringify(name)}; use one of ${OPTIMIZER_NAMES.join(', ')}`);
  }
}
