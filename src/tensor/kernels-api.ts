/** The Kernels seam: what every back end (js, wasm, native) implements, on one memory addressed by element offsets. */
import type { KernelName } from './backend.js';
import type { FloatType } from './float-array.js';
import type { GateKernels } from './gate-kernels-api.js';

/** In place of an offset: no previous step (a sequence's first) or no next one (its last). */
export const NO_STEP = -1;

export interface Kernels extends GateKernels {
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
}
