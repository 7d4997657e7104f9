/** `rnnflow worker`: option parsing only; the work is in src/app/queue/queue-worker.ts. */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { UserError } from '../../core/errors.js';

function positive(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new UserError(`${flag} ${text}: expected a whole number ≥ 1`);
  return n;
}

export function addWorkerCommand(program: Command): void {
  program.command('worker')
    .description('train sweep trials from a Redis queue (start one or more on any machine with rnnflow installed)')
    .requiredOption('--queue <url>', 'the queue: redis://host:port[/db]')
    .option('--parallel <n>', 'trials at once (default 1; each trial trains on its own worker thread)')
    .option('--threads <n>', 'worker threads per trial batch (train.threads; results are the same for any value)')
    .option('--sweep <id>', 'only this sweep\'s trials (its id is printed by `rnnflow sweep` and `rnnflow queue status`)')
    .option('--dir <dir>', 'where trials run and data files are cached (default: a folder under the system temp folder)')
    .option('--lock-seconds <s>', 'a dead worker\'s trial goes to another after this long without renewal (default 60)')
    .option('--stalled-seconds <s>', 'how often this worker looks for such trials (default 30)')
    .option('--secret-file <file>', 'the queue\'s shared secret: unsigned or mis-signed jobs are refused (or set RNNFLOW_QUEUE_SECRET)')
    .addHelpText('after', '\nExamples:\n  npx rnnflow worker --queue redis://127.0.0.1:6379\n  npx rnnflow worker --queue redis://sweeps.lan:6379/2 --parallel 2 --sweep 3f2a9c01ab12')
    .action(async (opts: { queue: string; parallel?: string; threads?: string; sweep?: string; dir?: string; lockSeconds?: string; stalledSeconds?: string; secretFile?: string }) => {
      const { runQueueWorker } = await import('../queue/queue-worker.js');
      const { queueSecret } = await import('../queue/signing.js');
      const seconds = (flag: string, text?: string) => (text === undefined ? undefined : positive(flag, text)! * 1000);
      const locks = {
        ...(opts.lockSeconds ? { lockDuration: seconds('--lock-seconds', opts.lockSeconds) } : {}),
        ...(opts.stalledSeconds ? { stalledInterval: seconds('--stalled-seconds', opts.stalledSeconds) } : {}),
      };
      process.exitCode = await runQueueWorker({
        url: opts.queue, parallel: positive('--parallel', opts.parallel), threads: positive('--threads', opts.threads), sweep: opts.sweep,
        dir: opts.dir ?? join(tmpdir(), `rnnflow-worker-${process.pid}`), locks, secret: queueSecret(opts.secretFile),
      });
    });
}
