/**
 * `rnnflow queue status|clean`: what is on a queue (each sweep: its coordinator, trials by state,
 * refusals; each live worker: what it runs), and removing sweeps whose coordinator is gone.
 */
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { BULL_PREFIX, connectRedis, keys, parseQueueUrl, queueName, type QueueTarget } from './redis.js';

interface SweepStatus {
  id: string;
  name?: string;
  dir?: string;
  host?: string;
  codeVersion?: string;
  coordinator: boolean;
  stopping: boolean;
  counts: Record<string, number>;
  refused: Record<string, string>;
}

interface WorkerStatus { name: string; codeVersion: string; parallel: number; running: { sweep: string; trial: string }[]; since: string }

export interface QueueStatus { queue: string; sweeps: SweepStatus[]; workers: WorkerStatus[] }

async function withRedis<T>(url: string, use: (redis: Redis, target: QueueTarget) => Promise<T>): Promise<T> {
  const target = parseQueueUrl(url);
  const redis = await connectRedis(target);
  try {
    return await use(redis, target);
  } finally {
    redis.disconnect();
  }
}

async function sweepStatus(redis: Redis, target: QueueTarget, id: string): Promise<SweepStatus> {
  const queue = new Queue(queueName(id), { connection: target.connection, prefix: BULL_PREFIX });
  try {
    const meta = await redis.hgetall(keys.sweep(id));
    return {
      id, name: meta.name, dir: meta.dir, host: meta.host, codeVersion: meta.codeVersion,
      coordinator: (await redis.exists(keys.coordinator(id))) === 1, stopping: meta.stop === '1',
      counts: await queue.getJobCounts('waiting', 'active', 'completed', 'failed', 'delayed', 'prioritized'),
      refused: await redis.hgetall(keys.refused(id)),
    };
  } finally {
    await queue.close();
  }
}

export function queueStatus(url: string): Promise<QueueStatus> {
  return withRedis(url, async (redis, target) => {
    const sweeps = await Promise.all((await redis.smembers(keys.sweeps)).sort().map((id) => sweepStatus(redis, target, id)));
    const workerKeys = await redis.keys(keys.worker('*'));
    const workers = (await Promise.all(workerKeys.map((k) => redis.get(k)))).filter((v): v is string => v !== null).map((v) => JSON.parse(v) as WorkerStatus);
    return { queue: target.shown, sweeps, workers: workers.sort((a, b) => a.name.localeCompare(b.name)) };
  });
}

export function formatQueueStatus(s: QueueStatus): string {
  const lines = [`queue ${s.queue}: ${s.sweeps.length} sweep(s), ${s.workers.length} worker(s)`];
  for (const w of s.sweeps) {
    const c = w.counts;
    lines.push(`  sweep ${w.id}  ${w.name ?? '?'}  ${w.host ?? '?'}:${w.dir ?? '?'}`,
      `    coordinator ${w.coordinator ? 'running' : 'gone (rnnflow sweep --resume <dir> --queue … continues it; queue clean removes it)'}${w.stopping ? ', stopping' : ''}; code ${w.codeVersion ?? '?'}`,
      `    trials: ${c.waiting + (c.prioritized ?? 0) + (c.delayed ?? 0)} waiting, ${c.active} running, ${c.completed} finished and not yet collected, ${c.failed} failed and not yet collected`);
    for (const [worker, why] of Object.entries(w.refused)) lines.push(`    refused by ${worker}: ${why}`);
  }
  for (const w of s.workers) {
    const running = w.running.length ? w.running.map((r) => `${r.trial} (sweep ${r.sweep})`).join(', ') : 'idle';
    lines.push(`  worker ${w.name}  code ${w.codeVersion}  ${w.parallel} at a time since ${w.since}: ${running}`);
  }
  return lines.join('\n');
}

/**
 * Removes sweeps from the queue: `sweep` names one; otherwise every sweep whose coordinator is gone
 * (`all`: every sweep, running or not). Their unfinished trials and uncollected answers go with them.
 */
export function cleanQueue(url: string, which: { sweep?: string; all?: boolean }): Promise<string[]> {
  return withRedis(url, async (redis, target) => {
    const removed: string[] = [];
    for (const id of await redis.smembers(keys.sweeps)) {
      if (which.sweep && id !== which.sweep) continue;
      if (!which.sweep && !which.all && (await redis.exists(keys.coordinator(id))) === 1) continue;
      const queue = new Queue(queueName(id), { connection: target.connection, prefix: BULL_PREFIX });
      try {
        await queue.obliterate({ force: true });
      } finally {
        await queue.close();
      }
      // Its coordinator mark, refusals, data files and saved trial states.
      const parts = await redis.keys(`${keys.sweep(id)}:*`);
      await redis.multi().del(keys.sweep(id), ...parts).srem(keys.sweeps, id).exec();
      removed.push(id);
    }
    return removed;
  });
}
