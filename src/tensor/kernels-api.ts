/** The Kernels seam: what every back end (js, wasm, native) implements, on one memory addressed by element offsets. */
import type { KernelName } from './backend.js';
import type { FloatType } from './float-array.js';

/** In place of an offset: no previous step (a sequence's first) or no next one (its last). */
export const NO_STEP = -1;

export interface Kernels {
  readonly name: KernelName;
  /** native only: the instruction-set level it runs at. */
  readonly isa?: string;
  readonly dtype: FloatType;
  /** C[m×n] (= or +=) A[m×k]·B[k×n]; a, b, c are element offsets into mem. */
  mm(a: number, b: number, c: number, m: number, k: number, n: number, accumulate: boolean): void;
  /**
   * Writes B [k×n] into dst in the layout mmB reads (k·n elements): B = the [rows×cols] matrix at src
   * (k = rows), or its transpose (k = cols). Row-major for js; column panels for wasm (wasm/pack.ts),
   * which the gemm reads front to back. For operands that serve many products (a batch's weights).
   */
  prepareB(src: number, rows: number, cols: number, transposed: boolean, dst: number): void;
  /** mm with B as prepareB wrote it. */
  mmB(a: number, b: number, c: number, m: number, k: number, n: number, accumulate: boolean): void;
  /**
   * C[i, ·] = row + A[i]·B for every i < m, B as prepareB wrote it, row [n] at `row` (a bias): the bits of
   * setRows then mmB accumulating, without writing the rows into C first (wasm starts its accumulators from row).
   */
  mmBRow(a: number, b: number, c: number, m: number, k: number, n: number, row: number): void;
  /** C[k×n] += Aᵀ·B with A[m×k], B[m×n]: a weight gradient summed over m rows. */
  mmTA(a: number, b: number, c: number, m: number, k: number, n: number): void;
  /**
   * Scratch elements this thread's mmTA may pack its operands into (the running block's; see
   * packScratchSize), until the next call; without it wasm's mmTA reads them in place.
   */
  useScratch(at: number, elements: number): void;
  /** mem[off..off+count) = tanh of itself (tanh.ts / tanh32.ts, not Math.tanh: same bits on both paths). */
  tanh(off: number, count: number): void;
  /** mem[g + i] *= 1 − mem[s + i]² for i < count: the gradient through tanh, given its outputs (mulTanhDerivative's bits). */
  tanhGrad(g: number, s: number, count: number): void;
  /** mem[out + i] = mem[a + i] + mem[b + i] for i < count (out may be a or b). */
  add(out: number, a: number, b: number, count: number): void;
  /** mem[out + j] += Σ_r X[r, j] for X [rows×cols] at x, in row order (addColumnSums' bits): a bias gradient. */
  columnSums(x: number, rows: number, cols: number, out: number): void;
  /*
   * One recurrent step's gate arithmetic, one call per step (lstm-gates.ts, gru-gates.ts: the loops
   * the js and wasm kernels run, and their equations). Shapes: rows of the step, hidden = H; operands
   * are distinct ranges except where a doc allows equal ones. lengths: [rows] each row's real step
   * count, or null (no padding); row r of step t is padding when t ≥ lengths[r].
   */
  /** gates [rows][4H] activated in place; c [rows][H] from cPrev [rows][H] (NO_STEP: none; may be c); tanhC, h [rows][H]. */
  lstmForward(gates: number, cPrev: number, c: number, tanhC: number, h: number, rows: number, hidden: number): void;
  /** dGates [rows][4H] from gates [rows][4H], cPrev (NO_STEP: none), tanhC, dh [rows][H]; carryIn (NO_STEP: none) → carryOut [rows][H]. */
  lstmBackward(
    gates: number, cPrev: number, tanhC: number, dh: number, carryIn: number, carryOut: number, dGates: number,
    rows: number, hidden: number, lengths: Int32Array | null, t: number,
  ): void;
  /** X, H [rows][3H] → r, z into resetUpdate [2][rows][H], n into candidate [rows][H], h [rows][H] from hPrev (NO_STEP: none; may be h). */
  gruForward(inputPart: number, hiddenPart: number, resetUpdate: number, candidate: number, hPrev: number, h: number, rows: number, hidden: number): void;
  /** dInputPart, dHiddenPart [rows][3H] from resetUpdate [2][rows][H], candidate, hiddenPart [rows][3H], hPrev, dh (updated), dhNext, zNext [rows][H]. */
  gruBackward(
    resetUpdate: number, candidate: number, hiddenPart: number, hPrev: number, dh: number, dhNext: number, zNext: number,
    dInputPart: number, dHiddenPart: number, rows: number, hidden: number, lengths: Int32Array | null, t: number, next: number,
  ): void;
}
