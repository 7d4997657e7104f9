/** metrics.csv: one row per evaluation (validation at every check, test at the end). */
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Sink, SinkContext } from './sink.js';

export function createCsvSink(ctx: SinkContext): Sink {
  mkdirSync(ctx.runDir, { recursive: true });
  const fd = openSync(join(ctx.runDir, 'metrics.csv'), 'w');
  const main = ctx.experiment.model.netType === 'regression' ? 'r2' : 'accuracy';
  const rows: string[] = [`epoch,iteration,split,loss,${main},samples\n`];
  return {
    name: 'csv',
    next(e) {
      if (e.type !== 'eval') return;
      const m = e.metrics;
      rows.push(`${e.epoch},${e.iteration},${e.split},${m.loss},${m[main] ?? ''},${m.samples}\n`);
      if (rows.length >= 256) { writeSync(fd, rows.join('')); rows.length = 0; }
    },
    async close() {
      if (rows.length) writeSync(fd, rows.join(''));
      closeSync(fd);
    },
  };
}
