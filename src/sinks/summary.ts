/** summary.json at the end of the run (see RunSummary), written atomically. */
import { writeFileAtomic } from '../core/atomic-write.js';
import { join } from 'node:path';
import type { Sink, SinkContext } from './sink.js';

export function createSummarySink(ctx: SinkContext): Sink {
  return {
    name: 'summary',
    next(e) {
      if (e.type === 'end') writeFileAtomic(join(ctx.runDir, 'summary.json'), JSON.stringify(e.summary, null, 2) + '\n');
    },
    async close() {},
  };
}
