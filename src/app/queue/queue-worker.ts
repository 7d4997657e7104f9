/**
 * `rnnflow worker`: takes trials from every sweep on a queue (or one, --sweep), at most `parallel` at
 * once, and trains each exactly as a local sweep does: the same trial task on a piscina worker thread,
 * so this process's event loop stays free to renew the trials' locks however busy the CPU is.
 *
 * Jobs are fetched by hand (BullMQ's manual processing): a worker serves many sweeps (one BullMQ
 * queue each) under one limit, and looks at a sweep's hash before taking its trials (a different code
 * version → refuse, with a message for the coordinator; Ctrl-C there → take nothing). Each trial's
 * answer (result and run-folder files) goes back as the job's return value; the local folder is
 * deleted. While a trial trains, its folder as of each saved training state is stored in Redis
 * (partial-state.ts), so whichever worker takes the trial up next — after this one dies, stalls or leaves
 * — resumes it from there instead of starting again. Ctrl-C here: take nothing more, stop running
 * trials after their current batch with their state stored and put them back in the queue for
 * another worker; a second Ctrl-C quits at once (their locks expire, and another worker takes them
 * up from their last stored state).
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { codeVersion } from '../../core/code-version.js';
import { EXIT } from '../../core/exit-codes.js';
import { onInterrupt } from '../../core/interrupt.js';
import { createWorkerPool, stopFlag, type WorkerPool } from '../run-pool/pool.js';
import type { SavedState, TrialProgress } from '../run-pool/trial-task.js';
import { localTrial } from './data-shipping.js';
import { BULL_PREFIX, connectRedis, DEFAULT_LOCKS, keys, parseQueueUrl, processName, queueName, trialOfJob, type LockSettings, type QueueTarget } from './redis.js';
import { restorePartial, PartialStateSender } from './partial-state.js';
import { packRunDir, type TrialJobAnswer, type TrialJobData } from './trial-job.js';
import { SWEEP_ID } from './job-schema.js';
import { checkJob, sweepRefusal } from './from-redis.js';
import { signed } from './signing.js';
import { pathInside } from '../../core/path-inside.js';

export interface QueueWorkerOptions {
  url: string;
  /** Trials at once (default 1). */
  parallel?: number;
  /** Overrides each trial's train.threads (execution only: results are the same). */
  threads?: number;
  /** Only this sweep's trials. */
  sweep?: string;
  /** Where trials run and data files are cached (default: a folder under the system's temp folder). */
  dir: string;
  locks?: Partial<LockSettings>;
  /** Lines for the log (default stdout). */
  log?: (line: string) => void;
  /** Aborting it is Ctrl-C; without it, SIGINT and SIGTERM. */
  signal?: AbortSignal;
  /** The queue's shared secret (signing.ts): with it, unsigned or mis-signed sweeps, jobs and states are refused. */
  secret?: Buffer;
}

interface Running {
  sweep: string;
  job: Job<TrialJobData, TrialJobAnswer>;
  token: string;
  stop: Int32Array;
  lockLost: boolean;
  leaving: boolean;
  /** Its saved states on their way to Redis. */
  states: PartialStateSender;
}

/** An idle worker looks for trials this often; a trial queued (keys.arrivals) wakes it at once. */
const IDLE_MS = 500;
const HEARTBEAT_MS = 5000;

export async function runQueueWorker(opts: QueueWorkerOptions): Promise<number> {
  const target = parseQueueUrl(opts.url);
  const redis = await connectRedis(target);
  const worker = new QueueWorker(redis, target, opts);
  return worker.run();
}

class QueueWorker {
  private readonly name = processName();
  private readonly version = codeVersion();
  private readonly parallel: number;
  private readonly locks: LockSettings;
  private readonly dir: string;
  private readonly log: (line: string) => void;
  private readonly bull = new Map<string, Worker<TrialJobData, TrialJobAnswer>>();
  private readonly running = new Map<string, Running>();
  private readonly refused = new Set<string>();
  private readonly pool: WorkerPool;
  private closing = false;
  private wake: () => void = () => {};
  /** A trial was queued since the last look (a message that came while this worker was looking is not lost). */
  private arrived = false;
  private tokens = 0;
  private rotate = 0;
  private unreachable = false;
  private readonly since = new Date().toISOString();

  constructor(private readonly redis: Redis, private readonly target: QueueTarget, private readonly opts: QueueWorkerOptions) {
    this.parallel = Math.max(1, opts.parallel ?? 1);
    this.locks = { ...DEFAULT_LOCKS, ...opts.locks };
    this.dir = resolve(opts.dir);
    this.log = opts.log ?? ((line) => process.stdout.write(`${line}\n`));
    this.pool = createWorkerPool(this.parallel);
  }

  async run(): Promise<number> {
    mkdirSync(this.dir, { recursive: true });
    this.log(`worker ${this.name} (code ${this.version}): ${this.parallel} trial(s) at a time from ${this.opts.sweep ? `sweep ${this.opts.sweep}` : 'every sweep'} on ${this.target.shown}; files in ${this.dir}`);
    const release = this.listenForStop();
    const heartbeat = setInterval(() => void this.heartbeat(), HEARTBEAT_MS);
    // Subscribed on its own connection (a subscribed one takes no other commands); it resubscribes after a reconnect.
    const arrivals = this.redis.duplicate();
    arrivals.on('error', () => { /* takeNext reports connection trouble */ });
    arrivals.on('message', () => { this.arrived = true; this.wake(); });
    await arrivals.subscribe(keys.arrivals).catch(() => {});
    const stopPoll = setInterval(() => void this.pollStops(), 1000);
    await this.heartbeat();
    try {
      while (!this.closing) {
        this.arrived = false;
        const job = this.running.size < this.parallel ? await this.takeNext() : undefined;
        if (job || this.arrived) continue;
        await new Promise<void>((wake) => {
          const timer = setTimeout(wake, IDLE_MS);
          this.wake = () => { clearTimeout(timer); wake(); };
        });
      }
      while (this.running.size) await new Promise<void>((wake) => { this.wake = wake; });
    } finally {
      release();
      clearInterval(heartbeat);
      clearInterval(stopPoll);
      await Promise.allSettled([...this.bull.values()].map((w) => w.close()));
      await this.redis.del(keys.worker(this.name)).catch(() => {});
      arrivals.disconnect();
      await this.pool.close();
      this.redis.disconnect();
    }
    this.log(`worker ${this.name}: stopped`);
    return 0;
  }

  /** The next job of some sweep this worker may serve (sweeps taken in turn), started; undefined when there is none. */
  private async takeNext(): Promise<boolean> {
    try {
      // A sweep id names folders here: only well-formed ones are looked at.
      const sweeps = (this.opts.sweep ? [this.opts.sweep] : (await this.redis.smembers(keys.sweeps)).sort()).filter((id) => new RegExp(SWEEP_ID).test(id));
      for (const w of [...this.bull.keys()]) if (!sweeps.includes(w)) void this.bull.get(w)!.close().finally(() => this.bull.delete(w));
      for (let i = 0; i < sweeps.length; i++) {
        const sweep = sweeps[(this.rotate + i) % sweeps.length];
        if (!(await this.mayServe(sweep))) continue;
        const token = `${this.name}:${++this.tokens}`;
        const job = await this.bullFor(sweep).getNextJob(token, { block: false });
        if (!job) continue;
        this.rotate = (this.rotate + i + 1) % sweeps.length;
        void this.work(sweep, job, token);
        if (this.unreachable) this.log(`reconnected to ${this.target.shown}`);
        this.unreachable = false;
        return true;
      }
    } catch (e) {
      if (!this.unreachable) this.log(`Redis at ${this.target.shown} does not answer (${(e as Error).message}); retrying`);
      this.unreachable = true;
    }
    return false;
  }

  /** A sweep is served when its coordinator's code version is ours and it was not stopped. */
  private async mayServe(sweep: string): Promise<boolean> {
    const meta = await this.redis.hgetall(keys.sweep(sweep));
    if (!meta.codeVersion || meta.stop === '1') return false;
    const why = sweepRefusal(this.opts.secret, sweep, meta, this.version);
    if (why === undefined) return true;
    if (!this.refused.has(sweep)) {
      this.refused.add(sweep);
      this.log(`refusing sweep ${sweep}: ${why}`);
      await this.redis.hset(keys.refused(sweep), this.name, why);
    }
    return false;
  }

  private bullFor(sweep: string): Worker<TrialJobData, TrialJobAnswer> {
    let w = this.bull.get(sweep);
    if (!w) {
      w = new Worker<TrialJobData, TrialJobAnswer>(queueName(sweep), null, {
        connection: this.target.connection, prefix: BULL_PREFIX, autorun: false, name: this.name, ...this.locks,
      });
      w.on('error', () => { /* connection trouble: takeNext reports it */ });
      // Any live worker moves a dead worker's trials (lock expired) back to the queue.
      void w.startStalledCheckTimer();
      this.bull.set(sweep, w);
    }
    return w;
  }

  /** Trains one trial and answers its job; never throws. */
  private async work(sweep: string, job: Job<TrialJobData, TrialJobAnswer>, token: string): Promise<void> {
    const data = job.data;
    const trial = trialOfJob(job.id!);
    const lockKey = `${this.bullFor(sweep).toKey(job.id!)}:lock`;
    const states = new PartialStateSender(this.redis, sweep, trial, lockKey, token, this.opts.secret);
    const entry: Running = { sweep, job, token, stop: stopFlag(), lockLost: false, leaving: false, states };
    this.running.set(token, entry);
    const lock = setInterval(() => void this.renewLock(entry, token), this.locks.lockDuration / 3);
    let runDir: string | undefined;
    const startedAt = Date.now();
    try {
      // Nothing of the job is used before it is known to be well-formed, this sweep's, this trial's and signed.
      checkJob(data, sweep, trial, this.opts.secret);
      runDir = pathInside(this.dir, 'trials', sweep, data.id);
      if (data.codeVersion !== this.version) throw new Error(`worker ${this.name} runs rnnflow code version ${this.version}, the trial needs ${data.codeVersion}`);
      rmSync(runDir, { recursive: true, force: true });
      mkdirSync(runDir, { recursive: true });
      const { experiment, source, dataFile, initFile } = await localTrial(this.redis, data, sweep, runDir, join(this.dir, 'files'), this.opts.threads);
      const resumed = await restorePartial(this.redis, sweep, data.id, runDir, experiment, source, dataFile, this.opts.secret);
      this.log(`trial ${data.id} (sweep ${sweep}): started${resumed ? ` (resuming at iteration ${resumed.iteration}, state saved by ${resumed.by})` : ''}`);
      // The trial sends at most one a second; each goes to the coordinator's live view.
      const progress = (p: TrialProgress) => void job.updateProgress(p).catch(() => {});
      const folder = runDir;
      const stateSaved = (s: SavedState) => states.send({ iteration: s.iteration, runDir: folder, dataFile, files: s.files, by: this.name });
      const task = { id: data.id, experiment, source, runDir, stop: entry.stop, prune: data.prune, shipState: true };
      const result = await this.pool.run(task, { progress, stateSaved });
      await states.flushed();
      if (entry.lockLost) {
        this.log(`trial ${data.id}: another worker took it over (this worker lost its lock); result dropped`);
      } else if (entry.leaving && result.ok && result.summary.status === 'interrupted') {
        // Its folder now ends at the state saved when it stopped: that is where the next worker goes on.
        states.send({ iteration: -1, runDir, dataFile, files: packRunDir(runDir), by: this.name });
        await states.flushed();
        await job.moveToWait(token);
        await this.redis.publish(keys.arrivals, sweep).catch(() => {});
        this.log(`trial ${data.id}: stopped by this worker's Ctrl-C with its state saved, and put back in the queue`);
      } else {
        const answer: TrialJobAnswer = {
          result, files: packRunDir(runDir), worker: this.name, workerRunDir: runDir, workerDataFile: dataFile,
          ...(initFile ? { workerInitFile: initFile } : {}), startedAt, finishedAt: Date.now(),
        };
        await job.moveToCompleted(signed(this.opts.secret, 'answer', sweep, data.id, answer), token, false);
        this.log(`trial ${data.id}: ${result.ok ? result.summary.status : `failed: ${result.error.split('\n')[0]}`} (${((Date.now() - startedAt) / 1000).toFixed(1)} s)`);
      }
    } catch (e) {
      this.log(`trial ${runDir ? data.id : trial}: ${(e as Error).message}`);
      await job.moveToFailed(e as Error, token, false).catch(() => {});
    } finally {
      clearInterval(lock);
      if (runDir) rmSync(runDir, { recursive: true, force: true });
      this.running.delete(token);
      this.wake();
    }
  }

  private async renewLock(entry: Running, token: string): Promise<void> {
    try {
      const held = await entry.job.extendLock(token, this.locks.lockDuration);
      if (!held && !entry.lockLost) {
        // The lock expired (this process was paused longer than lockDuration) and another worker runs the trial.
        entry.lockLost = true;
        Atomics.store(entry.stop, 0, 1);
      }
    } catch {
      // Redis is away; the lock is renewed when it is back (if it expired meanwhile, the above applies).
    }
  }

  /** Ctrl-C on a sweep's coordinator stops its running trials here. */
  private async pollStops(): Promise<void> {
    const sweeps = new Set([...this.running.values()].map((r) => r.sweep));
    for (const sweep of sweeps) {
      try {
        if ((await this.redis.hget(keys.sweep(sweep), 'stop')) !== '1') continue;
        for (const r of this.running.values()) if (r.sweep === sweep) Atomics.store(r.stop, 0, 1);
      } catch { /* Redis away: asked again in a second */ }
    }
  }

  private async heartbeat(): Promise<void> {
    const running = [...this.running.values()].map((r) => ({ sweep: r.sweep, trial: r.job.data.id }));
    const info = { name: this.name, codeVersion: this.version, parallel: this.parallel, running, since: this.since };
    await this.redis.set(keys.worker(this.name), JSON.stringify(info), 'PX', 3 * HEARTBEAT_MS).catch(() => {});
  }

  private listenForStop(): () => void {
    return onInterrupt({
      stop: () => {
        this.closing = true;
        this.log(`stopping: no new trials; ${this.running.size} running trial(s) stop after their current batch and go back to the queue (again to quit at once)`);
        for (const r of this.running.values()) {
          r.leaving = true;
          Atomics.store(r.stop, 0, 1);
        }
        this.wake();
      },
      quit: () => {
        this.log('second stop: quitting now; the running trials go back to the queue when their locks expire');
        process.exit(EXIT.interrupted);
      },
    }, this.opts.signal);
  }
}
