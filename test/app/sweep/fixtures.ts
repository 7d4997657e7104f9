/** Sweep and experiment files written into a fresh temp folder, and executors that train nothing. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { TrialExecutor, TrialInput } from '../../../src/app/run-pool/pool.js';
import type { TrialTaskResult } from '../../../src/app/run-pool/trial-task.js';
import { fakeSummary } from '../expect/fake-summary.js';

/** Binary subtraction of 2-bit numbers: 10 pairs, trains in milliseconds. */
export const tinyExperiment = {
  name: 'tiny', seed: 1,
  data: { name: 'minus', bits: 2 },
  model: { netType: 'binary', outputMode: 'each', hiddenSize: 3, bias: false },
  train: { eta: 0.5, maxEpochs: 3 },
};

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'rnnflow-test-'));
}

/** Writes base.json5 and sweep.json5 (JSON is JSON5) into a new folder; returns the sweep file. */
export function writeSweep(sweep: Record<string, unknown>, base: object = tinyExperiment, dir = tempDir()): string {
  writeFileSync(join(dir, 'base.json5'), JSON.stringify(base, null, 2));
  const file = join(dir, 'sweep.json5');
  writeFileSync(file, JSON.stringify({ base: 'base.json5', outDir: join(dir, 'out'), metric: 'test.accuracy', goal: 'max', ...sweep }, null, 2));
  return file;
}

/** A stream that keeps what is written. */
export function capture(): Writable & { text: () => string } {
  const chunks: string[] = [];
  const w = new Writable({ write: (c, _e, done) => { chunks.push(String(c)); done(); } }) as Writable & { text: () => string };
  w.text = () => chunks.join('');
  return w;
}

/**
 * An executor whose trials are answered by `behave` (no training): records every task it is given,
 * and whether stop() was called.
 */
export function fakeExecutor(behave: (task: TrialInput, ex: { stopped: () => boolean }) => Promise<TrialTaskResult> | TrialTaskResult, capacity = 2) {
  const calls: TrialInput[] = [];
  let stopped = false;
  const factory = (parallel: number): TrialExecutor => ({
    capacity: Math.min(capacity, parallel),
    run: async (task) => {
      calls.push(task);
      return behave(task, { stopped: () => stopped });
    },
    stop: () => { stopped = true; },
    terminate: async () => { stopped = true; },
    close: async () => {},
  });
  return { factory, calls, wasStopped: () => stopped };
}

/** A completed summary whose test accuracy is `accuracy`. */
export function summaryWith(accuracy: number, status: 'completed' | 'diverged' | 'interrupted' = 'completed') {
  const s = fakeSummary({ status, reason: status === 'diverged' ? 'loss became NaN at iteration 12' : 'done' });
  s.metrics.test.accuracy = accuracy;
  return { ok: true as const, summary: s };
}
