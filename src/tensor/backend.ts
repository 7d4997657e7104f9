/**
 * Which kernels a thread runs: a property of the machine, not of the experiment (an experiment
 * field would change trial ids and split a sweep across machines). All three give the same bits.
 *
 *   RNNFLOW_KERNELS=native|wasm|js   forces one (the CLI's --kernels sets it); asking for native
 *                                    where the addon is missing is an error, never a silent fallback
 *   RNNFLOW_NATIVE_ISA=sse|avx2|avx512  forces a lower instruction-set level (so every level's bits
 *                                    are tested on one machine); above what the CPU runs is an error
 *   neither:                         native at the CPU's highest level where the addon was built, else wasm
 *   RNNFLOW_NATIVE_EVERY_SHAPE=1     native kernels take every call, however small (tests: otherwise
 *                                    small ones go to WebAssembly, native/kernels.ts)
 *
 * Worker threads inherit the environment, so every thread of a run makes the same choice (a prepared
 * operand's layout depends on it).
 */
import { UserError } from '../core/errors.js';
import { loadNative, NATIVE_ISAS, type NativeIsa } from './native/addon.js';

export type KernelName = 'native' | 'wasm' | 'js';
export const KERNEL_NAMES: readonly KernelName[] = ['native', 'wasm', 'js'];

/** A back end that cannot run as asked: the message says what was asked and how to fix it (exit 2). */
export class KernelsUnavailable extends UserError {}

/** RNNFLOW_KERNELS, checked; undefined when unset. */
export function requestedKernels(env: NodeJS.ProcessEnv = process.env): KernelName | undefined {
  const value = env.RNNFLOW_KERNELS;
  if (value === undefined || value === '') return undefined;
  if (!(KERNEL_NAMES as readonly string[]).includes(value)) {
    throw new KernelsUnavailable(`RNNFLOW_KERNELS=${value}: use one of ${KERNEL_NAMES.join(', ')} (or unset it: native where built, else wasm)`);
  }
  return value as KernelName;
}

/** Whether the native kernels can run here, and if not, why. */
export function nativeStatus(): { ok: true } | { ok: false; why: string } {
  const addon = loadNative();
  return 'why' in addon ? { ok: false, why: addon.why } : { ok: true };
}

/** The back end a thread runs when none is named in code: RNNFLOW_KERNELS, else native where built, else wasm. */
export function machineKernels(env: NodeJS.ProcessEnv = process.env): KernelName {
  return requestedKernels(env) ?? (nativeStatus().ok ? 'native' : 'wasm');
}

/** The instruction-set level native kernels run at: RNNFLOW_NATIVE_ISA, else the CPU's highest. */
export function nativeIsa(env: NodeJS.ProcessEnv = process.env): NativeIsa {
  const addon = loadNative();
  if ('why' in addon) throw new KernelsUnavailable(`native kernels asked for, but ${addon.why}`);
  const runs = addon.isas();
  const value = env.RNNFLOW_NATIVE_ISA;
  if (value === undefined || value === '') return runs[runs.length - 1];
  if (!(NATIVE_ISAS as readonly string[]).includes(value)) {
    throw new KernelsUnavailable(`RNNFLOW_NATIVE_ISA=${value}: use one of ${NATIVE_ISAS.join(', ')}`);
  }
  if (!runs.includes(value as NativeIsa)) {
    throw new KernelsUnavailable(`RNNFLOW_NATIVE_ISA=${value}: this CPU runs only ${runs.join(', ')}`);
  }
  return value as NativeIsa;
}

/** What ran, for run.json and the bench's rows: 'native avx512', 'wasm', 'js'. */
export function kernelsLabel(name: KernelName, env: NodeJS.ProcessEnv = process.env): string {
  return name === 'native' ? `native ${nativeIsa(env)}` : name;
}
