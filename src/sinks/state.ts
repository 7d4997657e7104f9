/**
 * state/last.json: the latest TrainingState (state events), written atomically, for rnnflow resume.
 * The run adds this sink after every other one, so events.jsonl and metrics.csv already hold the
 * state's iteration when its file appears; a kill before the rename leaves the previous state.
 */
import { writeFileAtomic } from '../core/atomic-write.js';
import { runFiles } from '../run-folder/index.js';
import type { Sink, SinkContext } from './sink.js';

export function createStateSink(ctx: SinkContext): Sink {
  return {
    name: 'state',
    next(e) {
      if (e.type === 'state') writeFileAtomic(runFiles(ctx.runDir).state, e.content);
    },
    async close() {},
  };
}
