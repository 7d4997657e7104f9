/**
 * The back ends a bit-identity test compares: js (the reference), wasm, and native at every
 * instruction-set level this CPU runs (RNNFLOW_NATIVE_ISA's values), each native one with every
 * shape sent to the addon (no WebAssembly share for small products), so small test shapes exercise
 * the native code. Where the addon was not built a native test skips with one line saying how to
 * build it, and under CI=true fails instead (CI builds it).
 */
import { createKernels, type FloatType, type KernelName, type Kernels } from '../../src/tensor/kernels.js';
import { nativeStatus } from '../../src/tensor/backend.js';
import { loadNative, type NativeIsa } from '../../src/tensor/native/addon.js';
import type { WasmMemory } from '../../src/tensor/wasm/api.js';
import { MissingUnderCi, requireOrSkip, requirementLine, underCi, type Requirement } from './requires.js';

/** What the native tests need (test/helpers/requires.ts: skipped with this line, failed under CI). */
export const NATIVE_REQUIREMENT: Requirement = { missing: 'the native kernels\' addon is not built', fix: 'install g++ and make, then npm ci' };

/** The levels to test: every one this CPU runs, or none where the addon is missing (after the one line, or the CI failure). */
export function nativeIsas(ctx?: Mocha.Context): NativeIsa[] {
  const status = nativeStatus();
  if (status.ok) return (loadNative() as { isas(): NativeIsa[] }).isas();
  const requirement = { ...NATIVE_REQUIREMENT, missing: `${NATIVE_REQUIREMENT.missing} (${status.why})` };
  if (ctx) requireOrSkip(ctx, false, requirement);
  else if (underCi()) throw new MissingUnderCi(requirementLine(requirement, true));
  return [];
}

/** Runs fn with RNNFLOW_NATIVE_ISA and RNNFLOW_NATIVE_EVERY_SHAPE set (worker threads started inside inherit them). */
export async function withNative<T>(isa: NativeIsa, fn: () => T | Promise<T>): Promise<T> {
  const keep = { isa: process.env.RNNFLOW_NATIVE_ISA, every: process.env.RNNFLOW_NATIVE_EVERY_SHAPE };
  process.env.RNNFLOW_NATIVE_ISA = isa;
  process.env.RNNFLOW_NATIVE_EVERY_SHAPE = '1';
  try {
    return await fn();
  } finally {
    restore('RNNFLOW_NATIVE_ISA', keep.isa);
    restore('RNNFLOW_NATIVE_EVERY_SHAPE', keep.every);
  }
}

function restore(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

/** Synchronous withNative, for kernels made and run in one go. */
export function nativeKernelsAt(isa: NativeIsa, memory: WasmMemory, ks: number[], dtype: FloatType): Kernels {
  const keep = { isa: process.env.RNNFLOW_NATIVE_ISA, every: process.env.RNNFLOW_NATIVE_EVERY_SHAPE };
  process.env.RNNFLOW_NATIVE_ISA = isa;
  process.env.RNNFLOW_NATIVE_EVERY_SHAPE = '1';
  try {
    return createKernels('native', memory, ks, dtype);
  } finally {
    restore('RNNFLOW_NATIVE_ISA', keep.isa);
    restore('RNNFLOW_NATIVE_EVERY_SHAPE', keep.every);
  }
}

/** wasm and every native level over one memory: the back ends held to js's bits. */
export function backendsUnderTest(memory: WasmMemory, ks: number[], dtype: FloatType): Kernels[] {
  return [createKernels('wasm', memory, ks, dtype), ...nativeIsas().map((isa) => nativeKernelsAt(isa, memory, ks, dtype))];
}

/** 'wasm', 'native avx2' …: a back end's name in a failure message. */
export const label = (k: Kernels): string => (k.isa ? `${k.name} ${k.isa}` : k.name);

/** The kernels a test of back end `name` runs: one, or native at every level (skipped with one line where not built). */
export function kernelsNamed(ctx: Mocha.Context, name: KernelName, memory: WasmMemory, ks: number[], dtype: FloatType): Kernels[] {
  return name === 'native' ? nativeIsas(ctx).map((isa) => nativeKernelsAt(isa, memory, ks, dtype)) : [createKernels(name, memory, ks, dtype)];
}

/** In a describe: RNNFLOW_NATIVE_EVERY_SHAPE=1 for its tests (nets made there send every call to the addon). */
export function everyShapeNative(): void {
  let keep: string | undefined;
  before(() => { keep = process.env.RNNFLOW_NATIVE_EVERY_SHAPE; process.env.RNNFLOW_NATIVE_EVERY_SHAPE = '1'; });
  after(() => restore('RNNFLOW_NATIVE_EVERY_SHAPE', keep));
}
