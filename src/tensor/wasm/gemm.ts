/**
 * The generated SIMD matrix product: one wasm function, gemm, register-blocked 4 rows × 2 vectors
 * (eight accumulators, all 16 xmm registers nearly used: 4×4 in float64, 4×8 in float32), with
 * 1-vector and 1-column edges and a 1-row edge. (Larger blocks, 5 or 6 rows, measured 30–40 %
 * slower: V8 then spills accumulators.)
 *
 *   gemm(L, R, C, rowsC, red, colsC, lI, lP, acc):
 *     C[i, j] = start(i, j) + Σ_{p < red} L(i, p) · R[p, j],  L(i, p) at byte L + i·lI + p·lP,
 *     R row-major [red × colsC], C row-major [rowsC × colsC]; pointers and strides in bytes;
 *     start: C[i, j] itself (acc 1) or 0 (acc 0); in the fromRow functions, row[j] for every i, the row at byte acc.
 *
 * Strides make one kernel serve both products of BPTT: A·B (lI = k·8, lP = 8) and Aᵀ·B (lI = 8,
 * lP = k·8). Each C element is accumulated in p order, one rounded multiply and one rounded add per
 * term, starting from its start value: the same operations, in the same order, as the JS kernels.
 * The same generator writes the float64 (f64x2) and float32 (f32x4) kernels.
 *
 * packed: R comes in column panels (pack.ts): the panel of columns j… starts at byte R + j·red·size
 * and the micro-kernel steps through it one panel row (its width) at a time, instead of colsC apart.
 * Rows of a weight matrix 1–2 KiB apart land in a few L1 sets and are refetched from L2 at every
 * step; panels are read front to back (CPU time, A·B 32×256×256: float64 17.3 → 22.6 GFLOP/s,
 * float32 42 → 45.4; both operands of Aᵀ·B packed, 736×256×256: 15.4 → 22.5 and 33.3 → 45.6).
 */
import { F32, F64, I32, op, V128, type FunctionDef, type ValType } from './emit.js';

/** What differs between the float64 and float32 kernels. */
export interface Lanes {
  /** bytes per element, as a shift */ shift: 3 | 2; /** elements per v128 */ lanes: 2 | 4; scalar: ValType;
  splatLoad: (offset: number) => number[]; vmul: () => number[]; vadd: () => number[]; vzero: () => number[];
  load: (offset?: number) => number[]; store: (offset?: number) => number[]; mul: () => number[]; add: () => number[]; zero: () => number[];
}
export const F64_LANES: Lanes = {
  shift: 3, lanes: 2, scalar: F64, splatLoad: op.v128Load64Splat, vmul: op.f64x2Mul, vadd: op.f64x2Add,
  vzero: () => [...op.f64(0), ...op.f64x2Splat()], load: op.f64Load, store: op.f64Store, mul: op.f64Mul, add: op.f64Add, zero: () => op.f64(0),
};
export const F32_LANES: Lanes = {
  shift: 2, lanes: 4, scalar: F32, splatLoad: op.v128Load32Splat, vmul: op.f32x4Mul, vadd: op.f32x4Add,
  vzero: () => [...op.f32(0), ...op.f32x4Splat()], load: op.f32Load, store: op.f32Store, mul: op.f32Mul, add: op.f32Add, zero: () => op.f32(0),
};

// Local indices: the 9 params, then the locals in this order.
const L = 0, R = 1, C = 2, ROWS = 3, RED = 4, COLS = 5, LI = 6, LP = 7, ACC = 8;
const I = 9, J = 10, CNT = 11, RP = 12, CROW = 13, CSTRIDE = 14, LPTR = 15; // LPTR..LPTR+3
const VACC = 19; // 8 v128 accumulators: row r, half h at VACC + 2r + h
const B0 = 27, B1 = 28, A = 29;
const SACC = 30; // 4 scalar accumulators for the 1-column edge
const BS = 34;

/** Which gemm a function is: fixed when the module is built. */
export interface GemmOptions {
  /** The export's name. */
  name: string;
  /** float64 (the default) or float32 lanes. */
  lanes?: Lanes;
  /**
   * The byte distance between rows of L when it is known when the module is built (8 for Aᵀ·B; k·8
   * for A·B of a given k); the function then requires lI === rowStep. One pointer serves all rows,
   * each row's load carrying its distance as an immediate offset: 3 fewer adds per iteration of the
   * inner loop, which is bound by instruction count rather than arithmetic at these sizes.
   */
  rowStep?: number;
  /** R comes in column panels (pack.ts) rather than row-major. */
  packed?: boolean;
  /**
   * acc is instead the byte address of a row [colsC] every row of C starts from (a bias), C is only
   * written. A function of its own: a third way to start in the same function made every product ~4 %
   * slower (CPU time, 32×128×128 float64).
   */
  fromRow?: boolean;
}

/** GemmOptions with its defaults filled in: what every emitter below reads. */
type Gemm = Required<Omit<GemmOptions, 'rowStep'>> & Pick<GemmOptions, 'rowStep'>;

/** One micro-kernel: rb rows of C by `vectors` vectors of columns (0: a single column). */
function micro(g: Gemm, rb: number, vectors: 2 | 1 | 0): number[] {
  const { lanes: t, rowStep, packed, fromRow } = g;
  const code: number[] = [];
  const emit = (...parts: number[][]) => { for (const p of parts) code.push(...p); };
  const halves = vectors, scalar = vectors === 0;
  // Per-row pointers into L, the R pointer, and the C block's first row.
  const ptrs = rowStep === undefined ? rb : 1;
  const lptr = (r: number) => LPTR + (rowStep === undefined ? r : 0);
  const lOff = (r: number) => (rowStep === undefined ? 0 : r * rowStep);
  for (let r = 0; r < ptrs; r++) emit(op.get(L), op.get(I), op.i32(r), op.i32Add(), op.get(LI), op.i32Mul(), op.i32Add(), op.set(LPTR + r));
  // R's columns j.. start at row 0: in R itself (row stride colsC), or in its packed panel (columns j.. of all red rows, the panel's width apart).
  if (packed) emit(op.get(R), op.get(J), op.get(RED), op.i32Mul(), op.i32(t.shift), op.i32Shl(), op.i32Add(), op.set(RP));
  else emit(op.get(R), op.get(J), op.i32(t.shift), op.i32Shl(), op.i32Add(), op.set(RP));
  const rStep = packed ? op.i32(scalar ? 1 << t.shift : 16 * halves) : op.get(CSTRIDE);
  emit(op.get(C), op.get(I), op.get(CSTRIDE), op.i32Mul(), op.i32Add(), op.get(J), op.i32(t.shift), op.i32Shl(), op.i32Add(), op.set(CROW));
  const cAddr = (r: number) => [...op.get(CROW), ...op.get(CSTRIDE), ...op.i32(r), ...op.i32Mul(), ...op.i32Add()];
  if (fromRow) {
    // Every row's accumulators start from the row at byte acc (a bias), which is never written into C first.
    const rowAddr = [...op.get(ACC), ...op.get(J), ...op.i32(t.shift), ...op.i32Shl(), ...op.i32Add()];
    for (let r = 0; r < rb; r++) {
      if (scalar) emit(r === 0 ? [...rowAddr, ...t.load()] : op.get(SACC), op.set(SACC + r));
      else for (let h = 0; h < halves; h++) emit(r === 0 ? [...rowAddr, ...op.v128Load(16 * h)] : op.get(VACC + h), op.set(VACC + 2 * r + h));
    }
  } else {
    // Accumulators start from C (acc) or zero.
    emit(op.get(ACC), op.if_());
    for (let r = 0; r < rb; r++) {
      if (scalar) emit(cAddr(r), t.load(), op.set(SACC + r));
      else for (let h = 0; h < halves; h++) emit(cAddr(r), op.v128Load(16 * h), op.set(VACC + 2 * r + h));
    }
    emit(op.else_());
    for (let r = 0; r < rb; r++) {
      if (scalar) emit(t.zero(), op.set(SACC + r));
      else for (let h = 0; h < halves; h++) emit(t.vzero(), op.set(VACC + 2 * r + h));
    }
    emit(op.end());
  }
  // for p in 0..red: acc[r] += L(i+r, p) · R[p, j..j+cb)
  emit(op.block(), op.get(RED), op.i32Eqz(), op.brIf(0), op.get(RED), op.set(CNT), op.loop());
  if (scalar) emit(op.get(RP), t.load(), op.set(BS));
  else {
    emit(op.get(RP), op.v128Load(0), op.set(B0));
    if (vectors === 2) emit(op.get(RP), op.v128Load(16), op.set(B1));
  }
  for (let r = 0; r < rb; r++) {
    if (scalar) {
      emit(op.get(SACC + r), op.get(lptr(r)), t.load(lOff(r)), op.get(BS), t.mul(), t.add(), op.set(SACC + r));
    } else {
      emit(op.get(lptr(r)), t.splatLoad(lOff(r)), op.set(A));
      for (let h = 0; h < halves; h++) {
        emit(op.get(VACC + 2 * r + h), op.get(A), op.get(h === 0 ? B0 : B1), t.vmul(), t.vadd(), op.set(VACC + 2 * r + h));
      }
    }
  }
  for (let r = 0; r < ptrs; r++) emit(op.get(LPTR + r), op.get(LP), op.i32Add(), op.set(LPTR + r));
  emit(op.get(RP), rStep, op.i32Add(), op.set(RP));
  emit(op.get(CNT), op.i32(1), op.i32Sub(), op.tee(CNT), op.brIf(0), op.end(), op.end());
  for (let r = 0; r < rb; r++) {
    if (scalar) emit(cAddr(r), op.get(SACC + r), t.store());
    else for (let h = 0; h < halves; h++) emit(cAddr(r), op.get(VACC + 2 * r + h), op.v128Store(16 * h));
  }
  return code;
}

/** All column blocks of one row block: 2 vectors wide while they fit, then 1 vector, then single columns. */
function columns(g: Gemm, rb: number): number[] {
  const w = g.lanes.lanes;
  return [
    ...op.i32(0), ...op.set(J),
    ...op.block(), ...op.loop(),
    ...op.get(J), ...op.i32(2 * w), ...op.i32Add(), ...op.get(COLS), ...op.i32GtS(), ...op.brIf(1),
    ...micro(g, rb, 2),
    ...op.get(J), ...op.i32(2 * w), ...op.i32Add(), ...op.set(J), ...op.br(0),
    ...op.end(), ...op.end(),
    ...op.get(J), ...op.i32(w), ...op.i32Add(), ...op.get(COLS), ...op.i32LeS(), ...op.if_(),
    ...micro(g, rb, 1),
    ...op.get(J), ...op.i32(w), ...op.i32Add(), ...op.set(J),
    ...op.end(),
    ...op.block(), ...op.loop(),
    ...op.get(J), ...op.get(COLS), ...op.i32GeS(), ...op.brIf(1),
    ...micro(g, rb, 0),
    ...op.get(J), ...op.i32(1), ...op.i32Add(), ...op.set(J), ...op.br(0),
    ...op.end(), ...op.end(),
  ];
}

/** Rows in blocks of 4, then one at a time. */
function rowBlocks(g: Gemm, rb: number): number[] {
  return [
    ...op.block(), ...op.loop(),
    ...op.get(I), ...op.i32(rb), ...op.i32Add(), ...op.get(ROWS), ...op.i32GtS(), ...op.brIf(1),
    ...columns(g, rb),
    ...op.get(I), ...op.i32(rb), ...op.i32Add(), ...op.set(I), ...op.br(0),
    ...op.end(), ...op.end(),
  ];
}

/** The gemm function `options` names: gemmFunction({ name: 'gemmPR', lanes: F32_LANES, packed: true, fromRow: true }). */
export function gemmFunction(options: GemmOptions): FunctionDef {
  const g: Gemm = { ...options, lanes: options.lanes ?? F64_LANES, packed: options.packed ?? false, fromRow: options.fromRow ?? false };
  const t = g.lanes;
  return {
    name: g.name,
    params: Array(9).fill(I32),
    locals: [...Array(10).fill(I32), ...Array(11).fill(V128), ...Array(5).fill(t.scalar)],
    body: [
      ...op.get(COLS), ...op.i32(t.shift), ...op.i32Shl(), ...op.set(CSTRIDE),
      ...op.i32(0), ...op.set(I),
      ...rowBlocks(g, 4),
      ...rowBlocks(g, 1),
    ],
  };
}
