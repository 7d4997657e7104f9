/**
 * A worker thread of the parallel trainer: maps the trainer's shared workspace and, at each step,
 * runs forward, loss and backward of its share of the row blocks. Writes only its blocks' buffers.
 */
import { workerData } from 'node:worker_threads';
import { BlockBptt } from '../../model/bptt.js';
import { outputHead } from '../../model/losses.js';
import { blockCount, Workspace } from '../../model/workspace.js';
import { createKernels } from '../../tensor/kernels.js';
import { DONE, EXIT, FAILED, GEN, READY, ROWS, waitChange, type WorkerSetup } from './protocol.js';

const setup = workerData as WorkerSetup;
const ctrl = new Int32Array(setup.control);
let ws: Workspace;
let bptt: BlockBptt;
try {
  ws = new Workspace(setup.spec, setup.capacity, setup.memory);
  bptt = new BlockBptt(setup.spec, ws, createKernels(setup.kernels, ws.memory, [setup.spec.inputSize, setup.spec.hiddenSize, setup.spec.outputSize]), outputHead(setup.spec.netType));
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
    for (let b = setup.index, nb = blockCount(rows); b < nb; b += setup.threads) {
      bptt.forward(b, rows);
      ws.mem[ws.loss + b] = bptt.loss(b, rows);
      bptt.backward(b, rows);
    }
  } catch (e) {
    Atomics.store(ctrl, FAILED, 1);
    console.error(`rnnflow block worker ${setup.index}: ${(e as Error).stack ?? e}`);
  }
  Atomics.add(ctrl, DONE, 1);
  Atomics.notify(ctrl, DONE);
}
