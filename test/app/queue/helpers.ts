/** Queue test helpers: worker processes started as a user would, each in its own temp folder. */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { cliPath, root, tempDir } from '../../helpers/cli.js';
import { redisExecutor } from '../../../src/app/queue/redis-executor.js';
import type { ExecutorFactory } from '../../../src/app/run-pool/pool.js';
import type { TrialProgress } from '../../../src/app/run-pool/trial-task.js';

/** Short enough that a killed worker's trial moves on within seconds, long enough for a busy 2-core machine (training is off the event loop). */
export const TEST_LOCKS = ['--lock-seconds', '8', '--stalled-seconds', '3'];

export interface TestWorker {
  proc: ChildProcess;
  /** host:pid, as the worker names itself. */
  name: string;
  dir: string;
  output(): string;
  /** Resolves when the worker's log matches. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  exited: Promise<number | null>;
}

export function startWorker(url: string, args: string[] = [], env: NodeJS.ProcessEnv = {}): TestWorker {
  const dir = tempDir('rnnflow-worker-');
  const proc = spawn(process.execPath, [cliPath, 'worker', '--queue', url, '--dir', join(dir, 'work'), ...TEST_LOCKS, ...args], {
    cwd: dir, env: { ...process.env, CI: 'true', ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    text += chunk.toString();
    for (const l of listeners) l();
  };
  proc.stdout!.on('data', onData);
  proc.stderr!.on('data', onData);
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  const nameMatch = () => /^worker (\S+) \(code/m.exec(text)?.[1] ?? `?:${proc.pid}`;
  return {
    proc, dir, exited,
    get name() { return nameMatch(); },
    output: () => text,
    waitFor(pattern, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const m = pattern.exec(text);
          if (!m) return;
          listeners.delete(check);
          clearTimeout(timer);
          resolve(m);
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`worker log never matched ${pattern}:\n${text}`));
        }, timeoutMs);
        listeners.add(check);
        check();
      });
    },
  };
}

/** Ctrl-C, then waits for the worker to finish; kill -9 if it does not within 20 s. */
export async function stopWorker(w: TestWorker): Promise<void> {
  if (w.proc.exitCode !== null || w.proc.signalCode !== null) return;
  w.proc.kill('SIGTERM');
  const timer = setTimeout(() => w.proc.kill('SIGKILL'), 20_000);
  await w.exited;
  clearTimeout(timer);
}

/** The queue executor, with every progress report kept. */
export function watchedQueue(url: string, seen: TrialProgress[] = [], codeVersion?: string): ExecutorFactory {
  const make = redisExecutor({ url, codeVersion });
  return async (parallel, sweep) => {
    const ex = await make(parallel, sweep);
    return { ...ex, run: (task, hooks) => ex.run(task, { ...hooks, progress: (p) => { seen.push(p); hooks?.progress?.(p); } }) };
  };
}

/** results.csv without the wall-time column (the only one that differs between two runs of a sweep). */
export function resultsWithoutTime(sweepDir: string): string[][] {
  const rows = readFileSync(join(sweepDir, 'results.csv'), 'utf8').trim().split('\n').map((l) => l.split(','));
  const seconds = rows[0].indexOf('seconds');
  return rows.map((r) => r.filter((_, i) => i !== seconds));
}

/** The only sweep folder under <outDir>/<name>/. */
export function onlySweepDir(outDir: string, name = 'sweep'): string {
  const [only] = readdirSync(join(outDir, name));
  return join(outDir, name, only);
}

export { root };
