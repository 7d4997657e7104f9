/**
 * Where a queue lives and what rnnflow keeps there. One Redis database serves any number of sweeps:
 * each sweep is its own BullMQ queue (so `worker --sweep <id>` can take one sweep's trials, and a
 * job id is `t` + the trial id within its sweep: see trialJobId), registered in a set that workers read.
 *
 *   rnnflow:sweeps                      set of sweep ids with trials on the queue
 *   rnnflow:sweep:<id>                  hash: name, dir, host, codeVersion, created, stop (0|1)
 *   rnnflow:sweep:<id>:coordinator      present while the coordinator runs (expires 15 s after it dies)
 *   rnnflow:sweep:<id>:refused          hash: worker → why it refuses this sweep's trials
 *   rnnflow:sweep:<id>:file:<sha256>    a data file the trials read, shipped once per sweep
 *   rnnflow:sweep:<id>:partial:<trial>  the trial's run folder as of its latest saved training state
 *                                       (trial-job.ts PartialTrial), until the sweep recorded the trial
 *   rnnflow:worker:<host>:<pid>         a worker's heartbeat (what it runs), expires 15 s after it dies
 *   rnnflow:arrivals                    pub/sub channel: a trial was queued (message: its sweep id), so
 *                                       idle workers look at once instead of at their next poll
 *   rnnflow:bull:sweep-<id>:…           the sweep's BullMQ queue (jobs, locks, events)
 */
import { hostname } from 'node:os';
import { createHash } from 'node:crypto';
import { Redis, type RedisOptions } from 'ioredis';
import { UserError } from '../../core/errors.js';

export const KEY_PREFIX = 'rnnflow';
/** BullMQ's own keys live under this prefix. */
export const BULL_PREFIX = `${KEY_PREFIX}:bull`;

export const keys = {
  sweeps: `${KEY_PREFIX}:sweeps`,
  sweep: (id: string) => `${KEY_PREFIX}:sweep:${id}`,
  coordinator: (id: string) => `${KEY_PREFIX}:sweep:${id}:coordinator`,
  refused: (id: string) => `${KEY_PREFIX}:sweep:${id}:refused`,
  file: (id: string, sha256: string) => `${KEY_PREFIX}:sweep:${id}:file:${sha256}`,
  partial: (id: string, trial: string) => `${KEY_PREFIX}:sweep:${id}:partial:${trial}`,
  worker: (name: string) => `${KEY_PREFIX}:worker:${name}`,
  arrivals: `${KEY_PREFIX}:arrivals`,
};

/**
 * A trial's BullMQ job id. Not the bare trial id: BullMQ refuses a custom id that reads as an integer
 * ("Custom Id cannot be integers"), and a 12-hex-digit trial id is all decimal digits about once in
 * 280 trials (found by a queue test whose trial id was 529549567402).
 */
export function trialJobId(trialId: string): string {
  return `t${trialId}`;
}

/** The trial id of a job named by trialJobId. */
export function trialOfJob(jobId: string): string {
  return jobId.startsWith('t') ? jobId.slice(1) : jobId;
}

/** The BullMQ queue that holds one sweep's trials. */
export function queueName(sweepId: string): string {
  return `sweep-${sweepId}`;
}

/** What the coordinator tells workers about its sweep (the hash at keys.sweep(id)). */
export interface SweepMeta {
  name: string;
  dir: string;
  host: string;
  /** Workers whose codeVersion() differs refuse the sweep's trials: they would train a different model. */
  codeVersion: string;
  created: string;
  /** '1' after Ctrl-C on the coordinator: running trials stop after their current batch. */
  stop: '0' | '1';
}

/**
 * Lock and stalled-job settings (BullMQ's names). A worker renews each running trial's lock every
 * lockDuration / 3; training runs on worker threads, so a busy CPU does not delay the renewal. A worker
 * that dies (kill -9, power loss) stops renewing: its lock expires after lockDuration, and the next
 * stalled-job check (every stalledInterval, by any live worker) puts the trial back in the queue for
 * another worker. So a dead worker's trial is taken up again within lockDuration + stalledInterval,
 * and continues from the last training state its worker stored (keys.partial: at most a second old,
 * or the last check); a trial whose workers die more than maxStalledCount times fails with BullMQ's
 * "stalled more than allowable limit". A worker that stalls past lockDuration (a paused VM, SIGSTOP)
 * loses the trial the same way: when it wakes, its next lock renewal fails, it stops its copy and
 * drops its result, and its stored states are refused (only the lock holder may store one).
 */
export interface LockSettings { lockDuration: number; stalledInterval: number; maxStalledCount: number }
export const DEFAULT_LOCKS: LockSettings = { lockDuration: 60_000, stalledInterval: 30_000, maxStalledCount: 3 };

export interface QueueTarget {
  /** For BullMQ and ioredis. Commands wait through a Redis restart instead of failing (maxRetriesPerRequest null). */
  connection: RedisOptions;
  /** The URL without its password, for messages. */
  shown: string;
}

/** redis://[user:password@]host[:port][/db], or rediss:// for TLS. */
export function parseQueueUrl(url: string): QueueTarget {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new UserError(`--queue ${url}: not a URL; give redis://host:port[/db], e.g. redis://127.0.0.1:6379`);
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') throw new UserError(`--queue ${url}: expected redis://host:port[/db] (or rediss:// for TLS), not ${u.protocol}//`);
  const db = u.pathname && u.pathname !== '/' ? Number(u.pathname.slice(1)) : 0;
  if (!Number.isInteger(db) || db < 0) throw new UserError(`--queue ${url}: the database "${u.pathname.slice(1)}" is not a whole number (redis://host:port/0)`);
  const connection: RedisOptions = {
    host: u.hostname || '127.0.0.1', port: u.port ? Number(u.port) : 6379, db,
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    ...(u.protocol === 'rediss:' ? { tls: {} } : {}),
    maxRetriesPerRequest: null,
    // Reconnect forever, at most every 2 s: a restarted Redis is found again.
    retryStrategy: (times: number) => Math.min(200 * times, 2000),
  };
  const shown = `${u.protocol}//${u.username ? `${u.username}@` : ''}${connection.host}:${connection.port}${db ? `/${db}` : ''}`;
  return { connection, shown };
}

/** A connection that answered PING, or a UserError naming the address and the fix. */
export async function connectRedis(target: QueueTarget, timeoutMs = 5000): Promise<Redis> {
  const redis = new Redis({ ...target.connection, lazyConnect: true });
  // It reconnects by itself and callers report what fails; the first error says why (a TLS refusal shows only as "closed").
  let first: Error | undefined;
  redis.on('error', (e: Error) => { first ??= e; });
  try {
    await withTimeout(redis.connect().then(() => redis.ping()), timeoutMs);
  } catch (e) {
    redis.disconnect();
    if (target.connection.tls && first && /certificate|altnames/i.test(first.message)) {
      throw new UserError(`cannot reach Redis at ${target.shown}: its TLS certificate is not trusted here (${first.message}); give Node the CA that signed it ` +
        'with NODE_EXTRA_CA_CERTS=<ca.pem> on the coordinator and every worker (docs/queue.md), or use a certificate the system trusts.', 1);
    }
    const said = [first?.message, (e as Error).message].find((m) => m && /WRONGPASS|NOAUTH|invalid username-password|authentication required/i.test(m));
    if (said) {
      const given = target.connection.password !== undefined;
      throw new UserError(`Redis at ${target.shown} ${given ? 'refused the password in the URL' : 'asks for a password'} (${said}); give ${given ? 'the right one' : 'it'} ` +
        'in the URL, redis[s]://[user]:password@host:port, with @ : / and spaces percent-encoded (%40 %3A %2F %20).', 1);
    }
    throw new UserError(`cannot reach Redis at ${target.shown} (${(e as Error).message}); start redis-server there ` +
      '(Debian: apt-get install -y redis-server) or fix --queue.', 1);
  }
  return redis;
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([p, new Promise<T>((_, reject) => { timer = setTimeout(() => reject(new Error(`no answer in ${ms / 1000} s`)), ms); })])
    .finally(() => clearTimeout(timer));
}

/** A sweep's id on the queue: the same folder on the same machine is the same sweep (so --resume finds it). */
export function sweepIdOf(dir: string): string {
  return createHash('sha256').update(`${hostname()}\0${dir}`).digest('hex').slice(0, 12);
}

/** host:pid, how a worker names itself in status and messages. */
export function processName(): string {
  return `${hostname()}:${process.pid}`;
}
