/**
 * metrics.csv: one row per evaluation (validation at every check, test at the end), written as it
 * comes (a few rows a run), so the file is current after a crash and resume can cut it back by rows.
 */
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Sink, SinkContext } from './sink.js';

export function createCsvSink(ctx: SinkContext): Sink {
  mkdirSync(ctx.runDir, { recursive: true });
  const fd = openSync(join(ctx.runDir, 'metrics.csv'), ctx.resuming ? 'a' : 'w');
  const main = ctx.experiment.model.netType === 'regression' ? 'r2' : 'accuracy';
  if (!ctx.resuming) writeSync(fd, `epoch,iteration,split,loss,${main},samples\n`);
  return {
    name: 'csv',
    next(e) {
      if (e.type !== 'eval') return;
      const m = e.metrics;
      writeSync(fd, `${e.epoch},${e.iteration},${e.split},${m.loss},${m[main] ?? ''},${m.samples}\n`);
    },
    async close() {
      closeSync(fd);
    },
  };
}
