/** Shared fixtures of the data tests: where the package is, and temporary folders for CSV files. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DatasetContext } from '../../src/data/types.js';

// This file runs as dist/test/data/context.js: the package root (which holds data/) is three folders up.
export const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** A fresh folder in the OS temp dir, as an experiment folder for user CSV files. */
export function tempExperimentDir(): string {
  return mkdtempSync(join(tmpdir(), 'rnnflow-data-'));
}

/** Writes `text` as `name` in dir and returns a context whose experiment lives in dir. */
export function withCsv(dir: string, name: string, text: string, seed = 1): DatasetContext {
  writeFileSync(join(dir, name), text);
  return { seed, baseDir: dir, packageDir };
}

export function context(seed = 1): DatasetContext {
  return { seed, baseDir: tmpdir(), packageDir };
}

/** Gathers samples `indices` of a split into fresh time-major buffers. */
export function gatherAll(
  split: { timesteps: number; inputSize: number; outputSize: number; labelsPerStep: boolean;
    gather(o: ArrayLike<number>, f: number, r: number, x: Float64Array, y: Float64Array): void },
  indices: number[],
): { x: Float64Array; y: Float64Array } {
  const rows = indices.length;
  const x = new Float64Array(split.timesteps * rows * split.inputSize);
  const y = new Float64Array((split.labelsPerStep ? split.timesteps : 1) * rows * split.outputSize);
  split.gather(indices, 0, rows, x, y);
  return { x, y };
}
