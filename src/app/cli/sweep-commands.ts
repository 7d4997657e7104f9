/** The sweep and regress commands: option parsing only; the work is in src/sweep and src/regress. */
import { UserError } from '../../core/errors.js';
import { runRegression } from '../regress/index.js';
import { runSweep } from '../sweep/index.js';

function wholeNumber(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new UserError(`${flag} ${text}: expected a whole number ≥ 0 (0 = one per core)`);
  return n;
}

export async function sweepCommand(file: string | undefined, opts: { resume?: string; parallel?: string; out?: string; plain?: boolean; queue?: string }): Promise<number> {
  // The queue's modules (BullMQ, ioredis) load only when a queue is asked for.
  const executor = opts.queue ? (await import('../queue/redis-executor.js')).redisExecutor({ url: opts.queue }) : undefined;
  return runSweep(file, { resume: opts.resume, parallel: wholeNumber('--parallel', opts.parallel), dir: opts.out, plain: opts.plain, executor });
}

export async function regressCommand(dir: string, opts: { parallel?: string; runs?: string }): Promise<number> {
  return runRegression(dir, { parallel: wholeNumber('--parallel', opts.parallel), runsRoot: opts.runs });
}
