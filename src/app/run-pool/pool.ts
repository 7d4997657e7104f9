/**
 * Executors run trials: on a piscina pool of worker threads (the sweep's default), or in this
 * thread one after another (tests, debugging). The sweep decides what runs when; an executor only
 * runs what it is given.
 */
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import { runTrialTask, type TrialTask, type TrialTaskResult } from './trial-task.js';

export type TrialInput = Omit<TrialTask, 'stop'>;

export interface TrialExecutor {
  /** How many trials it runs at once. */
  readonly capacity: number;
  /** Never rejects: a crash comes back as { ok: false }. */
  run(task: TrialInput): Promise<TrialTaskResult>;
  /** Asks running trials to stop after their current batch (each ends 'interrupted', with its summary). */
  stop(): void;
  /** Ends running trials at once (a second Ctrl-C); their results are lost and they count as interrupted. */
  terminate(): Promise<void>;
  close(): Promise<void>;
}

/** parallel ≤ 0 means one per core. */
export function resolveParallel(parallel: number | undefined): number {
  return parallel && parallel > 0 ? parallel : availableParallelism();
}

export function createWorkerPool(parallel: number): TrialExecutor {
  const stop = new Int32Array(new SharedArrayBuffer(4));
  const pool = new Piscina<TrialTask, TrialTaskResult>({
    filename: new URL('./worker.js', import.meta.url).href,
    minThreads: 0,
    maxThreads: parallel,
    concurrentTasksPerWorker: 1,
    // A trial is long; keeping idle workers for reuse across trials saves module loading.
    idleTimeout: 60_000,
  });
  return {
    capacity: parallel,
    async run(task) {
      try {
        return await pool.run({ ...task, stop });
      } catch (e) {
        return { ok: false, error: `the trial's worker thread stopped: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`, user: false };
      }
    },
    stop: () => Atomics.store(stop, 0, 1),
    terminate: () => pool.destroy(),
    close: () => pool.close(),
  };
}

/** Runs trials here, one at a time: no threads, same code path inside the trial. */
export function createInProcessExecutor(): TrialExecutor {
  const stop = new Int32Array(new SharedArrayBuffer(4));
  return {
    capacity: 1,
    run: (task) => runTrialTask({ ...task, stop }),
    stop: () => Atomics.store(stop, 0, 1),
    terminate: async () => { Atomics.store(stop, 0, 1); },
    close: async () => {},
  };
}
