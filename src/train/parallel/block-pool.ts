/**
 * Worker threads that share one engine's workspace and split each batch's row blocks with the calling
 * thread. Blocks are assigned round-robin (thread k runs blocks k, k+threads, …), but the results do
 * not depend on it: every block's gradient lands in its own buffer and is summed in block order.
 */
import { Worker } from 'node:worker_threads';
import type { BatchEngine } from '../../model/batch-engine.js';
import { blockCount } from '../../model/workspace.js';
import { DONE, EXIT, FAILED, GEN, READY, ROWS, SLOTS, STARTUP_TIMEOUT_MS, waitAtLeast, waitChange, type WorkerSetup } from './protocol.js';

export class BlockPool {
  private readonly ctrl = new Int32Array(new SharedArrayBuffer(SLOTS * 4));
  private readonly workers: Worker[];
  private readonly exited: Promise<unknown>[];
  private started = false;

  /** threads ≥ 2: the calling thread plus threads − 1 workers. */
  constructor(readonly engine: BatchEngine, readonly threads: number) {
    const { spec, capacity, kernelName, ws } = engine;
    this.workers = Array.from({ length: threads - 1 }, (_, i) => {
      const setup: WorkerSetup = {
        spec, capacity, kernels: kernelName, memory: ws.memory, control: this.ctrl.buffer as SharedArrayBuffer,
        index: i + 1, threads,
      };
      const w = new Worker(new URL('./block-worker.js', import.meta.url), { workerData: setup });
      w.unref(); // an unclosed trainer must not keep the process alive
      return w;
    });
    this.exited = this.workers.map((w) => new Promise((resolve) => w.once('exit', resolve)));
  }

  /**
   * Forward, loss and backward of every block of the loaded batch; block b's loss is left in
   * ws.losses[b] and its gradient in its g. Returns when all threads are done.
   */
  run(rows: number): void {
    if (!this.started) this.awaitStartup();
    const { ctrl, engine } = this;
    Atomics.store(ctrl, ROWS, rows);
    Atomics.store(ctrl, DONE, 0);
    Atomics.add(ctrl, GEN, 1);
    Atomics.notify(ctrl, GEN);
    for (let b = 0, nb = blockCount(rows); b < nb; b += this.threads) engine.trainBlock(b, rows);
    let done = Atomics.load(ctrl, DONE);
    while (done < this.workers.length) done = waitChange(ctrl, DONE, done);
    if (Atomics.load(ctrl, FAILED) !== 0) throw new Error('a block worker failed (its error is on stderr); the trainer cannot continue');
  }

  /** Blocks until every worker has set up; throws if one failed or none answered in time. */
  private awaitStartup(): void {
    const ok = waitAtLeast(this.ctrl, READY, this.workers.length, STARTUP_TIMEOUT_MS);
    if (!ok) throw new Error(`the parallel trainer's ${this.workers.length} worker thread(s) did not start within ${STARTUP_TIMEOUT_MS / 1000} s; run with train.threads 1`);
    if (Atomics.load(this.ctrl, FAILED) !== 0) throw new Error('a block worker failed to start (its error is on stderr); run with train.threads 1');
    this.started = true;
  }

  async close(): Promise<void> {
    Atomics.store(this.ctrl, EXIT, 1);
    Atomics.add(this.ctrl, GEN, 1);
    Atomics.notify(this.ctrl, GEN);
    for (const w of this.workers) w.ref();
    await Promise.all(this.exited);
  }
}
