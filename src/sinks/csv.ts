/**
 * metrics.csv: one row per evaluation (validation at every check, test at the end), written as it
 * comes (a few rows a run), so the file is current after a crash and resume can cut it back by rows.
 */
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { writeToFile } from '../core/atomic-write.js';
import { join } from 'node:path';
import type { Sink, SinkContext } from './sink.js';

export function createCsvSink(ctx: SinkContext): Sink {
  mkdirSync(ctx.runDir, { recursive: true });
  const file = join(ctx.runDir, 'metrics.csv');
  const fd = openSync(file, ctx.resuming ? 'a' : 'w');
  const main = ctx.experiment.model.netType === 'regression' ? 'r2' : 'accuracy';
  if (!ctx.resuming) writeToFile(fd, file, `epoch,iteration,split,loss,${main},samples\n`);
  return {
    name: 'csv',
    next(e) {
      if (e.type !== 'eval') return;
      const m = e.metrics;
      writeToFile(fd, file, `${e.epoch},${e.iteration},${e.split},${m.loss},${m[main] ?? ''},${m.samples}\n`);
    },
    async close() {
      closeSync(fd);
    },
  };
}
