/** Runs the built CLI as a user would, and writes throwaway experiment files. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** dist/test/helpers → the package root. */
export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const cliPath = join(root, 'dist', 'src', 'app', 'cli.js');

export function runCli(args: string[], options: { cwd?: string; timeoutMs?: number } = {}): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cliPath, ...args], {
    cwd: options.cwd ?? root, encoding: 'utf8', env: { ...process.env, CI: 'true' }, timeout: options.timeoutMs ?? 120_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export function tempDir(prefix = 'rnnflow-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Writes text to dir/name and returns the path. */
export function writeFile(dir: string, name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** A tiny, fast experiment (binary subtraction) as JSON5 text, with parts replaced by `patch`. */
export function tinyExperiment(patch: Record<string, unknown> = {}): string {
  const base = {
    name: 'tiny', seed: 1,
    data: { name: 'minus', bits: 4 },
    model: { netType: 'binary', outputMode: 'each', hiddenSize: 4, bias: false },
    train: { eta: 0.1, batchSize: 8, maxEpochs: 3 },
    sinks: ['jsonl', 'csv', 'checkpoint', 'summary'],
  };
  return JSON.stringify(Object.fromEntries(Object.entries({ ...base, ...patch }).filter(([, v]) => v !== undefined)), null, 2);
}
