/**
 * Running a list of jobs at most `capacity` at a time, stopping cleanly on Ctrl-C: shared by sweeps
 * and the regression checks, so both stop the same way.
 */
import { onInterrupt } from '../../core/interrupt.js';

export interface Interrupt {
  /** True after the first Ctrl-C (or abort): no new job starts. */
  readonly stopping: boolean;
  /** Called on the first Ctrl-C. */
  onStop?: () => void;
  /** Called on the second: end running jobs at once. */
  onKill?: () => void;
  dispose(): void;
}

/** Listens to `signal`, or to the process's SIGINT and SIGTERM when there is none (core/interrupt.ts). */
export function listenForInterrupt(signal?: AbortSignal): Interrupt {
  let stopping = Boolean(signal?.aborted);
  const state: Interrupt = {
    get stopping() { return stopping; },
    dispose: onInterrupt({
      stop: () => {
        stopping = true;
        state.onStop?.();
      },
      quit: () => state.onKill?.(),
    }, signal),
  };
  return state;
}

/**
 * Starts jobs in order while fewer than `capacity` run and no stop was asked; resolves when none
 * runs and none will start. `run` must not reject (record failures inside it).
 */
export function runQueue<T>(items: readonly T[], capacity: number, interrupt: Interrupt, run: (item: T) => Promise<void>): Promise<void> {
  const waiting = [...items];
  let running = 0;
  return new Promise<void>((allDone) => {
    const launch = () => {
      while (!interrupt.stopping && running < capacity && waiting.length) {
        const item = waiting.shift()!;
        running++;
        void run(item).finally(() => {
          running--;
          launch();
        });
      }
      if (running === 0 && (interrupt.stopping || waiting.length === 0)) allDone();
    };
    const previous = interrupt.onStop;
    interrupt.onStop = () => {
      previous?.();
      launch();
    };
    launch();
  });
}
