/**
 * Parameter updates. Every optimizer sees the gradient summed over the steps and rows of a batch,
 * and divides it by the batch's rows itself (the chapter's rule), so a last, smaller batch is
 * scaled correctly and the model never needs to know which optimizer runs.
 *
 * Weight decay (train.weightDecay = λ) as PyTorch's optimizers do it: L2 for sgd and momentum (λ·p
 * added to the batch-mean gradient: torch.optim.SGD's weight_decay), decoupled for adam (p shrinks by
 * η·λ·p before the Adam step: torch.optim.AdamW). It applies to every parameter, biases too, as
 * PyTorch's default parameter groups do.
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
  /** λ ≥ 0 (default 0): L2 for sgd and momentum, decoupled (AdamW) for adam. */
  weightDecay?: number;
}

/** The chapter's plain SGD: p −= η·g/rows; with weight decay λ, p −= η·(g/rows + λ·p). */
export class Sgd implements Optimizer {
  readonly name = 'sgd';
  constructor(private readonly weightDecay = 0) {}
  step(params: FloatArray, grads: FloatArray, rows: number, eta: number): void {
    const k = eta / rows, decay = this.weightDecay;
    if (decay === 0) {
      for (let i = 0; i < params.length; i++) params[i] -= k * grads[i];
      return;
    }
    for (let i = 0; i < params.length; i++) params[i] -= eta * (grads[i] / rows + decay * params[i]);
  }
  exportState(): OptimizerState { return { name: this.name, steps: 0, buffers: {} }; }
  importState(state: OptimizerState): void { importBuffers(this.name, state, {}); }
}

/** Classical momentum: v = μv − η·g/rows, p += v; with weight decay λ, g/rows + λ·p in place of g/rows. */
export class Momentum implements Optimizer {
  readonly name = 'momentum';
  private readonly velocity: FloatArray;
  constructor(size: number, private readonly mu = 0.9, dtype: FloatType = 'float64', private readonly weightDecay = 0) {
    this.velocity = floatArray(dtype, size);
  }
  step(params: FloatArray, grads: FloatArray, rows: number, eta: number): void {
    const k = eta / rows, decay = this.weightDecay;
    const v = this.velocity;
    for (let i = 0; i < params.length; i++) {
      v[i] = decay === 0 ? this.mu * v[i] - k * grads[i] : this.mu * v[i] - eta * (grads[i] / rows + decay * params[i]);
      params[i] += v[i];
    }
  }
  exportState(): OptimizerState { return { name: this.name, steps: 0, buffers: { velocity: this.velocity.slice() } }; }
  importState(state: OptimizerState): void { importBuffers(this.name, state, { velocity: this.velocity }); }
}

/** Adam (Kingma & Ba) with bias correction, on the batch-mean gradient; with weight decay λ, AdamW's decoupled p −= η·λ·p first. */
export class Adam implements Optimizer {
  readonly name = 'adam';
  private readonly m: FloatArray;
  private readonly v: FloatArray;
  private t = 0;
  constructor(
    size: number, private readonly beta1 = 0.9, private readonly beta2 = 0.999, private readonly epsilon = 1e-8, dtype: FloatType = 'float64',
    private readonly weightDecay = 0,
  ) {
    this.m = floatArray(dtype, size);
    this.v = floatArray(dtype, size);
  }
  step(params: FloatArray, grads: FloatArray, rows: number, eta: number): void {
    this.t++;
    const { m, v, beta1: b1, beta2: b2, epsilon } = this;
    const c1 = 1 - Math.pow(b1, this.t);
    const c2 = 1 - Math.pow(b2, this.t);
    const shrink = 1 - eta * this.weightDecay;
    for (let i = 0; i < params.length; i++) {
      if (shrink !== 1) params[i] *= shrink;
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
    case 'sgd': return new Sgd(options.weightDecay);
    case 'momentum': return new Momentum(size, options.momentum, options.dtype, options.weightDecay);
    case 'adam': return new Adam(size, options.beta1, options.beta2, options.epsilon, options.dtype, options.weightDecay);
    default: throw new RangeError(`unknown optimizer ${JSON.stringify(name)}; use one of ${OPTIMIZER_NAMES.join(', ')}`);
  }
}
