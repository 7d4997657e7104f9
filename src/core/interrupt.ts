/**
 * Ctrl-C, the house way, for every command that runs something long (exp, resume, sweeps,
 * regression checks, queue workers): the first Ctrl-C or SIGTERM asks to stop gracefully (finish
 * the batch, save, keep what is done); a second one quits at once. SIGTERM counts as Ctrl-C so that a
 * cancelled CI job keeps what it finished too.
 *
 * A caller that stops us itself (a test, a library user) passes an AbortSignal instead: its abort is
 * the first press, and the process's signals are left alone.
 */

/** What was pressed: a process signal, or the caller's AbortSignal. */
export type InterruptCause = NodeJS.Signals | 'abort';

export interface InterruptHandlers {
  /** The first press: stop gracefully. */
  stop(cause: InterruptCause): void;
  /** The second press: quit at once (process.exit, or end what runs). */
  quit(cause: InterruptCause): void;
}

/** Listens until the returned function is called. */
export function onInterrupt(handlers: InterruptHandlers, signal?: AbortSignal): () => void {
  let pressed = false;
  const press = (cause: InterruptCause) => {
    if (pressed) return handlers.quit(cause);
    pressed = true;
    handlers.stop(cause);
  };
  if (signal) {
    const abort = () => press('abort');
    signal.addEventListener('abort', abort, { once: true });
    return () => signal.removeEventListener('abort', abort);
  }
  const onSignal = (sig: NodeJS.Signals) => press(sig);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
}
