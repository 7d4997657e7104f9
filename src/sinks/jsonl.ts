/**
 * events.jsonl: every event, one JSON object per line, written in 64 KiB chunks rather than once
 * per event. Checkpoint and state events are written with the file they went to instead of their values.
 */
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { writeToFile } from '../core/atomic-write.js';
import { join } from 'node:path';
import type { RunEvent } from '../events/run-event.js';
import type { Sink, SinkContext } from './sink.js';

const FLUSH_BYTES = 64 * 1024;

/** The JSON form of an event: checkpoints name their file, the experiment is not repeated. */
export function eventRecord(e: RunEvent): Record<string, unknown> {
  switch (e.type) {
    case 'checkpoint': {
      const { params, ...rest } = e;
      void params;
      return { ...rest, file: `params/${e.kind}.json` };
    }
    case 'start': case 'resume': {
      const { experiment, ...rest } = e;
      void experiment;
      return rest;
    }
    case 'state':
      return { type: e.type, epoch: e.epoch, iteration: e.iteration, file: 'state/last.json' };
    default:
      return e as unknown as Record<string, unknown>;
  }
}

export function createJsonlSink(ctx: SinkContext): Sink {
  mkdirSync(ctx.runDir, { recursive: true });
  const file = join(ctx.runDir, 'events.jsonl');
  const fd = openSync(file, ctx.resuming ? 'a' : 'w');
  let chunks: string[] = [];
  let bytes = 0;
  const flush = () => {
    if (chunks.length === 0) return;
    writeToFile(fd, file, chunks.join(''));
    chunks = [];
    bytes = 0;
  };
  return {
    name: 'jsonl',
    next(e) {
      const line = JSON.stringify(eventRecord(e)) + '\n';
      chunks.push(line);
      bytes += line.length;
      // Checkpoints and the end are moments a reader may look: make the file current then. At a state
      // it must be current: resume cuts the file back to the line of the state it restores.
      if (bytes >= FLUSH_BYTES || e.type === 'checkpoint' || e.type === 'state' || e.type === 'end') flush();
    },
    async close() {
      flush();
      closeSync(fd);
    },
  };
}
