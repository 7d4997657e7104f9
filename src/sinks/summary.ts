/** summary.json at the end of the run (see RunSummary), written atomically. */
import { writeSummary } from '../run-folder/index.js';
import type { Sink, SinkContext } from './sink.js';

export function createSummarySink(ctx: SinkContext): Sink {
  return {
    name: 'summary',
    next(e) {
      if (e.type === 'end') writeSummary(ctx.runDir, e.summary);
    },
    async close() {},
  };
}
