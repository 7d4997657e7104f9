/**
 * Packing an operand of the gemm into column panels, so the micro-kernel reads it front to back
 * instead of one row's few columns at a time, a row stride apart (which, for rows 1–2 KiB apart,
 * fall into a handful of L1 sets and come from L2 on every step):
 *
 *   pack(src, dst, rows, cols, stride, wide):  M [rows × cols], row r at byte src + r·stride
 *     → dst: for each panel of columns j … j+w, all rows in order, w values each:
 *            dst[j·rows + p·w + c] = M[p, j + c]
 *   panels: 2 vectors wide while they fit (wide = 1), then 1 vector wide while they fit, then single columns,
 *
 * exactly the column blocks gemm walks (gemm.ts), so a packed B's panel for columns j starts at
 * element j·rows. With wide = 0 every panel is 1 vector wide: a float32 Aᵀ of Aᵀ·B in the 4-row
 * blocks the micro-kernel reads (in float64 those are 2 vectors: wide = 1). A copy: no arithmetic,
 * so packing changes no result bit.
 */
import { I32, op, V128, type FunctionDef } from './emit.js';
import type { Lanes } from './gemm.js';

/** pack's last argument: panels 2 vectors wide while they fit (a B of A·B; a float64 Aᵀ), or 1 vector wide (a float32 Aᵀ). */
export const PANELS = { twoVectors: 1, oneVector: 0 } as const;

const SRC = 0, DST = 1, ROWS = 2, COLS = 3, STRIDE = 4, WIDE = 5;
const J = 6, P = 7, S = 8;

/** One panel loop: while columns j … j + width remain, copy each row's `width` columns (vectors 16 bytes, or one scalar). */
function panels(t: Lanes, vectors: 2 | 1 | 0): number[] {
  const bytes = 1 << t.shift, width = vectors === 0 ? 1 : vectors * t.lanes;
  const copy = vectors === 0
    ? [...op.get(DST), ...op.get(S), ...t.load(), ...t.store()]
    : Array.from({ length: vectors }, (_, h) => [...op.get(DST), ...op.get(S), ...op.v128Load(16 * h), ...op.v128Store(16 * h)]).flat();
  return [
    ...op.block(), ...op.loop(),
    ...op.get(J), ...op.i32(width), ...op.i32Add(), ...op.get(COLS), ...op.i32GtS(), ...op.brIf(1),
    // S: row 0's columns j …; then row by row.
    ...op.get(SRC), ...op.get(J), ...op.i32(t.shift), ...op.i32Shl(), ...op.i32Add(), ...op.set(S),
    ...op.get(ROWS), ...op.set(P),
    ...op.block(), ...op.get(P), ...op.i32Eqz(), ...op.brIf(0), ...op.loop(),
    ...copy,
    ...op.get(DST), ...op.i32(width * bytes), ...op.i32Add(), ...op.set(DST),
    ...op.get(S), ...op.get(STRIDE), ...op.i32Add(), ...op.set(S),
    ...op.get(P), ...op.i32(1), ...op.i32Sub(), ...op.tee(P), ...op.brIf(0),
    ...op.end(), ...op.end(),
    ...op.get(J), ...op.i32(width), ...op.i32Add(), ...op.set(J),
    ...op.br(0),
    ...op.end(), ...op.end(),
  ];
}

export function packFunction(t: Lanes): FunctionDef {
  return {
    name: 'pack',
    params: Array(6).fill(I32),
    locals: [I32, I32, I32],
    body: [
      ...op.i32(0), ...op.set(J),
      ...op.get(WIDE), ...op.if_(), ...panels(t, 2), ...op.end(),
      ...panels(t, 1),
      ...panels(t, 0),
    ],
  };
}

const T_SRC = 0, T_DST = 1, T_ROWS = 2, T_COLS = 3, T_CSTRIDE = 4, T_J = 5, T_P = 6, T_C = 7, T_S = 8, T_W = 9, T_V = 10;

/** i8x16.shuffle of the two vectors on the stack by 64-bit lanes: 0, 1 from the first, 2, 3 from the second. */
const shuffle64 = (a: number, b: number) => [0xfd, 0x0d, ...[a, b].flatMap((l) => Array.from({ length: 8 }, (_, i) => 8 * l + i))];

/**
 * packT(src, dst, rows, cols, colStride): the same panels of B [rows × cols] whose element (p, q) is at
 * byte src + q·colStride + p·size: a transpose packed (B = Mᵀ with M's rows colStride apart). Once per
 * batch for a weight matrix's transpose, on the trainer thread while the workers wait.
 */
export function packTFunction(t: Lanes): FunctionDef {
  const bytes = 1 << t.shift;
  /**
   * Float64 panels of 2 or 4 columns, two rows of B at a time: one vector from each of M's `width` rows (its
   * elements p and p + 1), paired up by shuffles into B's row p, then row p + 1 (a 2×2 transpose per pair of
   * vectors; element by element this loop ran 4× the loads and stores). The element loop after it takes an odd last row.
   */
  const pairsOfRows = (width: number) => {
    const v = (c: number) => T_V + c;
    return [
      ...op.block(), ...op.loop(),
      ...op.get(T_P), ...op.i32(2), ...op.i32Add(), ...op.get(T_ROWS), ...op.i32GtS(), ...op.brIf(1),
      ...op.get(T_SRC), ...op.get(T_J), ...op.get(T_CSTRIDE), ...op.i32Mul(), ...op.i32Add(), ...op.get(T_P), ...op.i32(t.shift), ...op.i32Shl(), ...op.i32Add(), ...op.set(T_S),
      ...Array.from({ length: width }, (_, c) => [...op.get(T_S), ...op.v128Load(), ...op.set(v(c)), ...op.get(T_S), ...op.get(T_CSTRIDE), ...op.i32Add(), ...op.set(T_S)]).flat(),
      // Row p: lane 0 of each pair of vectors; row p + 1: lane 1.
      ...[0, 1].flatMap((lane) => Array.from({ length: width / 2 }, (_, h) => [
        ...op.get(T_DST), ...op.get(v(2 * h)), ...op.get(v(2 * h + 1)), ...shuffle64(lane, lane + 2), ...op.v128Store(16 * (lane * width / 2 + h)),
      ]).flat()),
      ...op.get(T_DST), ...op.i32(2 * width * bytes), ...op.i32Add(), ...op.set(T_DST),
      ...op.get(T_P), ...op.i32(2), ...op.i32Add(), ...op.set(T_P), ...op.br(0),
      ...op.end(), ...op.end(),
    ];
  };
  // Panel widths in the order gemm walks them; each `while` runs while a whole panel fits.
  const panelLoop = (width: number) => [
    ...op.i32(width), ...op.set(T_W),
    ...op.block(), ...op.loop(),
    ...op.get(T_J), ...op.get(T_W), ...op.i32Add(), ...op.get(T_COLS), ...op.i32GtS(), ...op.brIf(1),
    ...op.i32(0), ...op.set(T_P),
    ...(t.shift === 3 && width > 1 ? pairsOfRows(width) : []),
    ...op.block(), ...op.loop(),
    ...op.get(T_P), ...op.get(T_ROWS), ...op.i32GeS(), ...op.brIf(1),
    // S: element (p, j) of B; then c = 0 … width − 1 along the row of B (colStride apart in memory).
    ...op.get(T_SRC), ...op.get(T_J), ...op.get(T_CSTRIDE), ...op.i32Mul(), ...op.i32Add(), ...op.get(T_P), ...op.i32(t.shift), ...op.i32Shl(), ...op.i32Add(), ...op.set(T_S),
    ...op.get(T_W), ...op.set(T_C),
    ...op.loop(),
    ...op.get(T_DST), ...op.get(T_S), ...t.load(), ...t.store(),
    ...op.get(T_DST), ...op.i32(bytes), ...op.i32Add(), ...op.set(T_DST),
    ...op.get(T_S), ...op.get(T_CSTRIDE), ...op.i32Add(), ...op.set(T_S),
    ...op.get(T_C), ...op.i32(1), ...op.i32Sub(), ...op.tee(T_C), ...op.brIf(0),
    ...op.end(),
    ...op.get(T_P), ...op.i32(1), ...op.i32Add(), ...op.set(T_P), ...op.br(0),
    ...op.end(), ...op.end(),
    ...op.get(T_J), ...op.get(T_W), ...op.i32Add(), ...op.set(T_J), ...op.br(0),
    ...op.end(), ...op.end(),
  ];
  return {
    name: 'packT',
    params: Array(5).fill(I32),
    locals: [...Array(5).fill(I32), ...Array(4).fill(V128)],
    body: [...op.i32(0), ...op.set(T_J), ...panelLoop(2 * t.lanes), ...panelLoop(t.lanes), ...panelLoop(1)],
  };
}
