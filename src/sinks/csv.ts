/**
 * metrics.csv: one row per evaluation (validation at every check, test at the end), written as it
 * comes (a few rows a run), so the file is current after a crash and resume can cut it back by rows.
 */
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { writeToFile } from '../core/atomic-write.js';
import { metricsHeader, metricsRow, runFiles } from '../run-folder/index.js';
import type { Sink, SinkContext } from './sink.js';

export function createCsvSink(ctx: SinkContext): Sink {
  mkdirSync(ctx.runDir, { recursive: true });
  const file = runFiles(ctx.runDir).metrics;
  const fd = openSync(file, ctx.resuming ? 'a' : 'w');
  const main = ctx.experiment.model.netType === 'regression' ? 'r2' : 'accuracy';
  if (!ctx.resuming) writeToFile(fd, file, metricsHeader(main));
  return {
    name: 'csv',
    next(e) {
      if (e.type === 'eval') writeToFile(fd, file, metricsRow(e, main));
    },
    async close() {
      closeSync(fd);
    },
  };
}
