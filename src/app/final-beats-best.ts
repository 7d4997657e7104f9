/**
 * eval, predict and export read a run's best parameters by default: when its summary says the final
 * ones are better on the task's own metric (sinks/best-note.ts), they say so on stderr in one line.
 */
import { finalBeatsBestNote } from '../sinks/best-note.js';
import { orUndefined, readSummary } from '../run-folder/index.js';

export function warnIfFinalBeatsBest(runDir: string, params: string, command: string): void {
  if (params !== 'best') return;
  // No summary (a run still going, or killed) or a damaged one: nothing to compare.
  const summary = orUndefined(() => readSummary(runDir));
  if (!summary) return;
  const note = finalBeatsBestNote(summary as Parameters<typeof finalBeatsBestNote>[0]);
  if (note) process.stderr.write(`${command}: ${note}\n`);
}
