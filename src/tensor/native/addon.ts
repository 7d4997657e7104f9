/**
 * The native kernels' addon (native/, built by `npm ci`: scripts/build-native.mjs): found, loaded
 * once per thread, typed. Where it was not built (no compiler, a failed build) load says why, and
 * the back end choice (../backend.ts) falls to WebAssembly unless native was asked for.
 */
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { packageDir } from '../../core/paths.js';
import type { FloatType } from '../float-array.js';
import type { GateKernels } from '../gate-kernels-api.js';

/** Instruction-set levels, lowest first: x86-64's SSE2, AVX2, AVX-512 (F). */
export type NativeIsa = 'sse' | 'avx2' | 'avx512';
export const NATIVE_ISAS: readonly NativeIsa[] = ['sse', 'avx2', 'avx512'];

/** One level's kernels bound to a memory: element offsets and sizes, every range checked by the addon. */
export interface BoundNative extends GateKernels {
  readonly isa: NativeIsa;
  /** Elements per vector at this level and dtype (AVX-512: 8 float64, 16 float32). */
  readonly lanes: number;
  mm(a: number, b: number, c: number, m: number, k: number, n: number, accumulate: boolean): void;
  mmB(a: number, b: number, c: number, m: number, k: number, n: number, accumulate: boolean): void;
  mmBRow(a: number, b: number, c: number, m: number, k: number, n: number, row: number): void;
  mmTA(a: number, b: number, c: number, m: number, k: number, n: number): void;
  prepareB(src: number, rows: number, cols: number, transposed: boolean, dst: number): void;
  tanh(off: number, count: number): void;
  tanhGrad(g: number, s: number, count: number): void;
  add(out: number, a: number, b: number, count: number): void;
  columnSums(x: number, rows: number, cols: number, out: number): void;
}

export interface NativeAddon {
  bind(view: Uint8Array, dtype: FloatType, isa: NativeIsa): BoundNative;
  /** The levels this CPU runs, lowest first. */
  isas(): NativeIsa[];
  /** The multiply-add peak loop (bench/native-peak.ts). */
  peak(isa: NativeIsa, dtype: FloatType, iterations: number): { multiplyAdds: number; check: number };
}

/** Where `npm ci` leaves the addon; RNNFLOW_NATIVE_ADDON names another build (or a missing one, as the tests do). */
export const ADDON_PATH = process.env.RNNFLOW_NATIVE_ADDON || join(packageDir, 'native', 'build', 'Release', 'rnnflow_native.node');

let loaded: NativeAddon | { why: string } | undefined;

/** The addon, or why it cannot be used here. */
export function loadNative(): NativeAddon | { why: string } {
  if (loaded) return loaded;
  if (!existsSync(ADDON_PATH)) {
    loaded = { why: `the native kernels were not built (${ADDON_PATH} is missing: npm ci builds them where a C++ compiler is found; its log says why not)` };
  } else {
    try {
      loaded = createRequire(import.meta.url)(ADDON_PATH) as NativeAddon;
    } catch (e) {
      loaded = { why: `the native kernels at ${ADDON_PATH} failed to load (${(e as Error).message}); rebuild them with npm ci` };
    }
  }
  return loaded;
}
