/** `rnnflow queue status|clean`: option parsing only; the work is in src/app/queue/queue-admin.ts. */
import type { Command } from 'commander';

export function addQueueCommand(program: Command): void {
  const queue = program.command('queue').description('show or clear a Redis queue of sweep trials');
  queue.command('status')
    .description('sweeps on the queue (trials waiting, running, finished) and live workers')
    .requiredOption('--queue <url>', 'the queue: redis://host:port[/db]')
    .option('--json', 'print the status as JSON')
    .action(async (opts: { queue: string; json?: boolean }) => {
      const { queueStatus, formatQueueStatus } = await import('../queue/queue-admin.js');
      const status = await queueStatus(opts.queue);
      process.stdout.write(`${opts.json ? JSON.stringify(status, null, 2) : formatQueueStatus(status)}\n`);
    });
  queue.command('clean')
    .description('remove sweeps whose coordinator is gone (their unfinished trials and uncollected results)')
    .requiredOption('--queue <url>', 'the queue: redis://host:port[/db]')
    .option('--sweep <id>', 'remove this sweep, even while its coordinator runs')
    .option('--all', 'remove every sweep, even running ones')
    .addHelpText('after', '\nExample:\n  npx rnnflow queue clean --queue redis://127.0.0.1:6379')
    .action(async (opts: { queue: string; sweep?: string; all?: boolean }) => {
      const { cleanQueue } = await import('../queue/queue-admin.js');
      const removed = await cleanQueue(opts.queue, opts);
      process.stdout.write(removed.length ? `removed sweep(s) ${removed.join(', ')}\n` : 'nothing to remove\n');
    });
}
