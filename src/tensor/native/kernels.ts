/**
 * The native back end: the addon's kernels (native/src) at the machine's full vector width, behind
 * the same Kernels seam and with the same bits as 'js' and 'wasm' (each element summed in the same
 * order with the same rounded operations; see native/src/gemm.h).
 *
 * Per kernel and per shape, explicitly, some calls go to the WebAssembly kernels instead (the same
 * bits either way): a call into the addon costs more than the WebAssembly gemm takes for a small
 * product, and narrow operands leave its wide vectors empty, so calls under NATIVE_MIN's sizes run on
 * WebAssembly. A prepared B belongs to whichever back end its product
 * uses, decided by its [k×n] alone (prepareB never sees m), so prepareB and mmB/mmBRow always agree.
 * mmTA's packing scratch (useScratch) is WebAssembly's only: the native Aᵀ·B reads its operands in place.
 */
import type { FloatType } from '../float-array.js';
import type { Kernels } from '../kernels-api.js';
import type { WasmMemory } from '../wasm/api.js';
import type { NativeAddon, NativeIsa } from './addon.js';

/**
 * Below these sizes a call runs on WebAssembly. CPU time per call, this machine, float64, native vs
 * wasm: A·B 768×6×4 2.6 = 2.6 µs, 768×8×8 2.8 vs 5.8; Aᵀ·B 736×4×4 3.5 vs 1.1 (packing costs more than
 * it saves), 736×32×32 47 vs 78; float32 A·B 32×8×8 0.43 vs 0.29 (half an AVX-512 vector); tanh of 3,072
 * 4.8 vs 6.3; column sums 768×4 2.0 vs 1.2, 768×128 7.7 vs 13.4. The addon's call costs ≈ 0.1–0.2 µs,
 * and its vectors need operands at least one vector wide. Training 8/8/6 float64 by CPU time (k·n = 64
 * native) ran 1.07× WebAssembly's: k·n from 256 (16×16) on. The gate kernels (LSTM forward, rows × H,
 * wasm vs native): float64 4×2 0.25 vs 0.64 µs, 16×4 2.3 vs 1.4, 32×128 138 vs 40; float32 32×4 2.3 vs 5.1
 * (H under half a vector: each row's few elements take the scalar tanh), 32×8 4.2 vs 1.4.
 */

export const NATIVE_MIN = {
  /** Products: multiply-adds m·k·n, and k·n (a prepared B is native's or WebAssembly's by k and n alone); n at least one vector. */
  work: 4096, kn: 256,
  /** tanh, tanhGrad, add: elements. */
  elements: 1024,
  /** columnSums: columns. */
  columns: 128,
  /** The gate kernels: elements of a step's [rows][H], and H at least half a vector. */
  gates: 64,
};

/**
 * everyShape: every call native whatever its size (RNNFLOW_NATIVE_EVERY_SHAPE=1, for tests, so small
 * shapes exercise the native code too).
 */
export function nativeKernels(
  addon: NativeAddon, memory: WasmMemory, wasm: Kernels, dtype: FloatType, isa: NativeIsa, everyShape = false,
): Kernels & { readonly isa: NativeIsa } {
  const n = addon.bind(new Uint8Array(memory.buffer), dtype, isa);
  const min = everyShape ? { work: 0, kn: 0, elements: 0, columns: 0, gates: 0 } : NATIVE_MIN, lanes = everyShape ? 0 : n.lanes;
  const nativeB = (k: number, cols: number) => k * cols >= min.kn && cols >= lanes;
  const nativeMM = (m: number, k: number, cols: number) => nativeB(k, cols) && m * k * cols >= min.work;
  const gatesOn = (rows: number, hidden: number) => (rows * hidden >= min.gates && 2 * hidden >= lanes ? n : wasm);
  return {
    name: 'native', dtype, isa: n.isa,
    mm: (a, b, c, m, k, cols, acc) => (nativeMM(m, k, cols) ? n : wasm).mm(a, b, c, m, k, cols, acc),
    prepareB: (src, rows, cols, transposed, dst) => {
      const [k, width] = transposed ? [cols, rows] : [rows, cols];
      (nativeB(k, width) ? n : wasm).prepareB(src, rows, cols, transposed, dst);
    },
    mmB: (a, b, c, m, k, cols, acc) => (nativeB(k, cols) ? n : wasm).mmB(a, b, c, m, k, cols, acc),
    mmBRow: (a, b, c, m, k, cols, row) => (nativeB(k, cols) ? n : wasm).mmBRow(a, b, c, m, k, cols, row),
    mmTA: (a, b, c, m, k, cols) => (nativeMM(m, k, cols) ? n : wasm).mmTA(a, b, c, m, k, cols),
    useScratch: (at, elements) => wasm.useScratch(at, elements),
    tanh: (off, count) => (count < min.elements ? wasm : n).tanh(off, count),
    tanhGrad: (g, s, count) => (count < min.elements ? wasm : n).tanhGrad(g, s, count),
    add: (out, a, b, count) => (count < min.elements ? wasm : n).add(out, a, b, count),
    columnSums: (x, rows, cols, out) => (cols < min.columns ? wasm : n).columnSums(x, rows, cols, out),
    lstmForward: (gates, cPrev, c, tanhC, h, rows, hidden) =>
      gatesOn(rows, hidden).lstmForward(gates, cPrev, c, tanhC, h, rows, hidden),
    lstmBackward: (gates, cPrev, tanhC, dh, carryIn, carryOut, dGates, rows, hidden, lengths, t) =>
      gatesOn(rows, hidden).lstmBackward(gates, cPrev, tanhC, dh, carryIn, carryOut, dGates, rows, hidden, lengths, t),
    gruForward: (inputPart, hiddenPart, resetUpdate, candidate, hPrev, h, rows, hidden) =>
      gatesOn(rows, hidden).gruForward(inputPart, hiddenPart, resetUpdate, candidate, hPrev, h, rows, hidden),
    gruBackward: (resetUpdate, candidate, hiddenPart, hPrev, dh, dhNext, zNext, dInputPart, dHiddenPart, rows, hidden, lengths, t, next) =>
      gatesOn(rows, hidden).gruBackward(resetUpdate, candidate, hiddenPart, hPrev, dh, dhNext, zNext, dInputPart, dHiddenPart, rows, hidden, lengths, t, next),
  };
}
