/** The sweep and regress commands: option parsing only; the work is in src/sweep and src/regress. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../../core/errors.js';
import { runRegression } from '../regress/index.js';
import { runSweep } from '../sweep/index.js';

function wholeNumber(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new UserError(`${flag} ${text}: expected a whole number ≥ 0 (0 = one per core)`);
  return n;
}

export async function sweepCommand(file: string | undefined, opts: { resume?: string; parallel?: string; out?: string; plain?: boolean; queue?: string | false }): Promise<number> {
  let queue = opts.queue;
  // A sweep that ran on a queue resumes there (what finished meanwhile is collected), unless --no-queue.
  const saved = opts.resume ? join(opts.resume, 'queue.json') : undefined;
  if (queue === undefined && saved && existsSync(saved)) {
    queue = (JSON.parse(readFileSync(saved, 'utf8')) as { queue: string }).queue;
    process.stdout.write(`resuming on the queue ${queue}, where this sweep ran (--queue <url> for another, --no-queue to run here)\n`);
  }
  // The queue's modules (BullMQ, ioredis) load only when a queue is asked for.
  const executor = queue ? (await import('../queue/redis-executor.js')).redisExecutor({ url: queue }) : undefined;
  return runSweep(file, { resume: opts.resume, parallel: wholeNumber('--parallel', opts.parallel), dir: opts.out, plain: opts.plain, executor });
}

export async function regressCommand(dir: string, opts: { parallel?: string; runs?: string }): Promise<number> {
  return runRegression(dir, { parallel: wholeNumber('--parallel', opts.parallel), runsRoot: opts.runs });
}
