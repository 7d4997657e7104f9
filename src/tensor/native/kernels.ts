/**
 * The native back end: the addon's kernels (native/src) at the machine's full vector width, behind
 * the same Kernels seam and with the same bits as 'js' and 'wasm' (each element summed in the same
 * order with the same rounded operations; see native/src/gemm.h).
 *
 * Per kernel and per shape, explicitly, some calls go to the WebAssembly kernels instead (the same
 * bits either way): a call into the addon costs more than the WebAssembly gemm takes for a small
 * product, so products under NATIVE_MIN_WORK multiply-adds and element-wise calls under
 * NATIVE_MIN_ELEMENTS run on WebAssembly. A prepared B belongs to whichever back end its product
 * uses, decided by its [k×n] alone (prepareB never sees m), so prepareB and mmB/mmBRow always agree.
 * mmTA's packing scratch (useScratch) is WebAssembly's only: the native Aᵀ·B reads its operands in place.
 */
import type { FloatType } from '../float-array.js';
import type { Kernels } from '../kernels-api.js';
import type { WasmMemory } from '../wasm/api.js';
import type { NativeAddon, NativeIsa } from './addon.js';

/** Multiply-adds (m·k·n) below which a product runs on WebAssembly. */
export const NATIVE_MIN_WORK = 4096;
/** Elements below which tanh, tanhGrad, add and columnSums run on WebAssembly. */
export const NATIVE_MIN_ELEMENTS = 256;
/** B [k×n] at least this many elements is prepared (and multiplied) natively; a smaller one is WebAssembly's. */
export const NATIVE_MIN_B = 256;

/**
 * everyShape: every call native whatever its size (RNNFLOW_NATIVE_EVERY_SHAPE=1, for tests, so small
 * shapes exercise the native code too).
 */
export function nativeKernels(
  addon: NativeAddon, memory: WasmMemory, wasm: Kernels, dtype: FloatType, isa: NativeIsa, everyShape = false,
): Kernels & { readonly isa: NativeIsa } {
  const n = addon.bind(new Uint8Array(memory.buffer), dtype, isa);
  const MIN_WORK = everyShape ? 0 : NATIVE_MIN_WORK, MIN_ELEMENTS = everyShape ? 0 : NATIVE_MIN_ELEMENTS, MIN_B = everyShape ? 0 : NATIVE_MIN_B;
  const nativeB = (k: number, cols: number) => k * cols >= MIN_B;
  return {
    name: 'native', dtype, isa: n.isa,
    mm: (a, b, c, m, k, cols, acc) => (m * k * cols < MIN_WORK ? wasm : n).mm(a, b, c, m, k, cols, acc),
    prepareB: (src, rows, cols, transposed, dst) => {
      const [k, width] = transposed ? [cols, rows] : [rows, cols];
      (nativeB(k, width) ? n : wasm).prepareB(src, rows, cols, transposed, dst);
    },
    mmB: (a, b, c, m, k, cols, acc) => (nativeB(k, cols) ? n : wasm).mmB(a, b, c, m, k, cols, acc),
    mmBRow: (a, b, c, m, k, cols, row) => (nativeB(k, cols) ? n : wasm).mmBRow(a, b, c, m, k, cols, row),
    mmTA: (a, b, c, m, k, cols) => (m * k * cols < MIN_WORK ? wasm : n).mmTA(a, b, c, m, k, cols),
    useScratch: (at, elements) => wasm.useScratch(at, elements),
    tanh: (off, count) => (count < MIN_ELEMENTS ? wasm : n).tanh(off, count),
    tanhGrad: (g, s, count) => (count < MIN_ELEMENTS ? wasm : n).tanhGrad(g, s, count),
    add: (out, a, b, count) => (count < MIN_ELEMENTS ? wasm : n).add(out, a, b, count),
    columnSums: (x, rows, cols, out) => (rows * cols < MIN_ELEMENTS ? wasm : n).columnSums(x, rows, cols, out),
  };
}
