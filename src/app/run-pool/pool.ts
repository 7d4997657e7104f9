/**
 * The executor seam: a sweep plans its trials and hands each to an executor, which runs it and
 * answers with the trial's result. Executors: a piscina pool of worker threads (the default), this
 * thread one trial after another (tests, debugging), and BullMQ workers on Redis (src/app/queue/).
 * The sweep decides what runs when; an executor only runs what it is given.
 */
import { once } from 'node:events';
import { availableParallelism } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { runTrialTask, type SavedState, type TrialProgress, type TrialTask, type TrialTaskResult } from './trial-task.js';

export type TrialInput = Omit<TrialTask, 'stop' | 'progress'>;

/** What an executor tells the sweep about one trial while it runs. */
export interface TrialHooks {
  /** The trial began to train (on a queue: a worker took it); called at most once. */
  started?(): void;
  /** Epochs so far and the latest losses, at most about once a second. */
  progress?(p: TrialProgress): void;
  /** The run folder as of a saved training state (only for tasks with shipState). */
  stateSaved?(s: SavedState): void;
}

export interface TrialExecutor {
  /** How many trials it runs at once (a queue takes every trial at once: its workers decide). */
  readonly capacity: number;
  /** Where trials run, for the sweep's first line, e.g. "2 at a time" or "on redis://…". */
  readonly where?: string;
  /** Never rejects: a crash comes back as { ok: false }. */
  run(task: TrialInput, hooks?: TrialHooks): Promise<TrialTaskResult>;
  /** The sweep wrote the trial's outcome: whatever the executor kept for it may go. */
  recorded?(id: string): Promise<void>;
  /** Asks running trials to stop after their current batch (each ends 'interrupted', with its summary). */
  stop(): void;
  /** Ends running trials at once (a second Ctrl-C); their results are lost and they count as interrupted. */
  terminate(): Promise<void>;
  close(): Promise<void>;
}

/** What an executor may need to know about the sweep it serves. */
export interface SweepContext {
  /** The sweep folder (absolute). */
  dir: string;
  name: string;
  /** A line for the sweep's live view. */
  message(text: string): void;
}

export type ExecutorFactory = (parallel: number, sweep: SweepContext) => TrialExecutor | Promise<TrialExecutor>;

/** parallel ≤ 0 means one per core. */
export function resolveParallel(parallel: number | undefined): number {
  return parallel && parallel > 0 ? parallel : availableParallelism();
}

/** A flag a trial polls: non-zero asks it to stop after its current batch. */
export function stopFlag(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(4));
}

/** Worker threads; `stop` may be given per trial (a queue worker stops one sweep's trials, not all). */
export interface WorkerPool extends TrialExecutor {
  run(task: TrialInput & { stop?: Int32Array }, hooks?: TrialHooks): Promise<TrialTaskResult>;
}

export function createWorkerPool(parallel: number): WorkerPool {
  const stop = stopFlag();
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
    where: `${parallel} at a time`,
    run: (task, hooks = {}) => withProgress(hooks, async (progress) => {
      try {
        return await pool.run({ ...task, stop: task.stop ?? stop, progress }, { transferList: progress ? [progress] : [] });
      } catch (e) {
        return { ok: false, error: `the trial's worker thread stopped: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`, user: false };
      }
    }),
    stop: () => Atomics.store(stop, 0, 1),
    terminate: () => pool.destroy(),
    close: () => pool.close(),
  };
}

/** Runs trials here, one at a time: no threads, same code path inside the trial. */
export function createInProcessExecutor(): TrialExecutor {
  const stop = stopFlag();
  return {
    capacity: 1,
    where: '1 at a time, in process',
    run: (task, hooks = {}) => withProgress(hooks, (progress) => runTrialTask({ ...task, stop, progress })),
    stop: () => Atomics.store(stop, 0, 1),
    terminate: async () => { Atomics.store(stop, 0, 1); },
    close: async () => {},
  };
}

/** Starts a trial with a port its progress comes back on (when anyone listens), closed when it ends. */
async function withProgress<T>(hooks: TrialHooks, run: (port: MessagePort | undefined) => Promise<T>): Promise<T> {
  hooks.started?.();
  const channel = hooks.progress || hooks.stateSaved ? new MessageChannel() : undefined;
  channel?.port1.on('message', (m: TrialProgress | SavedState) => {
    if ('kind' in m) hooks.stateSaved?.(m);
    else hooks.progress?.(m);
  });
  const closed = channel && once(channel.port1, 'close');
  try {
    return await run(channel?.port2);
  } finally {
    // The trial's progress sink closes its end after its last message: wait for that, so no report is
    // lost (briefly: a trial that failed before its sinks existed never closes it).
    if (closed) await Promise.race([closed, sleep(PORT_DRAIN_MS)]);
    channel?.port1.close();
  }
}

const PORT_DRAIN_MS = 200;
