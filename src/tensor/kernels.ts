/**
 * The matrix products BPTT needs, on one Float64Array `mem` addressed by element offsets, in two
 * interchangeable implementations: plain JS loops ('js') and the generated WebAssembly SIMD gemm
 * ('wasm'), which runs on memory that worker threads share. Both accumulate every element in the
 * same order with the same IEEE operations, so they agree bit for bit (a test holds them to it).
 */
import { matmul, matmulTransAAccumulate } from './matmul.js';
import { Wasm, type WasmMemory, type WasmModule } from './wasm/api.js';
import { buildModule } from './wasm/emit.js';
import { gemmFunction } from './wasm/gemm.js';
import { tanhFunction } from './wasm/tanh.js';
import { tanhRange } from './tanh.js';

export type KernelName = 'js' | 'wasm';
export const KERNEL_NAMES: readonly KernelName[] = ['js', 'wasm'];

export interface Kernels {
  readonly name: KernelName;
  /** C[m×n] (= or +=) A[m×k]·B[k×n]; a, b, c are element offsets into mem. */
  mm(a: number, b: number, c: number, m: number, k: number, n: number, accumulate: boolean): void;
  /** C[k×n] += Aᵀ·B with A[m×k], B[m×n]: a weight gradient summed over m rows. */
  mmTA(a: number, b: number, c: number, m: number, k: number, n: number): void;
  /** mem[off..off+count) = tanh of itself (the algorithm of tanh.ts, not Math.tanh: same bits on both paths). */
  tanh(off: number, count: number): void;
}

export function jsKernels(mem: Float64Array): Kernels {
  return {
    name: 'js',
    mm: (a, b, c, m, k, n, acc) => matmul(mem, a, mem, b, mem, c, m, k, n, acc),
    mmTA: (a, b, c, m, k, n) => matmulTransAAccumulate(mem, a, mem, b, mem, c, m, k, n),
    tanh: (off, count) => tanhRange(mem, off, count),
  };
}

const modules = new Map<string, WasmModule>();
/**
 * The module for products with these inner sizes k: a generic gemm, Aᵀ·B with its rows 8 bytes
 * apart, and A·B specialised for each k (rows k·8 bytes apart). Compiled once per thread and set of k.
 */
function gemmModule(ks: number[]): WasmModule {
  const key = ks.join(',');
  let m = modules.get(key);
  if (!m) {
    m = new Wasm.Module(buildModule([
      gemmFunction(), gemmFunction('gemmTA', 8), ...ks.map((k) => gemmFunction(`gemm${k}`, k * 8)), tanhFunction(),
    ]));
    modules.set(key, m);
  }
  return m;
}

/**
 * Rows of A and B per call of Aᵀ·B: about 128 KiB of them, so a slice stays in L2 while every 4×4
 * block of C walks it. Unsliced, each block of C walked all m rows of A and B (≈ 3 MiB for dW at
 * 64/256/10, from L3). Sliced, dW at 64/256/10 ran 10.5 → 15.3 GFLOP/s and at 8/128/6 13 → 18
 * (CPU time, this machine; small nets unchanged).
 */
export function mmTASlice(k: number, n: number): number {
  return Math.max(8, Math.floor(16384 / (k + n)));
}

type Gemm = (l: number, r: number, c: number, rowsC: number, red: number, colsC: number, lI: number, lP: number, acc: number) => void;

/**
 * memory must be shared (the module imports a shared memory, so workers can use it too);
 * ks: the inner sizes of the A·B products to specialise (the net's input, hidden and output sizes).
 */
export function wasmKernels(memory: WasmMemory, ks: number[] = []): Kernels {
  const distinct = [...new Set(ks)].sort((a, b) => a - b);
  const instance = new Wasm.Instance(gemmModule(distinct), { env: { memory } });
  const gemm = instance.exports.gemm as Gemm;
  const gemmTA = instance.exports.gemmTA as Gemm;
  // Indexed by k: the specialised A·B, or the generic one.
  const byK: Gemm[] = [];
  for (const k of distinct) byK[k] = instance.exports[`gemm${k}`] as Gemm;
  const tanhPairs = instance.exports.tanh as (ptr: number, pairs: number) => void;
  const mem = new Float64Array(memory.buffer);
  return {
    name: 'wasm',
    mm: (a, b, c, m, k, n, acc) => (byK[k] ?? gemm)(a * 8, b * 8, c * 8, m, k, n, k * 8, 8, acc ? 1 : 0),
    mmTA: (a, b, c, m, k, n) => {
      // In slices of the m rows, each C element still summed in row order (the same bits).
      const slice = mmTASlice(k, n);
      for (let r = 0; r < m; r += slice) gemmTA((a + r * k) * 8, (b + r * n) * 8, c * 8, k, Math.min(slice, m - r), n, 8, k * 8, 1);
    },
    tanh: (off, count) => {
      const pairs = count >> 1;
      tanhPairs(off * 8, pairs);
      if (count & 1) tanhRange(mem, off + 2 * pairs, 1);
    },
  };
}

/** ks: inner sizes worth specialising (wasm only). */
export function createKernels(name: KernelName, memory: WasmMemory, ks: number[] = []): Kernels {
  return name === 'wasm' ? wasmKernels(memory, ks) : jsKernels(new Float64Array(memory.buffer));
}
