/**
 * The generated SIMD matrix product: one wasm function, gemm, register-blocked 4 rows × 4 columns
 * (eight f64x2 accumulators, all 16 xmm registers nearly used), with 2- and 1-column and 1-row edges.
 *
 *   gemm(L, R, C, rowsC, red, colsC, lI, lP, acc):
 *     C[i, j] (+)= Σ_{p < red} L(i, p) · R[p, j],  L(i, p) at byte L + i·lI + p·lP,
 *     R row-major [red × colsC], C row-major [rowsC × colsC]; pointers and strides in bytes.
 *
 * Strides make one kernel serve both products of BPTT: A·B (lI = k·8, lP = 8) and Aᵀ·B (lI = 8,
 * lP = k·8). Each C element is accumulated in p order, one rounded multiply and one rounded add per
 * term, starting from C (acc) or 0: the same operations, in the same order, as the JS kernels.
 */
import { F64, I32, op, V128, type FunctionDef } from './emit.js';

// Local indices: the 9 params, then the locals in this order.
const L = 0, R = 1, C = 2, ROWS = 3, RED = 4, COLS = 5, LI = 6, LP = 7, ACC = 8;
const I = 9, J = 10, CNT = 11, RP = 12, CROW = 13, CSTRIDE = 14, LPTR = 15; // LPTR..LPTR+3
const VACC = 19; // 8 v128 accumulators: row r, half h at VACC + 2r + h
const B0 = 27, B1 = 28, A = 29;
const SACC = 30; // 4 f64 accumulators for the 1-column edge
const BS = 34;

/**
 * rowStep: the byte distance between rows of L when it is known when the module is built (8 for
 * Aᵀ·B; k·8 for A·B of a given k). Then one pointer serves all rows, each row's load carrying its
 * distance as an immediate offset: 3 fewer adds per iteration of the inner loop, which is bound by
 * instruction count rather than arithmetic at these sizes.
 */
function micro(rb: number, cb: 4 | 2 | 1, rowStep?: number): number[] {
  const code: number[] = [];
  const emit = (...parts: number[][]) => { for (const p of parts) code.push(...p); };
  const halves = cb === 4 ? 2 : 1;
  // Per-row pointers into L, the R pointer, and the C block's first row.
  const ptrs = rowStep === undefined ? rb : 1;
  const lptr = (r: number) => LPTR + (rowStep === undefined ? r : 0);
  const lOff = (r: number) => (rowStep === undefined ? 0 : r * rowStep);
  for (let r = 0; r < ptrs; r++) emit(op.get(L), op.get(I), op.i32(r), op.i32Add(), op.get(LI), op.i32Mul(), op.i32Add(), op.set(LPTR + r));
  emit(op.get(R), op.get(J), op.i32(3), op.i32Shl(), op.i32Add(), op.set(RP));
  emit(op.get(C), op.get(I), op.get(CSTRIDE), op.i32Mul(), op.i32Add(), op.get(J), op.i32(3), op.i32Shl(), op.i32Add(), op.set(CROW));
  const cAddr = (r: number) => [...op.get(CROW), ...op.get(CSTRIDE), ...op.i32(r), ...op.i32Mul(), ...op.i32Add()];
  // Accumulators start from C (acc) or zero.
  emit(op.get(ACC), op.if_());
  for (let r = 0; r < rb; r++) {
    if (cb === 1) emit(cAddr(r), op.f64Load(), op.set(SACC + r));
    else for (let h = 0; h < halves; h++) emit(cAddr(r), op.v128Load(16 * h), op.set(VACC + 2 * r + h));
  }
  emit(op.else_());
  for (let r = 0; r < rb; r++) {
    if (cb === 1) emit(op.f64(0), op.set(SACC + r));
    else for (let h = 0; h < halves; h++) emit(op.f64(0), op.f64x2Splat(), op.set(VACC + 2 * r + h));
  }
  emit(op.end());
  // for p in 0..red: acc[r] += L(i+r, p) · R[p, j..j+cb)
  emit(op.block(), op.get(RED), op.i32Eqz(), op.brIf(0), op.get(RED), op.set(CNT), op.loop());
  if (cb === 1) emit(op.get(RP), op.f64Load(), op.set(BS));
  else {
    emit(op.get(RP), op.v128Load(0), op.set(B0));
    if (cb === 4) emit(op.get(RP), op.v128Load(16), op.set(B1));
  }
  for (let r = 0; r < rb; r++) {
    if (cb === 1) {
      emit(op.get(SACC + r), op.get(lptr(r)), op.f64Load(lOff(r)), op.get(BS), op.f64Mul(), op.f64Add(), op.set(SACC + r));
    } else {
      emit(op.get(lptr(r)), op.v128Load64Splat(lOff(r)), op.set(A));
      for (let h = 0; h < halves; h++) {
        emit(op.get(VACC + 2 * r + h), op.get(A), op.get(h === 0 ? B0 : B1), op.f64x2Mul(), op.f64x2Add(), op.set(VACC + 2 * r + h));
      }
    }
  }
  for (let r = 0; r < ptrs; r++) emit(op.get(LPTR + r), op.get(LP), op.i32Add(), op.set(LPTR + r));
  emit(op.get(RP), op.get(CSTRIDE), op.i32Add(), op.set(RP));
  emit(op.get(CNT), op.i32(1), op.i32Sub(), op.tee(CNT), op.brIf(0), op.end(), op.end());
  for (let r = 0; r < rb; r++) {
    if (cb === 1) emit(cAddr(r), op.get(SACC + r), op.f64Store());
    else for (let h = 0; h < halves; h++) emit(cAddr(r), op.get(VACC + 2 * r + h), op.v128Store(16 * h));
  }
  return code;
}

/** All column blocks of one row block: 4 wide while they fit, then a 2 and a 1 edge. */
function columns(rb: number, rowStep?: number): number[] {
  return [
    ...op.i32(0), ...op.set(J),
    ...op.block(), ...op.loop(),
    ...op.get(J), ...op.i32(4), ...op.i32Add(), ...op.get(COLS), ...op.i32GtS(), ...op.brIf(1),
    ...micro(rb, 4, rowStep),
    ...op.get(J), ...op.i32(4), ...op.i32Add(), ...op.set(J), ...op.br(0),
    ...op.end(), ...op.end(),
    ...op.get(J), ...op.i32(2), ...op.i32Add(), ...op.get(COLS), ...op.i32LeS(), ...op.if_(),
    ...micro(rb, 2, rowStep),
    ...op.get(J), ...op.i32(2), ...op.i32Add(), ...op.set(J),
    ...op.end(),
    ...op.get(J), ...op.get(COLS), ...op.i32LtS(), ...op.if_(), ...micro(rb, 1, rowStep), ...op.end(),
  ];
}

/** Rows in blocks of 4, then one at a time. */
function rowBlocks(rb: number, rowStep?: number): number[] {
  return [
    ...op.block(), ...op.loop(),
    ...op.get(I), ...op.i32(rb), ...op.i32Add(), ...op.get(ROWS), ...op.i32GtS(), ...op.brIf(1),
    ...columns(rb, rowStep),
    ...op.get(I), ...op.i32(rb), ...op.i32Add(), ...op.set(I), ...op.br(0),
    ...op.end(), ...op.end(),
  ];
}

/** name: the export; rowStep: see micro() — the function then requires lI === rowStep. */
export function gemmFunction(name = 'gemm', rowStep?: number): FunctionDef {
  return {
    name,
    params: Array(9).fill(I32),
    locals: [...Array(10).fill(I32), ...Array(11).fill(V128), ...Array(5).fill(F64)],
    body: [
      ...op.get(COLS), ...op.i32(3), ...op.i32Shl(), ...op.set(CSTRIDE),
      ...op.i32(0), ...op.set(I),
      ...rowBlocks(4, rowStep),
      ...rowBlocks(1, rowStep),
    ],
  };
}
