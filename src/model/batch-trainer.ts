/**
 * Runs one training iteration on a gathered batch, in the three phases the training graph names:
 * forward (activations and loss), backward (summed gradients), update (optimizer step). The pipeline
 * talks only to this interface, so how the work is done (one thread, or rows split across workers)
 * can change without touching the training graph.
 */
import type { Optimizer } from './optimizer.js';
import type { Rnn } from './rnn.js';

export interface BatchTrainer {
  readonly net: Rnn;
  /** x: time-major [T][rows][input]; y: [outputSteps][rows][output]. Returns the loss summed over rows and output steps. */
  forward(x: Float64Array, y: Float64Array, rows: number): number;
  /** Gradients of the last forward's batch, summed over rows and steps, into net.grads. */
  backward(): void;
  /** Applies the optimizer to the last backward's gradients (divided by the batch's rows). */
  update(eta: number): void;
  /** forward + backward + update; returns the loss summed over rows and output steps. */
  step(x: Float64Array, y: Float64Array, rows: number, eta: number): number;
  /** Frees workers or other resources; the trainer is unusable afterwards. */
  close(): Promise<void>;
}

/** The single-threaded trainer: the engine's own forward, backward and optimizer, in this thread. */
export class SerialTrainer implements BatchTrainer {
  private y: Float64Array = new Float64Array(0);
  private rows = 0;
  constructor(readonly net: Rnn, private readonly optimizer: Optimizer) {}
  forward(x: Float64Array, y: Float64Array, rows: number): number {
    this.net.forwardBatch(x, rows);
    this.y = y;
    this.rows = rows;
    return this.net.lossSum(y);
  }
  backward(): void {
    this.net.backwardBatch(this.y);
  }
  update(eta: number): void {
    this.optimizer.step(this.net.params.flat, this.net.grads.flat, this.rows, eta);
  }
  step(x: Float64Array, y: Float64Array, rows: number, eta: number): number {
    const loss = this.forward(x, y, rows);
    this.backward();
    this.update(eta);
    return loss;
  }
  async close(): Promise<void> {}
}

export function createBatchTrainer(net: Rnn, optimizer: Optimizer, options: { threads?: number } = {}): BatchTrainer {
  const threads = options.threads ?? 1;
  if (threads !== 1) throw new RangeError(`threads: only 1 is available in this build, got ${threads}`);
  return new SerialTrainer(net, optimizer);
}
