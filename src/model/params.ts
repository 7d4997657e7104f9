/**
 * The shared parameters U, W, V, b_u, b_v as views over one flat Float64Array. One buffer lets an
 * optimizer update everything in one loop, lets a checkpoint copy everything at once, and lets
 * gradients from several workers be added in a fixed order.
 */
import type { RnnSpec } from './spec.js';

export type TensorName = 'U' | 'W' | 'V' | 'bu' | 'bv';

/** Nested arrays as the chapter writes them: U [in][hidden], W [hidden][hidden], V [hidden][out], bu [1][hidden], bv [1][out]. */
export interface NestedParameters {
  U: number[][];
  W: number[][];
  V: number[][];
  bu?: number[][];
  bv?: number[][];
}

/** The tensors a spec has, in storage order, with their [rows, cols] shapes. */
export function tensorShapes(spec: RnnSpec): [TensorName, [number, number]][] {
  const { inputSize: i, hiddenSize: h, outputSize: o } = spec;
  const shapes: [TensorName, [number, number]][] = [['U', [i, h]], ['W', [h, h]], ['V', [h, o]]];
  if (spec.bias) shapes.push(['bu', [1, h]], ['bv', [1, o]]);
  return shapes;
}

export class ParamSet {
  /** Every value, in the order of tensorShapes(spec). */
  readonly flat: Float64Array;
  /** [input×hidden] */ readonly U: Float64Array;
  /** [hidden×hidden] */ readonly W: Float64Array;
  /** [hidden×output] */ readonly V: Float64Array;
  /** [hidden], empty when the net has no bias. */ readonly bu: Float64Array;
  /** [output], empty when the net has no bias. */ readonly bv: Float64Array;

  constructor(readonly spec: RnnSpec, flat?: Float64Array) {
    const shapes = tensorShapes(spec);
    const size = shapes.reduce((n, [, [r, c]]) => n + r * c, 0);
    if (flat && flat.length !== size) throw new RangeError(`ParamSet: expected ${size} values, got ${flat.length}`);
    this.flat = flat ?? new Float64Array(size);
    const views: Partial<Record<TensorName, Float64Array>> = {};
    let off = 0;
    for (const [name, [r, c]] of shapes) {
      views[name] = this.flat.subarray(off, off + r * c);
      off += r * c;
    }
    const empty = new Float64Array(0);
    this.U = views.U!;
    this.W = views.W!;
    this.V = views.V!;
    this.bu = views.bu ?? empty;
    this.bv = views.bv ?? empty;
  }

  tensor(name: TensorName): Float64Array {
    return this[name];
  }

  /** A deep copy: a snapshot that later training does not change. */
  clone(): ParamSet {
    return new ParamSet(this.spec, this.flat.slice());
  }

  copyFrom(other: ParamSet): void {
    this.flat.set(other.flat);
  }

  toNested(): NestedParameters {
    const out: Partial<NestedParameters> = {};
    for (const [name, [r, c]] of tensorShapes(this.spec)) {
      const t = this[name];
      out[name] = Array.from({ length: r }, (_, i) => Array.from(t.subarray(i * c, (i + 1) * c)));
    }
    return out as NestedParameters;
  }

  /**
   * Fills this set from nested arrays; throws naming the tensor and both shapes when one does not
   * fit. Everything is checked before anything is written, so a failed call leaves the set as it was.
   */
  setNested(p: NestedParameters): void {
    if (p === null || typeof p !== 'object') throw new TypeError('setParameters: expected an object { U, W, V, bu?, bv? }');
    if (!this.spec.bias && (p.bu !== undefined || p.bv !== undefined)) {
      throw new TypeError('setParameters: this net has bias: false, so bu and bv must not be given');
    }
    const shapes = tensorShapes(this.spec);
    for (const [name, [r, c]] of shapes) {
      const m = (p as unknown as Record<string, unknown>)[name];
      if (m === undefined) {
        throw new TypeError(`setParameters: parameter ${name} is missing (expected shape [${r}][${c}])`);
      }
      if (!Array.isArray(m) || m.length !== r || !m.every((row) => Array.isArray(row) && row.length === c)) {
        throw new RangeError(`setParameters: parameter ${name} must have shape [${r}][${c}], received ${describeShape(m)}`);
      }
      for (let i = 0; i < r; i++) {
        for (let j = 0; j < c; j++) {
          const v = m[i][j];
          if (typeof v !== 'number' || !Number.isFinite(v)) {
            throw new TypeError(`setParameters: parameter ${name}[${i}][${j}] must be a finite number, received ${JSON.stringify(v)}`);
          }
        }
      }
    }
    for (const [name, [r, c]] of shapes) {
      const m = (p as unknown as Record<string, number[][]>)[name];
      const t = this[name];
      for (let i = 0; i < r; i++) t.set(m[i], i * c);
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
