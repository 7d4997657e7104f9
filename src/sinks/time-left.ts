/**
 * A run's time left, from the pace of the batches this process has timed. The first batch starts the
 * clock (it carries the start-up: worker threads, compilation, the first allocations), and no estimate
 * is given until MIN_TIMED_BATCHES more have been timed: an ETA from one or two batches jumps by orders
 * of magnitude, and one that does not exist yet is shown as none.
 */
export const MIN_TIMED_BATCHES = 5;

export class TimeLeft {
  private clock: { time: number; iteration: number } | undefined;

  constructor(private readonly totalIterations: number) {}

  /** A batch ended at `iteration`, at `now` (performance.now(), ms). */
  batchDone(iteration: number, now: number): void {
    this.clock ??= { time: now, iteration };
  }

  /** Seconds left after `iteration`, or undefined while the pace is not known yet. */
  seconds(iteration: number, now: number): number | undefined {
    if (!this.clock) return undefined;
    const batches = iteration - this.clock.iteration;
    const elapsed = (now - this.clock.time) / 1000;
    if (batches < MIN_TIMED_BATCHES) return undefined;
    return elapsed * Math.max(0, this.totalIterations - iteration) / batches;
  }
}
