/**
 * eval, predict and export read a run's best parameters by default: when its summary says the final
 * ones are better on the task's own metric (sinks/best-note.ts), they say so on stderr in one line.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { finalBeatsBestNote } from '../sinks/best-note.js';

export function warnIfFinalBeatsBest(runDir: string, params: string, command: string): void {
  if (params !== 'best') return;
  let summary: unknown;
  try {
    summary = JSON.parse(readFileSync(join(runDir, 'summary.json'), 'utf8'));
  } catch {
    return; // no summary (a run still going, or killed): nothing to compare
  }
  if (summary === null || typeof summary !== 'object') return;
  const note = finalBeatsBestNote(summary as Parameters<typeof finalBeatsBestNote>[0]);
  if (note) process.stderr.write(`${command}: ${note}\n`);
}
