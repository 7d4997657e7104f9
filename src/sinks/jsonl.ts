/**
 * events.jsonl: every event in its JSON form (run-folder/event-line.ts), one object per line. The file
 * is current at least once a second while a run trains (a reader tailing it sees new events within
 * about a second), and at every checkpoint and at the end. Step events of about a second are
 * written as one `steps` line.
 */
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { writeToFile } from '../core/atomic-write.js';
import { eventLine, runFiles, StepBatch } from '../run-folder/index.js';
import type { Sink, SinkContext } from './sink.js';

/** How often pending events reach the file at the latest. */
export const FLUSH_MS = 1000;
const FLUSH_BYTES = 64 * 1024;

export function createJsonlSink(ctx: SinkContext): Sink {
  mkdirSync(ctx.runDir, { recursive: true });
  const file = runFiles(ctx.runDir).events;
  const fd = openSync(file, ctx.resuming ? 'a' : 'w');
  let chunks: string[] = [];
  let bytes = 0;
  const steps = new StepBatch();
  const push = (line: string) => {
    chunks.push(line);
    bytes += line.length;
  };
  const takeSteps = () => {
    const record = steps.take();
    if (record) push(JSON.stringify(record) + '\n');
  };
  const flush = () => {
    takeSteps();
    if (chunks.length === 0) return;
    writeToFile(fd, file, chunks.join(''));
    chunks = [];
    bytes = 0;
  };
  // The training loop yields to the event loop every ~50 ms, so this timer fires on time.
  const timer = setInterval(flush, FLUSH_MS);
  timer.unref();
  return {
    name: 'jsonl',
    next(e) {
      if (e.type === 'step') {
        steps.add(e);
        return;
      }
      takeSteps(); // keep the file in event order
      push(eventLine(e));
      // Checkpoints and the end are moments a reader may look: make the file current then. At a state
      // it must be current: resume cuts the file back to the line of the state it restores.
      if (bytes >= FLUSH_BYTES || e.type === 'checkpoint' || e.type === 'state' || e.type === 'end') flush();
    },
    async close() {
      clearInterval(timer);
      flush();
      closeSync(fd);
    },
  };
}
