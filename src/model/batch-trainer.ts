/**
 * Runs one training iteration (forward, loss, backward, update) on a gathered batch. The pipeline
 * talks only to this interface, so how the work is done (one thread, or rows split across workers)
 * can change without touching the training graph.
 */
import type { Optimizer } from './optimizer.js';
import type { Rnn } from './rnn.js';
import { trainStep } from './train-step.js';

export interface BatchTrainer {
  readonly net: Rnn;
  /** x: time-major [T][rows][input]; y: [outputSteps][rows][output]. Returns the loss summed over rows and output steps. */
  step(x: Float64Array, y: Float64Array, rows: number, eta: number): number;
  /** Frees workers or other resources; the trainer is unusable afterwards. */
  close(): Promise<void>;
}

/** The single-threaded trainer: the engine's own trainStep. */
export class SerialTrainer implements BatchTrainer {
  constructor(readonly net: Rnn, private readonly optimizer: Optimizer) {}
  step(x: Float64Array, y: Float64Array, rows: number, eta: number): number {
    return trainStep(this.net, this.optimizer, x, y, rows, eta);
  }
  async close(): Promise<void> {}
}

export function createBatchTrainer(net: Rnn, optimizer: Optimizer, options: { threads?: number } = {}): BatchTrainer {
  const threads = options.threads ?? 1;
  if (threads !== 1) throw new RangeError(`threads: only 1 is available in this build, got ${threads}`);
  return new SerialTrainer(net, optimizer);
}
