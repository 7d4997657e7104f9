/**
 * The handoff between the trainer thread and its block workers: a few Int32 slots in a
 * SharedArrayBuffer, driven with Atomics.wait/notify because BatchTrainer.step() is synchronous.
 *
 *   trainer: writes rows, clears DONE, bumps GEN, notifies; runs its own blocks; waits for DONE.
 *   worker k: waits for GEN to change; runs blocks k, k+threads, …; adds 1 to DONE, notifies.
 */
import type { KernelName } from '../../tensor/kernels.js';
import type { RnnSpec } from '../../model/spec.js';
import type { WasmMemory } from '../../tensor/wasm/api.js';

/** Slot indices in the control array. READY counts workers that finished setting up (or failed to). */
export const GEN = 0, ROWS = 1, DONE = 2, FAILED = 3, EXIT = 4, READY = 5, SLOTS = 6;

/** How long the trainer waits for its workers to start before it gives up with an error instead of hanging. */
export const STARTUP_TIMEOUT_MS = 30_000;

/** Spins this many polls before sleeping in Atomics.wait: a step of a small net is ~100 µs, and a
 *  futex wake costs tens of µs, so a short spin keeps the handoff cheap; after it, no CPU is burnt. */
export const SPIN_POLLS = 20000;

/** What a worker needs to map the trainer's workspace. */
export interface WorkerSetup {
  spec: RnnSpec;
  capacity: number;
  kernels: KernelName;
  memory: WasmMemory;
  control: SharedArrayBuffer;
  /** This worker's place among the threads (the trainer thread is 0). */
  index: number;
  threads: number;
}

/** Waits until ctrl[slot] differs from `value` (spin first, then sleep); returns the new value. */
export function waitChange(ctrl: Int32Array, slot: number, value: number): number {
  for (let i = 0; i < SPIN_POLLS; i++) {
    const v = Atomics.load(ctrl, slot);
    if (v !== value) return v;
  }
  for (;;) {
    Atomics.wait(ctrl, slot, value);
    const v = Atomics.load(ctrl, slot);
    if (v !== value) return v;
  }
}

/**
 * Waits until ctrl[slot] ≥ target or timeoutMs passes; returns whether it got there. Used once, for
 * worker start-up: a worker whose module fails to load never reports, and the blocked trainer thread
 * cannot see its 'error' event, so only a deadline turns that into an error rather than a hang.
 */
export function waitAtLeast(ctrl: Int32Array, slot: number, target: number, timeoutMs: number): boolean {
  const deadline = Date.now() + timeoutMs;
  for (let v = Atomics.load(ctrl, slot); v < target; v = Atomics.load(ctrl, slot)) {
    const left = deadline - Date.now();
    if (left <= 0) return false;
    Atomics.wait(ctrl, slot, v, Math.min(left, 100));
  }
  return true;
}
