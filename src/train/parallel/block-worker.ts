/**
 * A worker thread of the parallel trainer: maps the trainer's shared workspace and, at each step,
 * runs forward, loss and backward of its share of the row blocks. Writes only its blocks' buffers.
 */
import { workerData } from 'node:worker_threads';
import { BatchEngine } from '../../model/batch-engine.js';
import { blockCount } from '../../model/workspace.js';
import { DONE, EXIT, FAILED, GEN, READY, ROWS, waitChange, type WorkerSetup } from './protocol.js';

const setup = workerData as WorkerSetup;
const ctrl = new Int32Array(setup.control);
let engine: BatchEngine;
try {
  engine = new BatchEngine(setup.spec, setup.capacity, setup.kernels, setup.memory);
} catch (e) {
  // Tell the trainer at once: it is blocked in Atomics.wait and cannot see this thread's 'error' event.
  Atomics.store(ctrl, FAILED, 1);
  Atomics.add(ctrl, READY, 1);
  Atomics.notify(ctrl, READY);
  throw e;
}
Atomics.add(ctrl, READY, 1);
Atomics.notify(ctrl, READY);

let gen = 0; // the control array starts at 0; the trainer may bump GEN before this thread is up
for (;;) {
  gen = waitChange(ctrl, GEN, gen);
  if (Atomics.load(ctrl, EXIT) !== 0) break;
  const rows = Atomics.load(ctrl, ROWS);
  try {
    for (let b = setup.index, nb = blockCount(rows); b < nb; b += setup.threads) engine.trainBlock(b, rows);
  } catch (e) {
    Atomics.store(ctrl, FAILED, 1);
    console.error(`rnnflow block worker ${setup.index}: ${(e as Error).stack ?? e}`);
  }
  Atomics.add(ctrl, DONE, 1);
  Atomics.notify(ctrl, DONE);
}
