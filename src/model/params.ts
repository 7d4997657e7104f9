/**
 * A net's parameters as named views over one flat array of the spec's dtype (Float64Array, or
 * Float32Array for a float32 net). One buffer lets an optimizer update
 * everything in one loop, lets a checkpoint copy everything at once, and lets gradients from several
 * workers be added in a fixed order. Names, shapes and order come from the net's plan (net-plan.ts).
 */
import { planNet, type PlannedTensor } from './net-plan.js';
import { dtypeOf, floatArray, type FloatArray, type FloatType } from '../tensor/float-array.js';
import { dtypeOfSpec, type RnnSpec } from './spec.js';

/** A tensor's name in the default layout: U, W, V, bu, bv for the book's one-layer Elman net (net-plan.ts). */
export type TensorName = string;

/**
 * Nested arrays by tensor name, each [rows][cols]. For the book's one-layer Elman net:
 * U [in][hidden], W [hidden][hidden], V [hidden][out], bu [1][hidden], bv [1][out].
 */
export type NestedParameters = Record<TensorName, number[][]>;

/** The tensors a spec has, in storage order, with their [rows, cols] shapes. */
export function tensorShapes(spec: RnnSpec): [TensorName, [number, number]][] {
  return planNet(spec).tensors.map((t) => [t.name, t.shape]);
}

export class ParamSet {
  /** Every value, in the order of tensorShapes(spec). */
  readonly flat: FloatArray;
  readonly dtype: FloatType;
  readonly tensors: readonly PlannedTensor[];
  private readonly views = new Map<TensorName, FloatArray>();

  constructor(readonly spec: RnnSpec, flat?: FloatArray) {
    const plan = planNet(spec);
    this.dtype = dtypeOfSpec(spec);
    if (flat && flat.length !== plan.parameterCount) throw new RangeError(`ParamSet: expected ${plan.parameterCount} values, got ${flat.length}`);
    if (flat && dtypeOf(flat) !== this.dtype) throw new RangeError(`ParamSet: a ${this.dtype} net, given ${dtypeOf(flat) ?? 'no'} values`);
    this.flat = flat ?? floatArray(this.dtype, plan.parameterCount);
    this.tensors = plan.tensors;
    for (const t of plan.tensors) this.views.set(t.name, this.flat.subarray(t.offset, t.offset + t.shape[0] * t.shape[1]));
  }

  /** The named tensor's values, row-major (a view: writes reach flat). */
  tensor(name: TensorName): FloatArray {
    const t = this.views.get(name);
    if (!t) throw new RangeError(`no parameter ${JSON.stringify(name)}; this net has ${[...this.views.keys()].join(', ')}`);
    return t;
  }

  /** A deep copy: a snapshot that later training does not change. */
  clone(): ParamSet {
    return new ParamSet(this.spec, this.flat.slice());
  }

  copyFrom(other: ParamSet): void {
    this.flat.set(other.flat);
  }

  toNested(): NestedParameters {
    const out: NestedParameters = {};
    for (const { name, shape: [r, c] } of this.tensors) {
      const t = this.tensor(name);
      out[name] = Array.from({ length: r }, (_, i) => Array.from(t.subarray(i * c, (i + 1) * c)));
    }
    return out;
  }

  /**
   * Fills this set from nested arrays; throws naming the tensor and both shapes when one does not
   * fit. Everything is checked before anything is written, so a failed call leaves the set as it was.
   */
  setNested(p: NestedParameters): void {
    const names = this.tensors.map((t) => t.name);
    if (p === null || typeof p !== 'object') throw new TypeError(`setParameters: expected an object { ${names.join(', ')} }`);
    const unknown = Object.keys(p).filter((k) => !names.includes(k));
    if (unknown.length) {
      const biasHint = !this.spec.bias ? ' (this net has bias: false, so it has no biases)' : '';
      throw new TypeError(`setParameters: ${unknown.join(', ')} ${unknown.length > 1 ? 'are' : 'is'} not a parameter of this net${biasHint}; it has ${names.join(', ')}`);
    }
    for (const { name, shape: [r, c] } of this.tensors) {
      const m = p[name] as unknown;
      if (m === undefined) throw new TypeError(`setParameters: parameter ${name} is missing (expected shape [${r}][${c}])`);
      if (!Array.isArray(m) || m.length !== r || !m.every((row) => Array.isArray(row) && row.length === c)) {
        throw new RangeError(`setParameters: parameter ${name} must have shape [${r}][${c}], received ${describeShape(m)}`);
      }
      for (let i = 0; i < r; i++) {
        for (let j = 0; j < c; j++) {
          const v = (m as unknown[][])[i][j];
          if (typeof v !== 'number' || !Number.isFinite(v)) {
            throw new TypeError(`setParameters: parameter ${name}[${i}][${j}] must be a finite number, received ${JSON.stringify(v)}`);
          }
        }
      }
    }
    for (const { name, shape: [r, c] } of this.tensors) {
      const t = this.tensor(name);
      for (let i = 0; i < r; i++) t.set(p[name][i], i * c);
    }
  }
}

/** "[3][2][1]" for nested arrays, "number" etc. otherwise; used in shape errors. */
export function describeShape(v: unknown): string {
  if (!Array.isArray(v)) return v === undefined ? 'undefined' : v === null ? 'null' : typeof v;
  const dims: string[] = [];
  let cur: unknown = v;
  while (Array.isArray(cur)) {
    const lengths = new Set((cur as unknown[]).map((x) => (Array.isArray(x) ? x.length : -1)));
    dims.push(`[${cur.length}]`);
    if (cur.length === 0) break;
    if (lengths.size > 1) { dims.push('[ragged]'); break; }
    cur = cur[0];
  }
  return dims.join('');
}
