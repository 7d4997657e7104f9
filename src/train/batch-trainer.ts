/**
 * Runs one training iteration on a gathered batch, in the three phases the training graph names:
 * forward (activations and loss), backward (summed gradients), update (optimizer step). The pipeline
 * talks only to this interface, so how the work is done (one thread, or rows split across workers)
 * can change without touching the training graph.
 *
 * Every thread count gives bit-identical results: the rows are cut into fixed blocks of BLOCK_ROWS
 * (workspace.ts), each block's gradient and loss are computed alone, and they are summed in block
 * order, whichever thread computed them. With a batch of 64 rows, 2 threads is all that can help.
 */
import { BatchEngine } from '../model/batch-engine.js';
import { dropoutKey } from '../model/dropout.js';
import { BlockPool } from './parallel/block-pool.js';
import type { Optimizer } from '../model/optimizer.js';
import type { Rnn } from '../model/rnn.js';

export interface BatchTrainer {
  readonly net: Rnn;
  /**
   * x: time-major [T][rows][input]; y: [outputSteps][rows][output]. Returns the loss summed over rows
   * and output steps. With lengths ([rows], variable-length rows), T is steps (default their longest)
   * and only real steps count. iteration: which dropout masks a net with dropout draws (default: the
   * trainer's own count of forwards; the training loop passes the batch's, so a resumed run draws the same).
   */
  forward(x: Float64Array, y: Float64Array, rows: number, lengths?: Int32Array, steps?: number, iteration?: number): number;
  /** Gradients of the last forward's batch, summed over rows and steps, into net.grads. */
  backward(): void;
  /** Applies the optimizer to the last backward's gradients (divided by the batch's rows). */
  update(eta: number): void;
  /** forward + backward + update; returns the loss summed over rows and output steps. */
  step(x: Float64Array, y: Float64Array, rows: number, eta: number, lengths?: Int32Array, steps?: number): number;
  /** Frees workers or other resources; the trainer is unusable afterwards. */
  close(): Promise<void>;
}

/** update() and step() as every trainer does them; subclasses say how forward and backward run. */
abstract class PhasedTrainer implements BatchTrainer {
  /** Rows of the batch in flight (set by forward). */
  protected rows = 0;
  /** Forwards so far: the default iteration of the dropout masks. */
  private forwards = 0;
  constructor(readonly net: Rnn, protected readonly optimizer: Optimizer, private readonly dropoutSeed = 0) {}
  abstract forward(x: Float64Array, y: Float64Array, rows: number, lengths?: Int32Array, steps?: number, iteration?: number): number;
  /** The mask key of a training forward at `iteration` (next by count when absent), or undefined for a net without dropout. */
  protected dropoutKeyFor(iteration: number | undefined): number | undefined {
    this.forwards++;
    return this.net.spec.dropout ? dropoutKey(this.dropoutSeed, iteration ?? this.forwards) : undefined;
  }
  abstract backward(): void;
  abstract close(): Promise<void>;
  update(eta: number): void {
    this.optimizer.step(this.net.params.flat, this.net.grads.flat, this.rows, eta);
  }
  step(x: Float64Array, y: Float64Array, rows: number, eta: number, lengths?: Int32Array, steps?: number): number {
    const loss = this.forward(x, y, rows, lengths, steps);
    this.backward();
    this.update(eta);
    return loss;
  }
}

/** The single-threaded trainer: the engine's own forward, backward and optimizer, in this thread. */
export class SerialTrainer extends PhasedTrainer {
  private y: Float64Array = new Float64Array(0);
  forward(x: Float64Array, y: Float64Array, rows: number, lengths?: Int32Array, steps?: number, iteration?: number): number {
    this.net.forwardBatch(x, rows, lengths, steps, this.dropoutKeyFor(iteration));
    this.y = y;
    this.rows = rows;
    return this.net.lossSum(y);
  }
  backward(): void {
    this.net.backwardBatch(this.y);
  }
  async close(): Promise<void> {}
}

/**
 * Splits each batch's row blocks between this thread and threads − 1 workers sharing one workspace.
 * The trainer keeps its own engine over the net's parameters (the net's own one serves forwardBatch
 * and evaluation), so nothing reaches inside the net. forward() has every thread run forward, loss
 * and backward of its blocks in one handoff (a second handoff would cost as much as a small net's
 * whole backward), so backward() only adds the blocks' gradients: the parameters must not change
 * between the two, as in the training graph.
 */
export class ParallelTrainer extends PhasedTrainer {
  private pool: BlockPool | null = null;
  private retired: BlockPool[] = [];

  constructor(net: Rnn, optimizer: Optimizer, readonly threads: number, dropoutSeed = 0) {
    super(net, optimizer, dropoutSeed);
  }

  forward(x: Float64Array, y: Float64Array, rows: number, lengths?: Int32Array, steps?: number, iteration?: number): number {
    if (!this.pool || this.pool.engine.capacity < rows) {
      // A larger batch than before: a new workspace, and workers that map it.
      if (this.pool) this.retired.push(this.pool);
      const capacity = Math.max(rows, this.pool?.engine.capacity ?? 0);
      this.pool = new BlockPool(new BatchEngine(this.net.spec, capacity, this.net.kernels), this.threads);
    }
    const engine = this.pool.engine;
    engine.loadInputs(this.net.params.flat, x, rows, lengths ?? null, steps, this.dropoutKeyFor(iteration));
    engine.loadLabels(y, rows);
    this.pool.run(rows);
    this.rows = rows;
    return engine.trainedLoss(rows);
  }
  backward(): void {
    this.pool!.engine.sumGradients(this.net.grads.flat, this.rows);
  }
  async close(): Promise<void> {
    const pools = [...this.retired, ...(this.pool ? [this.pool] : [])];
    this.pool = null;
    this.retired = [];
    await Promise.all(pools.map((p) => p.close()));
  }
}

/**
 * threads: 1 (default) runs on the calling thread; n ≥ 2 adds n − 1 worker threads. Same results either way.
 * dropoutSeed: a 32-bit word from the run's seed, the base of every dropout mask (nets with dropout).
 */
export function createBatchTrainer(net: Rnn, optimizer: Optimizer, options: { threads?: number; dropoutSeed?: number } = {}): BatchTrainer {
  const threads = options.threads ?? 1;
  if (!Number.isInteger(threads) || threads < 1) throw new RangeError(`threads: must be an integer ≥ 1, got ${threads}`);
  return threads === 1 ? new SerialTrainer(net, optimizer, options.dropoutSeed) : new ParallelTrainer(net, optimizer, threads, options.dropoutSeed);
}
