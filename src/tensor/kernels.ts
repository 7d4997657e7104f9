/**
 * The matrix products BPTT needs, on one memory addressed by element offsets, in two
 * interchangeable implementations: plain JS loops ('js') and the generated WebAssembly SIMD gemm
 * ('wasm'), which runs on memory that worker threads share. Both accumulate every element in the
 * same order with the same IEEE operations, so they agree bit for bit (a test holds them to it).
 * Each comes in float64 (the default; f64x2) and float32 (f32x4, elements of 4 bytes, Math.fround in
 * the JS loops): float32 is deterministic too, but not the same numbers as float64.
 */
import { matmul, matmulTransAAccumulate } from './matmul.js';
import { matmul32, matmulTransAAccumulate32 } from './matmul32.js';
import { Wasm, type WasmMemory, type WasmModule } from './wasm/api.js';
import { buildModule } from './wasm/emit.js';
import { F32_LANES, F64_LANES, gemmFunction } from './wasm/gemm.js';
import { tanhFunction } from './wasm/tanh.js';
import { tanh32Function } from './wasm/tanh32.js';
import { tanhRange } from './tanh.js';
import { tanh32Range } from './tanh32.js';
import type { FloatType } from './float-array.js';

export type KernelName = 'js' | 'wasm';
export const KERNEL_NAMES: readonly KernelName[] = ['js', 'wasm'];
export { FLOAT_TYPES, type FloatType } from './float-array.js';

export interface Kernels {
  readonly name: KernelName;
  readonly dtype: FloatType;
  /** C[m×n] (= or +=) A[m×k]·B[k×n]; a, b, c are element offsets into mem. */
  mm(a: number, b: number, c: number, m: number, k: number, n: number, accumulate: boolean): void;
  /** C[k×n] += Aᵀ·B with A[m×k], B[m×n]: a weight gradient summed over m rows. */
  mmTA(a: number, b: number, c: number, m: number, k: number, n: number): void;
  /** mem[off..off+count) = tanh of itself (tanh.ts / tanh32.ts, not Math.tanh: same bits on both paths). */
  tanh(off: number, count: number): void;
}

export function jsKernels(memory: WasmMemory, dtype: FloatType = 'float64'): Kernels {
  if (dtype === 'float32') {
    const mem = new Float32Array(memory.buffer);
    return {
      name: 'js', dtype,
      mm: (a, b, c, m, k, n, acc) => matmul32(mem, a, mem, b, mem, c, m, k, n, acc),
      mmTA: (a, b, c, m, k, n) => matmulTransAAccumulate32(mem, a, mem, b, mem, c, m, k, n),
      tanh: (off, count) => tanh32Range(mem, off, count),
    };
  }
  const mem = new Float64Array(memory.buffer);
  return {
    name: 'js', dtype,
    mm: (a, b, c, m, k, n, acc) => matmul(mem, a, mem, b, mem, c, m, k, n, acc),
    mmTA: (a, b, c, m, k, n) => matmulTransAAccumulate(mem, a, mem, b, mem, c, m, k, n),
    tanh: (off, count) => tanhRange(mem, off, count),
  };
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
    const t = dtype === 'float32' ? F32_LANES : F64_LANES, bytes = 1 << t.shift;
    m = new Wasm.Module(buildModule([
      gemmFunction('gemm', undefined, t), gemmFunction('gemmTA', bytes, t),
      ...ks.map((k) => gemmFunction(`gemm${k}`, k * bytes, t)), dtype === 'float32' ? tanh32Function() : tanhFunction(),
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
  const byK: Gemm[] = [];
  for (const k of distinct) byK[k] = instance.exports[`gemm${k}`] as Gemm;
  const tanhVectors = instance.exports.tanh as (ptr: number, vectors: number) => void;
  const f32 = dtype === 'float32', bytes = f32 ? 4 : 8, lanes = f32 ? 4 : 2;
  const tail = f32
    ? ((mem: Float32Array) => (off: number, count: number) => tanh32Range(mem, off, count))(new Float32Array(memory.buffer))
    : ((mem: Float64Array) => (off: number, count: number) => tanhRange(mem, off, count))(new Float64Array(memory.buffer));
  return {
    name: 'wasm', dtype,
    mm: (a, b, c, m, k, n, acc) => (byK[k] ?? gemm)(a * bytes, b * bytes, c * bytes, m, k, n, k * bytes, bytes, acc ? 1 : 0),
    mmTA: (a, b, c, m, k, n) => {
      // In slices of the m rows, each C element still summed in row order (the same bits).
      const slice = mmTASlice(k, n);
      for (let r = 0; r < m; r += slice) gemmTA((a + r * k) * bytes, (b + r * n) * bytes, c * bytes, k, Math.min(slice, m - r), n, bytes, k * bytes, 1);
    },
    tanh: (off, count) => {
      const vectors = Math.floor(count / lanes), done = vectors * lanes;
      tanhVectors(off * bytes, vectors);
      if (done < count) tail(off + done, count - done);
    },
  };
}

/** ks: inner sizes worth specialising (wasm only). */
export function createKernels(name: KernelName, memory: WasmMemory, ks: number[] = [], dtype: FloatType = 'float64'): Kernels {
  return name === 'wasm' ? wasmKernels(memory, ks, dtype) : jsKernels(memory, dtype);
}
