/**
 * add(out, a, b, vectors): out = a + b over 16-byte vectors (f64x2 or f32x4), byte offsets; out may
 * be a or b. One rounded add per element, as JS's (a float32 sum of two float32 values rounds the same
 * whether computed in float32 or in float64 and then rounded).
 */
import { I32, op, V128, type FunctionDef } from './emit.js';
import type { Lanes } from './gemm.js';

const OUT = 0, A = 1, B = 2, N = 3;

export function addFunction(t: Lanes): FunctionDef {
  const step = (local: number) => [...op.get(local), ...op.i32(16), ...op.i32Add(), ...op.set(local)];
  return {
    name: 'add',
    params: [I32, I32, I32, I32],
    locals: [],
    body: [
      ...op.block(), ...op.get(N), ...op.i32Eqz(), ...op.brIf(0), ...op.loop(),
      ...op.get(OUT), ...op.get(A), ...op.v128Load(), ...op.get(B), ...op.v128Load(), ...t.vadd(), ...op.v128Store(),
      ...step(OUT), ...step(A), ...step(B),
      ...op.get(N), ...op.i32(1), ...op.i32Sub(), ...op.tee(N), ...op.brIf(0),
      ...op.end(), ...op.end(),
    ],
  };
}

const X = 0, ROWS = 1, COLS = 2, O = 3, VECTORS = 4, J = 5, P = 6, R = 7, ACC = 8;

/**
 * columnSums(x, rows, cols, out, vectors): out[j] += Σ_r X[r, j] for the first `vectors` vectors of
 * columns (the rest is the caller's), X row-major [rows × cols], byte offsets; each out[j] summed in
 * row order from its old value, one rounded add per row, as elementwise.ts's addColumnSums.
 */
export function columnSumsFunction(t: Lanes): FunctionDef {
  return {
    name: 'columnSums',
    params: [I32, I32, I32, I32, I32],
    locals: [I32, I32, I32, V128],
    body: [
      ...op.block(), ...op.get(VECTORS), ...op.i32Eqz(), ...op.brIf(0),
      ...op.i32(0), ...op.set(J),
      ...op.loop(),
      // ACC = out[j …]; then every row's X[r, j …] in order.
      ...op.get(O), ...op.get(J), ...op.i32Add(), ...op.v128Load(), ...op.set(ACC),
      ...op.get(X), ...op.get(J), ...op.i32Add(), ...op.set(P),
      ...op.get(ROWS), ...op.set(R),
      ...op.block(), ...op.get(R), ...op.i32Eqz(), ...op.brIf(0), ...op.loop(),
      ...op.get(ACC), ...op.get(P), ...op.v128Load(), ...t.vadd(), ...op.set(ACC),
      ...op.get(P), ...op.get(COLS), ...op.i32(t.shift), ...op.i32Shl(), ...op.i32Add(), ...op.set(P),
      ...op.get(R), ...op.i32(1), ...op.i32Sub(), ...op.tee(R), ...op.brIf(0),
      ...op.end(), ...op.end(),
      ...op.get(O), ...op.get(J), ...op.i32Add(), ...op.get(ACC), ...op.v128Store(),
      ...op.get(J), ...op.i32(16), ...op.i32Add(), ...op.set(J),
      ...op.get(VECTORS), ...op.i32(1), ...op.i32Sub(), ...op.tee(VECTORS), ...op.brIf(0),
      ...op.end(), ...op.end(),
    ],
  };
}
