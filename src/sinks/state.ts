/**
 * state/last.json: the latest TrainingState (state events), written atomically, for rnnflow resume.
 * The run adds this sink after every other one, so events.jsonl and metrics.csv already hold the
 * state's iteration when its file appears; a kill before the rename leaves the previous state.
 */
import { join } from 'node:path';
import { writeFileAtomic } from '../core/atomic-write.js';
import type { Sink, SinkContext } from './sink.js';

export const STATE_FILE = join('state', 'last.json');

export function createStateSink(ctx: SinkContext): Sink {
  return {
    name: 'state',
    next(e) {
      if (e.type === 'state') writeFileAtomic(join(ctx.runDir, STATE_FILE), e.content);
    },
    async close() {},
  };
}
