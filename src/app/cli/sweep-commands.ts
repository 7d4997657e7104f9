/**
 * The sweep and regress commands: option parsing only; the work is in app/sweep and app/regress,
 * loaded when one of them runs (a single run need not carry the worker pool in memory).
 */
import type { Command } from 'commander';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../../core/errors.js';

function wholeNumber(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new UserError(`${flag} ${text}: expected a whole number ≥ 0 (0 = one per core)`);
  return n;
}

interface SweepOptions { resume?: string; parallel?: string; out?: string; plain?: boolean; queue?: string | false; secretFile?: string }

export async function sweepCommand(file: string | undefined, opts: SweepOptions): Promise<number> {
  let queue = opts.queue;
  // A sweep that ran on a queue resumes there (what finished meanwhile is collected), unless --no-queue.
  const saved = opts.resume ? join(opts.resume, 'queue.json') : undefined;
  if (queue === undefined && saved && existsSync(saved)) {
    queue = (JSON.parse(readFileSync(saved, 'utf8')) as { queue: string }).queue;
    process.stdout.write(`resuming on the queue ${queue}, where this sweep ran (--queue <url> for another, --no-queue to run here)\n`);
  }
  // The queue's modules (BullMQ, ioredis) load only when a queue is asked for.
  const secret = queue ? (await import('../queue/signing.js')).queueSecret(opts.secretFile) : undefined;
  const executor = queue ? (await import('../queue/redis-executor.js')).redisExecutor({ url: queue, secret }) : undefined;
  const { runSweep } = await import('../sweep/index.js');
  return runSweep(file, { resume: opts.resume, parallel: wholeNumber('--parallel', opts.parallel), dir: opts.out, plain: opts.plain, executor });
}

export async function regressCommand(dir: string, opts: { parallel?: string; runs?: string }): Promise<number> {
  const { runRegression } = await import('../regress/index.js');
  return runRegression(dir, { parallel: wholeNumber('--parallel', opts.parallel), runsRoot: opts.runs });
}

export function addSweepCommand(program: Command): void {
  program.command('sweep')
    .description('run a hyperparameter sweep file; trials in parallel on worker threads')
    .argument('[file]', 'sweep file (JSON5), e.g. experiments/sweeps/pm25-hidden.json5')
    .option('--resume <sweepDir>', 'continue a sweep: skip finished trials, rerun failed or interrupted ones')
    .option('--parallel <n>', 'trials at once (default: the sweep file, else the number of cores)')
    .option('--out <dir>', 'write the sweep directory exactly here')
    .option('--plain', 'one line per trial, no live view (default when not a TTY or CI is set)')
    .option('--queue <url>', 'run the trials on `rnnflow worker`s over Redis (redis://host:port[/db]) instead of local threads')
    .option('--secret-file <file>', 'the queue\'s shared secret: jobs are signed and answers checked (or set RNNFLOW_QUEUE_SECRET)')
    .option('--no-queue', 'with --resume: run here even if the sweep ran on a queue')
    .addHelpText('after', '\nExamples:\n  npm run sweep experiments/sweeps/pm25-hidden.json5\n  npx rnnflow sweep --resume runs/sweeps/pm25-hidden/2026-11-26T14-00-00\n  npx rnnflow sweep experiments/sweeps/pm25-hidden.json5 --queue redis://127.0.0.1:6379')
    .action(async (file: string | undefined, opts: SweepOptions) => { process.exitCode = await sweepCommand(file, opts); });
}

export function addRegressCommand(program: Command): void {
  program.command('regress')
    .description('run every experiment in a folder (default experiments/regression) and check its expect conditions')
    .argument('[dir]', 'folder of experiment files', 'experiments/regression')
    .option('--parallel <n>', 'experiments at once (default: one per core)')
    .option('--runs <dir>', 'root of the run folders (default runs/regression)')
    .addHelpText('after', '\nExample:\n  npm run regress')
    .action(async (dir: string, opts: { parallel?: string; runs?: string }) => { process.exitCode = await regressCommand(dir, opts); });
}
