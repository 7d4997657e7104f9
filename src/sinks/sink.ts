/**
 * A sink observes a run's events in order and writes them somewhere. next() must be quick and
 * synchronous (it runs inside the training loop); close() flushes and is awaited before the run
 * counts as finished.
 */
import type { Experiment, ExperimentSource } from '../config/types.js';
import type { RunEvent } from '../events/run-event.js';

export interface Sink {
  readonly name: string;
  /** A user's sink: its module as the experiment file names it (for messages). */
  readonly module?: string;
  /** How long the run waits for close() (a user's sink; default SINK_CLOSE_SECONDS). */
  readonly closeSeconds?: number;
  next(event: RunEvent): void;
  close(): Promise<void>;
}

/** The default close deadline of a user's sink, in seconds (the built-in sinks close synchronously). */
export const SINK_CLOSE_SECONDS = 10;

export interface SinkContext {
  /** The run directory; files go here. */
  runDir: string;
  experiment: Experiment;
  source: ExperimentSource;
  /** Where human-readable output goes (the console sink). */
  out: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  /** true: plain line-per-check output (no redraws), as when stdout is not a TTY or CI is set. */
  plain: boolean;
  /**
   * Set when the run continues in its folder (rnnflow resume): files are appended to (resume cut
   * them back to the saved state's position), not started over.
   */
  resuming?: boolean;
}

/** A user sink module's factory: `export default function (options, context) { return { next, close } }`. */
export type SinkFactory = (options: Record<string, unknown>, context: SinkContext) => Sink | Promise<Sink>;
