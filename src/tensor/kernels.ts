/**
 * The matrix products BPTT needs, on one memory addressed by element offsets, in three
 * interchangeable implementations: plain JS loops ('js'), the generated WebAssembly SIMD gemm
 * ('wasm'), which runs on memory that worker threads share, and the native addon's kernels on that
 * same memory ('native', native/kernels.ts; which one a thread runs: backend.ts). All accumulate every
 * element in the same order with the same IEEE operations, so they agree bit for bit (tests hold them to it).
 * Each comes in float64 (the default; f64x2) and float32 (f32x4, elements of 4 bytes, Math.fround in
 * the JS loops): float32 is deterministic too, but not the same numbers as float64.
 */
import { matmul, matmulTransAAccumulate } from './matmul.js';
import { matmul32, matmulTransAAccumulate32 } from './matmul32.js';
import { Wasm, type WasmMemory, type WasmModule } from './wasm/api.js';
import { buildModule } from './wasm/emit.js';
import { F32_LANES, F64_LANES, gemmFunction, type GemmOptions } from './wasm/gemm.js';
import { PANELS, packFunction, packTFunction } from './wasm/pack.js';
import { addColumnSums, mulTanhDerivative, setRows, transpose } from './elementwise.js';
import { tanhGradFunction } from './wasm/tanh-grad.js';
import { addFunction, columnSumsFunction } from './wasm/add.js';
import { addInto } from './columns.js';
import { tanhFunction } from './wasm/tanh.js';
import { tanh32Function } from './wasm/tanh32.js';
import { tanhRange } from './tanh.js';
import { tanh32Range } from './tanh32.js';
import { lstmBackward, lstmForward } from './lstm-gates.js';
import { gruBackward, gruForward } from './gru-gates.js';
import type { FloatArray, FloatType } from './float-array.js';
import type { Kernels } from './kernels-api.js';
import { nativeKernels } from './native/kernels.js';
import { loadNative } from './native/addon.js';
import { KernelsUnavailable, nativeIsa, type KernelName } from './backend.js';

export { KERNEL_NAMES, type KernelName } from './backend.js';
export { NO_STEP, type Kernels } from './kernels-api.js';
export { FLOAT_TYPES, type FloatType } from './float-array.js';

export function jsKernels(memory: WasmMemory, dtype: FloatType = 'float64'): Kernels {
  if (dtype === 'float32') {
    const mem = new Float32Array(memory.buffer);
    const tanh = (off: number, count: number) => tanh32Range(mem, off, count);
    return {
      name: 'js', dtype,
      mm: (a, b, c, m, k, n, acc) => matmul32(mem, a, mem, b, mem, c, m, k, n, acc),
      mmB: (a, b, c, m, k, n, acc) => matmul32(mem, a, mem, b, mem, c, m, k, n, acc),
      mmBRow: (a, b, c, m, k, n, row) => { setRows(mem, c, mem, row, m, n); matmul32(mem, a, mem, b, mem, c, m, k, n, true); },
      prepareB: (src, rows, cols, transposed, dst) => prepareRowMajor(mem, src, rows, cols, transposed, dst),
      mmTA: (a, b, c, m, k, n) => matmulTransAAccumulate32(mem, a, mem, b, mem, c, m, k, n),
      useScratch: () => {},
      tanh,
      tanhGrad: (g, s, count) => mulTanhDerivative(mem, g, mem, s, count),
      add: (out, a, b, count) => addInto(mem, a, b, out, count),
      columnSums: (x, rows, cols, out) => addColumnSums(mem, x, mem, rows, cols, out),
      ...gateKernels(mem, tanh),
    };
  }
  const mem = new Float64Array(memory.buffer);
  const tanh = (off: number, count: number) => tanhRange(mem, off, count);
  return {
    name: 'js', dtype,
    mm: (a, b, c, m, k, n, acc) => matmul(mem, a, mem, b, mem, c, m, k, n, acc),
    mmB: (a, b, c, m, k, n, acc) => matmul(mem, a, mem, b, mem, c, m, k, n, acc),
    mmBRow: (a, b, c, m, k, n, row) => { setRows(mem, c, mem, row, m, n); matmul(mem, a, mem, b, mem, c, m, k, n, true); },
    prepareB: (src, rows, cols, transposed, dst) => prepareRowMajor(mem, src, rows, cols, transposed, dst),
    mmTA: (a, b, c, m, k, n) => matmulTransAAccumulate(mem, a, mem, b, mem, c, m, k, n),
    useScratch: () => {},
    tanh,
    tanhGrad: (g, s, count) => mulTanhDerivative(mem, g, mem, s, count),
    add: (out, a, b, count) => addInto(mem, a, b, out, count),
    columnSums: (x, rows, cols, out) => addColumnSums(mem, x, mem, rows, cols, out),
    ...gateKernels(mem, tanh),
  };
}

type GateKernels = Pick<Kernels, 'lstmForward' | 'lstmBackward' | 'gruForward' | 'gruBackward'>;

/** The js and wasm back ends' gate kernels: the reference loops on mem, with the back end's own tanh. */
function gateKernels(mem: FloatArray, tanh: Kernels['tanh']): GateKernels {
  return {
    lstmForward: (gates, cPrev, c, tanhC, h, rows, hidden) => lstmForward(mem, tanh, gates, cPrev, c, tanhC, h, rows, hidden),
    lstmBackward: (gates, cPrev, tanhC, dh, carryIn, carryOut, dGates, rows, hidden, lengths, t) =>
      lstmBackward(mem, gates, cPrev, tanhC, dh, carryIn, carryOut, dGates, rows, hidden, lengths, t),
    gruForward: (inputPart, hiddenPart, resetUpdate, candidate, hPrev, h, rows, hidden) =>
      gruForward(mem, tanh, inputPart, hiddenPart, resetUpdate, candidate, hPrev, h, rows, hidden),
    gruBackward: (resetUpdate, candidate, hiddenPart, hPrev, dh, dhNext, zNext, dInputPart, dHiddenPart, rows, hidden, lengths, t, next) =>
      gruBackward(mem, resetUpdate, candidate, hiddenPart, hPrev, dh, dhNext, zNext, dInputPart, dHiddenPart, rows, hidden, lengths, t, next),
  };
}

/** js's prepareB: B as it is, or transposed, row-major. */
function prepareRowMajor(mem: FloatArray, src: number, rows: number, cols: number, transposed: boolean, dst: number): void {
  if (transposed) transpose(mem, src, mem, dst, rows, cols);
  else mem.copyWithin(dst, src, src + rows * cols);
}

const modules = new Map<string, WasmModule>();
/**
 * The module for products with these inner sizes k: a generic gemm, Aᵀ·B with its rows one element
 * apart, and A·B specialised for each k (rows k elements apart). Compiled once per thread, dtype and set of k.
 */
function gemmModule(ks: number[], dtype: FloatType): WasmModule {
  const key = `${dtype}:${ks.join(',')}`;
  let m = modules.get(key);
  if (!m) {
    const lanes = dtype === 'float32' ? F32_LANES : F64_LANES, bytes = 1 << lanes.shift;
    // A·B specialised for each k: rows of A k elements apart.
    const byK = (name: string, options: Omit<GemmOptions, 'name' | 'lanes' | 'rowStep'>) =>
      ks.map((k) => gemmFunction({ name: name.replace('#', String(k)), lanes, rowStep: k * bytes, ...options }));
    m = new Wasm.Module(buildModule([
      gemmFunction({ name: 'gemm', lanes }), gemmFunction({ name: 'gemmTA', lanes, rowStep: bytes }), ...byK('gemm#', {}),
      dtype === 'float32' ? tanh32Function() : tanhFunction(),
      // The same on packed operands: B in panels (mmB), and Aᵀ·B with both in panels (rows of Aᵀ one element apart in a panel).
      gemmFunction({ name: 'gemmP', lanes, packed: true }), gemmFunction({ name: 'gemmTAP', lanes, rowStep: bytes, packed: true }),
      ...byK('gemm#P', { packed: true }),
      // Packed, every row starting from a bias row (mmBRow).
      gemmFunction({ name: 'gemmPR', lanes, packed: true, fromRow: true }), ...byK('gemm#PR', { packed: true, fromRow: true }),
      packFunction(lanes), packTFunction(lanes), tanhGradFunction(dtype), addFunction(lanes), columnSumsFunction(lanes),
    ]));
    modules.set(key, m);
  }
  return m;
}

/**
 * Rows of A and B per call of Aᵀ·B: about 128 KiB of them in float64, so a slice stays in L2 while
 * every 4×4 block of C walks it. Unsliced, each block of C walked all m rows of A and B (≈ 3 MiB for
 * dW at 64/256/10, from L3). Sliced, dW at 64/256/10 ran 10.5 → 15.3 GFLOP/s and at 8/128/6
 * 13 → 18 (CPU time, this machine; small nets unchanged).
 */
export function mmTASlice(k: number, n: number): number {
  return Math.max(8, Math.floor(16384 / (k + n)));
}

/**
 * Rows of A and B per packed slice of Aᵀ·B: both packed (wasm/pack.ts), the micro-kernel reads them
 * front to back, and longer slices pay C's loads and stores less often (measured, CPU time, Aᵀ·B
 * 736×256×256: 32 rows 43.0 → 128 rows 45.6 GFLOP/s float32, 21.3 → 22.5 float64; unpacked, 33.3 and 15.4).
 */
export const PACK_ROWS = 128;
/**
 * Narrower Aᵀ·B products run faster in place: what they reread is in L1 anyway, and the copy costs
 * more than it saves (CPU time, float32 / float64 GFLOP/s in place → packed: 736×32×32 43.6 → 40.1 /
 * 20.4 → 20.1, 768×8×128 40.8 → 34.7 / 19.5 → 17.0, 32×256×10 16.7 → 20.5 / 16.9 → 14.6; 736×128×128 38.0 → 43.7 / 18.2 → 20.8).
 */
export const PACK_MIN_WIDTH = 64;

/** Scratch elements a block's mmTA packs into: PACK_ROWS rows of A and B for the widest k + n of its products. */
export function packScratchSize(widestKPlusN: number): number {
  return PACK_ROWS * widestKPlusN;
}

type Gemm = (l: number, r: number, c: number, rowsC: number, red: number, colsC: number, lI: number, lP: number, acc: number) => void;

/**
 * memory must be shared (the module imports a shared memory, so workers can use it too);
 * ks: the inner sizes of the A·B products to specialise (the net's input, hidden and output sizes).
 */
export function wasmKernels(memory: WasmMemory, ks: number[] = [], dtype: FloatType = 'float64'): Kernels {
  const distinct = [...new Set(ks)].sort((a, b) => a - b);
  const instance = new Wasm.Instance(gemmModule(distinct, dtype), { env: { memory } });
  const gemm = instance.exports.gemm as Gemm;
  const gemmTA = instance.exports.gemmTA as Gemm;
  // Indexed by k: the specialised A·B, or the generic one.
  const byK: Gemm[] = [], byKPacked: Gemm[] = [], byKRow: Gemm[] = [];
  for (const k of distinct) {
    byK[k] = instance.exports[`gemm${k}`] as Gemm;
    byKPacked[k] = instance.exports[`gemm${k}P`] as Gemm;
    byKRow[k] = instance.exports[`gemm${k}PR`] as Gemm;
  }
  const gemmPR = instance.exports.gemmPR as Gemm;
  const gemmP = instance.exports.gemmP as Gemm, gemmTAP = instance.exports.gemmTAP as Gemm;
  const pack = instance.exports.pack as (src: number, dst: number, rows: number, cols: number, stride: number, wide: number) => void;
  const packT = instance.exports.packT as (src: number, dst: number, rows: number, cols: number, colStride: number) => void;
  let scratch = -1, scratchSize = 0;
  const tanhVectors = instance.exports.tanh as (ptr: number, vectors: number) => void;
  const tanhGradVectors = instance.exports.tanhGrad as (g: number, s: number, vectors: number) => void;
  const addVectors = instance.exports.add as (out: number, a: number, b: number, vectors: number) => void;
  const columnSumVectors = instance.exports.columnSums as (x: number, rows: number, cols: number, out: number, vectors: number) => void;
  const f32 = dtype === 'float32', bytes = f32 ? 4 : 8, lanes = f32 ? 4 : 2;
  const tail = f32
    ? ((mem: Float32Array) => (off: number, count: number) => tanh32Range(mem, off, count))(new Float32Array(memory.buffer))
    : ((mem: Float64Array) => (off: number, count: number) => tanhRange(mem, off, count))(new Float64Array(memory.buffer));
  const view = f32 ? new Float32Array(memory.buffer) : new Float64Array(memory.buffer);
  const tanh = (off: number, count: number) => {
    const vectors = Math.floor(count / lanes), done = vectors * lanes;
    tanhVectors(off * bytes, vectors);
    if (done < count) tail(off + done, count - done);
  };
  return {
    name: 'wasm', dtype,
    mm: (a, b, c, m, k, n, acc) => (byK[k] ?? gemm)(a * bytes, b * bytes, c * bytes, m, k, n, k * bytes, bytes, acc ? 1 : 0),
    mmB: (a, b, c, m, k, n, acc) => (byKPacked[k] ?? gemmP)(a * bytes, b * bytes, c * bytes, m, k, n, k * bytes, bytes, acc ? 1 : 0),
    mmBRow: (a, b, c, m, k, n, row) => (byKRow[k] ?? gemmPR)(a * bytes, b * bytes, c * bytes, m, k, n, k * bytes, bytes, row * bytes),
    prepareB: (src, rows, cols, transposed, dst) => {
      if (!transposed) pack(src * bytes, dst * bytes, rows, cols, cols * bytes, PANELS.twoVectors);
      else packT(src * bytes, dst * bytes, cols, rows, cols * bytes);
    },
    useScratch: (at, elements) => { scratch = at; scratchSize = elements; },
    mmTA: (a, b, c, m, k, n) => {
      // Both operands packed, slice by slice, when Aᵀ comes in whole 4-row blocks and both sides are wide enough to
      // repay the copy (each C element still summed in row order).
      const packSlice = Math.min(PACK_ROWS, Math.floor(scratchSize / (k + n)));
      if (scratch >= 0 && k % 4 === 0 && Math.min(k, n) >= PACK_MIN_WIDTH && packSlice >= 8) {
        const pa = scratch * bytes;
        for (let r = 0; r < m; r += packSlice) {
          const rows = Math.min(packSlice, m - r), pb = (scratch + rows * k) * bytes;
          pack((a + r * k) * bytes, pa, rows, k, k * bytes, f32 ? PANELS.oneVector : PANELS.twoVectors);
          pack((b + r * n) * bytes, pb, rows, n, n * bytes, PANELS.twoVectors);
          gemmTAP(pa, pb, c * bytes, k, rows, n, rows * bytes, 4 * bytes, 1);
        }
        return;
      }
      // In slices of the m rows, each C element still summed in row order (the same bits).
      const slice = mmTASlice(k, n);
      for (let r = 0; r < m; r += slice) gemmTA((a + r * k) * bytes, (b + r * n) * bytes, c * bytes, k, Math.min(slice, m - r), n, bytes, k * bytes, 1);
    },
    tanh,
    tanhGrad: (g, s, count) => {
      const vectors = Math.floor(count / lanes), done = vectors * lanes;
      tanhGradVectors(g * bytes, s * bytes, vectors);
      if (done < count) mulTanhDerivative(view, g + done, view, s + done, count - done);
    },
    add: (out, a, b, count) => {
      const vectors = Math.floor(count / lanes), done = vectors * lanes;
      addVectors(out * bytes, a * bytes, b * bytes, vectors);
      if (done < count) addInto(view, a + done, b + done, out + done, count - done);
    },
    columnSums: (x, rows, cols, out) => {
      const vectors = Math.floor(cols / lanes);
      columnSumVectors(x * bytes, rows, cols, out * bytes, vectors);
      // The columns past the last whole vector, each still summed in row order.
      for (let r = 0; r < rows; r++) for (let j = vectors * lanes; j < cols; j++) view[out + j] += view[x + r * cols + j];
    },
    ...gateKernels(view, tanh),
  };
}

/**
 * ks: inner sizes worth specialising (wasm, and native's WebAssembly share). 'native' where the addon
 * is missing throws KernelsUnavailable: a back end asked for never falls back silently.
 */
export function createKernels(name: KernelName, memory: WasmMemory, ks: number[] = [], dtype: FloatType = 'float64'): Kernels {
  if (name === 'js') return jsKernels(memory, dtype);
  if (name === 'wasm') return wasmKernels(memory, ks, dtype);
  const addon = loadNative();
  if ('why' in addon) throw new KernelsUnavailable(`native kernels asked for, but ${addon.why}`);
  return nativeKernels(addon, memory, wasmKernels(memory, ks, dtype), dtype, nativeIsa(), process.env.RNNFLOW_NATIVE_EVERY_SHAPE === '1');
}
