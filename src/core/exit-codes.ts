/**
 * The exit codes of every rnnflow command (a shared contract: scripts, CI and queue workers read them).
 *   0  delivered: the run (or every run) finished and every `expect` condition held
 *   1  did not deliver: an `expect` condition failed, a run diverged or failed during training (faults included)
 *   2  the input was wrong: usage (unknown command or option, missing argument), a file, data, or a fault before training
 *   130 interrupted (Ctrl-C / SIGTERM): what was finished is kept
 */
export const EXIT = {
  delivered: 0,
  notDelivered: 1,
  inputWrong: 2,
  interrupted: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/**
 * A finished run's exit code from its status (the `RunStatus` values of events/run-event.ts):
 * interrupted → 130; diverged, failed → 1; completed, early-stopped → 0. `expect` results come on top
 * (see worstExitCode).
 */
export function exitCodeOfStatus(status: string): ExitCode {
  if (status === 'interrupted') return EXIT.interrupted;
  if (status === 'diverged' || status === 'failed') return EXIT.notDelivered;
  return EXIT.delivered;
}

/** Several outcomes in one command: interrupted wins, then input wrong, then not delivered. */
export function worstExitCode(...codes: ExitCode[]): ExitCode {
  for (const c of [EXIT.interrupted, EXIT.inputWrong, EXIT.notDelivered] as const) if (codes.includes(c)) return c;
  return EXIT.delivered;
}
