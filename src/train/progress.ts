/**
 * A run's progress, owned by one object and changed only through its methods (the batch source asks
 * it whether to stop, the after-batch stage records batches and checks, the finish stage reads it):
 * iterations done (and from them the epoch convention of every event), the last validation check, the
 * current epoch's training loss, how many evaluations were emitted (metrics.csv rows), and whether
 * and why training ends. Its durable part is `position`, saved in the TrainingState.
 */
import type { RunStatus } from '../events/run-event.js';

/** Why training ended before its last epoch: the first ending recorded wins. */
export interface Ending { status: Extract<RunStatus, 'early-stopped' | 'pruned' | 'diverged' | 'failed' | 'interrupted'>; reason: string }

/** What of a run's progress a TrainingState keeps (everything but timing and the ending). */
export interface ProgressState {
  /** Iterations (batches) done over the whole run. */
  iteration: number;
  /** Iteration of the last validation check, 0 before any. */
  lastCheckIteration: number;
  /** Σ loss and rows of the current epoch's batches so far (for the epoch event's trainLoss). */
  epochLossSum: number;
  epochSamples: number;
  /** Eval events emitted so far: metrics.csv holds one row per eval. */
  evaluations: number;
}

export class RunProgress {
  private state: ProgressState = { iteration: 0, lastCheckIteration: 0, epochLossSum: 0, epochSamples: 0, evaluations: 0 };
  private endedBy: Ending | null = null;
  private epochStarted = performance.now();

  constructor(readonly iterationsPerEpoch: number) {}

  get iteration(): number { return this.state.iteration; }
  /** The convention of every event and of metrics.csv: epochs completed, fractional (1.5 = halfway through the second). */
  get epoch(): number { return this.state.iteration / this.iterationsPerEpoch; }
  /** 0-based index of the epoch the next batch belongs to, and that batch's 0-based position in it. */
  get epochIndex(): number { return Math.floor(this.state.iteration / this.iterationsPerEpoch); }
  get batchInEpoch(): number { return this.state.iteration - this.epochIndex * this.iterationsPerEpoch; }
  get lastCheckIteration(): number { return this.state.lastCheckIteration; }
  get ending(): Ending | null { return this.endedBy; }

  /** Records a trained batch; returns true when it was the last of its epoch. */
  batchDone(iteration: number, lossSum: number, rows: number): boolean {
    if (iteration !== this.state.iteration + 1) throw new Error(`batch ${iteration} follows iteration ${this.state.iteration}`);
    this.state.iteration = iteration;
    this.state.epochLossSum += lossSum;
    this.state.epochSamples += rows;
    return this.batchInEpoch === 0;
  }

  /** Closes the epoch just finished: its seconds, throughput and mean training loss. */
  epochDone(): { seconds: number; samplesPerSecond: number; trainLoss: number } {
    const seconds = (performance.now() - this.epochStarted) / 1000;
    const { epochLossSum, epochSamples } = this.state;
    this.state.epochLossSum = 0;
    this.state.epochSamples = 0;
    this.epochStarted = performance.now();
    return { seconds, samplesPerSecond: epochSamples / seconds, trainLoss: epochLossSum / epochSamples };
  }

  checked(): void { this.state.lastCheckIteration = this.state.iteration; }
  evaluated(): void { this.state.evaluations++; }

  end(ending: Ending): void { this.endedBy ??= ending; }

  /** A copy of the durable part. */
  position(): ProgressState { return { ...this.state }; }
  /** Continues from a saved position (before the first batch of a resumed run). */
  restore(saved: ProgressState): void {
    this.state = { ...saved };
    this.epochStarted = performance.now();
  }
}
