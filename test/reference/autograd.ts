/**
 * A scalar reverse-mode autograd in the spirit of micrograd: each operation records its inputs and
 * its local derivatives, and backward() applies the chain rule in reverse topological order.
 * Test-only and slow on purpose: the reference nets are written as plain forward equations on it,
 * so their gradients come from the chain rule, not from a second hand-derived backward pass.
 */
export class Value {
  grad = 0;
  constructor(
    readonly data: number,
    /** The inputs and ∂this/∂input for each. */
    readonly parents: readonly Value[] = [],
    readonly local: readonly number[] = [],
  ) {}

  add(o: Value | number): Value { const b = lift(o); return new Value(this.data + b.data, [this, b], [1, 1]); }
  sub(o: Value | number): Value { const b = lift(o); return new Value(this.data - b.data, [this, b], [1, -1]); }
  mul(o: Value | number): Value { const b = lift(o); return new Value(this.data * b.data, [this, b], [b.data, this.data]); }
  neg(): Value { return new Value(-this.data, [this], [-1]); }
  tanh(): Value { const t = Math.tanh(this.data); return new Value(t, [this], [1 - t * t]); }
  sigmoid(): Value { const s = 1 / (1 + Math.exp(-this.data)); return new Value(s, [this], [s * (1 - s)]); }
  exp(): Value { const e = Math.exp(this.data); return new Value(e, [this], [e]); }
  log(): Value { return new Value(Math.log(this.data), [this], [1 / this.data]); }
  div(o: Value | number): Value { const b = lift(o); return new Value(this.data / b.data, [this, b], [1 / b.data, -this.data / (b.data * b.data)]); }

  /** Sets every grad reachable from this value to ∂this/∂value. */
  backward(): void {
    const order: Value[] = [], seen = new Set<Value>();
    const stack: [Value, boolean][] = [[this, false]];
    while (stack.length) { // iterative post-order: graphs of long sequences are deep
      const [v, done] = stack.pop()!;
      if (done) { order.push(v); continue; }
      if (seen.has(v)) continue;
      seen.add(v);
      stack.push([v, true]);
      for (const p of v.parents) if (!seen.has(p)) stack.push([p, false]);
    }
    for (const v of order) v.grad = 0;
    this.grad = 1;
    for (let i = order.length - 1; i >= 0; i--) {
      const v = order[i];
      v.parents.forEach((p, k) => { p.grad += v.local[k] * v.grad; });
    }
  }
}

export const lift = (v: Value | number): Value => (v instanceof Value ? v : new Value(v));

/** Σ of the values (0 for none). */
export function sum(values: readonly Value[]): Value {
  return values.reduce((a, b) => a.add(b), new Value(0));
}

/** Row vector times matrix, the chapter's row form: (v·M)_j = Σ_i v_i M[i][j]. */
export function vecMat(v: readonly Value[], M: readonly (readonly Value[])[]): Value[] {
  return M[0].map((_, j) => sum(v.map((vi, i) => vi.mul(M[i][j]))));
}

/** Matrix times column vector, PyTorch's form: (M·v)_i = Σ_j M[i][j] v_j. */
export function matVec(M: readonly (readonly Value[])[], v: readonly Value[]): Value[] {
  return M.map((row) => sum(row.map((m, j) => m.mul(v[j]))));
}

export const addVec = (a: readonly Value[], b: readonly Value[]): Value[] => a.map((v, i) => v.add(b[i]));
export const mulVec = (a: readonly Value[], b: readonly Value[]): Value[] => a.map((v, i) => v.mul(b[i]));
