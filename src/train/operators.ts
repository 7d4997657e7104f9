/**
 * The training graph's three compute stages as RxJS operators over the reused Batch:
 * forward (activations and loss), backward (gradients summed over rows and steps), update (the
 * optimizer step with the scheduled learning rate). Each is a synchronous map that hands the same
 * batch on, so the graph reads as the chapter's loop without copying anything.
 */
import { map, type OperatorFunction } from 'rxjs';
import type { BatchTrainer } from './batch-trainer.js';
import type { Batch } from './batches.js';

/** a = net(x); batch.lossSum = Σ loss over rows and output steps. */
export function forward(trainer: BatchTrainer): OperatorFunction<Batch, Batch> {
  return map((batch) => {
    batch.lossSum = trainer.forward(batch.x, batch.y, batch.rows, batch.lengths, batch.steps, batch.iteration);
    return batch;
  });
}

/** Back-propagation through time into the trainer's gradient buffers. */
export function backward(trainer: BatchTrainer): OperatorFunction<Batch, Batch> {
  return map((batch) => {
    trainer.backward();
    return batch;
  });
}

/** params −= optimizer(grad / rows) at the learning rate etaAt(epoch). */
export function update(trainer: BatchTrainer, etaAt: (epoch: number) => number): OperatorFunction<Batch, Batch> {
  return map((batch) => {
    batch.eta = etaAt(batch.epoch);
    trainer.update(batch.eta);
    return batch;
  });
}
