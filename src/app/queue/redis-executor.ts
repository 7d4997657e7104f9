/**
 * The sweep's executor on a queue: each trial becomes a BullMQ job named by its trial id (redis.ts trialJobId; queued
 * twice, it runs once), workers anywhere train it, and its answer (result and run-folder files) comes
 * back through Redis into the trial's folder here. The answer is deleted once the sweep recorded it.
 *
 * The coordinator learns of starts, progress and ends from BullMQ's queue events, and every second
 * it also looks at the jobs themselves, so an event missed while Redis restarted delays nothing.
 * Ctrl-C: no new job is queued (the sweep stops calling run), waiting jobs are removed (those trials
 * count as interrupted), and workers stop running trials after their current batch (the stop flag in
 * the sweep's hash); their answers still come back, as interrupted.
 */
import { writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { Queue, QueueEvents, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { codeVersion } from '../../core/code-version.js';
import type { ExecutorFactory, TrialExecutor, TrialHooks, TrialInput } from '../run-pool/pool.js';
import { canResume, type TrialProgress, type TrialTaskResult } from '../run-pool/trial-task.js';
import { shipDataFile, shipInitFile } from './data-shipping.js';
import { BULL_PREFIX, connectRedis, keys, parseQueueUrl, queueName, sweepIdOf, trialJobId, trialOfJob, type SweepMeta } from './redis.js';
import { takeAnswer } from './answer-folder.js';
import { plainText } from './from-redis.js';
import { signed } from './signing.js';
import { JOB_FORMAT, packRunDir, type PartialTrial, type ShippedFile, type TrialJobAnswer, type TrialJobData } from './trial-job.js';

export interface RedisExecutorOptions {
  /** redis://host:port[/db] */
  url: string;
  /** Tests only: pretend to be another engine version. */
  codeVersion?: string;
  /** The queue's shared secret (signing.ts): jobs, states and the sweep's hash are signed, answers checked. */
  secret?: Buffer;
}

interface Pending {
  task: TrialInput;
  hooks: TrialHooks;
  started: boolean;
  /** The same trial asked for again while it runs waits for the same answer. */
  result: Promise<TrialTaskResult>;
  settle(result: TrialTaskResult): void;
}

/** How often the coordinator looks at its jobs (besides the events), and renews its presence. */
const POLL_MS = 1000;

export function redisExecutor(options: RedisExecutorOptions): ExecutorFactory {
  return async (_parallel, sweep) => {
    const target = parseQueueUrl(options.url);
    const redis = await connectRedis(target);
    const sweepId = sweepIdOf(resolve(sweep.dir));
    const version = options.codeVersion ?? codeVersion();
    writeFileSync(join(sweep.dir, 'queue.json'), JSON.stringify({ queue: target.shown, sweep: sweepId, codeVersion: version }, null, 2) + '\n');
    const meta: SweepMeta = { name: sweep.name, dir: sweep.dir, host: hostname(), codeVersion: version, created: new Date().toISOString(), stop: '0' };
    const register = () => redis.multi().hset(keys.sweep(sweepId), signed(options.secret, 'sweep', sweepId, '', meta)).sadd(keys.sweeps, sweepId).set(keys.coordinator(sweepId), '1', 'PX', 15_000).exec();
    await register();

    const name = queueName(sweepId);
    const queue = new Queue<TrialJobData, TrialJobAnswer>(name, { connection: target.connection, prefix: BULL_PREFIX });
    const events = new QueueEvents(name, { connection: target.connection, prefix: BULL_PREFIX });
    queue.on('error', () => {});
    events.on('error', () => {});
    return new RedisExecutor(redis, queue, events, sweepId, version, sweep.message, target.shown, options.secret, register).executor();
  };
}

class RedisExecutor {
  private readonly pending = new Map<string, Pending>();
  private readonly shipped = new Map<string, Promise<ShippedFile>>();
  private readonly refusalsShown = new Set<string>();
  private readonly timer: NodeJS.Timeout;
  private stopping = false;
  private terminated = false;
  private polling: Promise<void> | undefined;
  private unreachable = false;
  private lastMissingCheck = 0;

  constructor(
    private readonly redis: Redis,
    private readonly queue: Queue<TrialJobData, TrialJobAnswer>,
    private readonly events: QueueEvents,
    private readonly sweepId: string,
    private readonly version: string,
    private readonly message: (text: string) => void,
    private readonly shown: string,
    private readonly secret: Buffer | undefined,
    /** Writes the sweep's hash and registration again (after a Redis that lost them). */
    private readonly register: () => Promise<unknown>,
  ) {
    events.on('active', ({ jobId }) => this.markStarted(trialOfJob(jobId)));
    events.on('progress', ({ jobId, data }) => this.pending.get(trialOfJob(jobId))?.hooks.progress?.(data as TrialProgress));
    events.on('completed', () => void this.poll());
    events.on('failed', () => void this.poll());
    this.timer = setInterval(() => void this.poll(), POLL_MS);
  }

  executor(): TrialExecutor {
    return {
      capacity: Number.MAX_SAFE_INTEGER,
      where: `on the queue ${this.shown} (sweep ${this.sweepId}; start workers with: rnnflow worker --queue ${this.shown})`,
      run: (task, hooks = {}) => this.run(task, hooks),
      recorded: (id) => this.recorded(id),
      stop: () => void this.stop(),
      terminate: async () => this.terminate(),
      close: () => this.close(),
    };
  }

  private async run(task: TrialInput, hooks: TrialHooks): Promise<TrialTaskResult> {
    const waiting = this.pending.get(task.id);
    if (waiting) return waiting.result;
    let settle!: (r: TrialTaskResult) => void;
    const result = new Promise<TrialTaskResult>((s) => { settle = s; });
    this.pending.set(task.id, { task, hooks, started: false, result, settle });
    try {
      await this.enqueue(task);
    } catch (e) {
      this.settle(task.id, { ok: false, error: `could not queue the trial on ${this.shown}: ${(e as Error).message}`, user: false });
    }
    return result;
  }

  /** Queues the trial unless its job is there already (waiting, running, or finished and not yet collected). */
  private async enqueue(task: TrialInput): Promise<void> {
    const existing = await this.queue.getJob(trialJobId(task.id));
    if (existing) {
      const state = await existing.getState();
      const answer = existing.returnvalue as TrialJobAnswer | null;
      const rerun = state === 'failed' || (state === 'completed' && answer?.result.ok && answer.result.summary.status === 'interrupted');
      if (!rerun) return;
      await existing.remove();
    }
    const data: TrialJobData = {
      format: JOB_FORMAT, sweep: this.sweepId, id: task.id, codeVersion: this.version,
      experiment: task.experiment, source: task.source, runDir: task.runDir, enqueuedAt: Date.now(), ...(task.prune ? { prune: task.prune } : {}),
      dataFile: await shipDataFile(this.redis, this.sweepId, task.experiment, task.source, this.shipped),
    };
    const initFile = await shipInitFile(this.redis, this.sweepId, task.experiment, task.source, this.shipped);
    if (initFile) data.initFile = initFile;
    // A trial stopped part way (sweep --resume after Ctrl-C) goes on from the state in its folder here,
    // on whichever worker takes it: the folder travels as the trial's saved state.
    if (canResume(task.runDir)) {
      const partial: PartialTrial = { iteration: -1, runDir: task.runDir, dataFile: data.dataFile?.path, files: packRunDir(task.runDir), by: 'coordinator' };
      await this.redis.set(keys.partial(this.sweepId, task.id), JSON.stringify(signed(this.secret, 'partial', this.sweepId, task.id, partial)));
    }
    // One attempt: a trial that throws is a result (failed, with its reason), not something to retry.
    await this.queue.add('trial', signed(this.secret, 'job', this.sweepId, task.id, data), { jobId: trialJobId(task.id), attempts: 1, removeOnComplete: false, removeOnFail: false });
    await this.redis.publish(keys.arrivals, this.sweepId);
  }

  private markStarted(id: string): void {
    const p = this.pending.get(id);
    if (!p || p.started) return;
    p.started = true;
    p.hooks.started?.();
  }

  private settle(id: string, result: TrialTaskResult): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    p.settle(result);
  }

  /** One look at the queue at a time; a look asked for during one runs right after it. */
  private poll(): Promise<void> {
    if (this.polling) return this.polling.then(() => this.poll());
    this.polling = this.look().finally(() => { this.polling = undefined; });
    return this.polling;
  }

  private async look(): Promise<void> {
    if (this.pending.size === 0 || this.terminated) return;
    try {
      await this.redis.set(keys.coordinator(this.sweepId), '1', 'PX', 15_000);
      for (const job of await this.queue.getJobs(['active'])) if (job.id) this.markStarted(trialOfJob(job.id));
      for (const job of await this.queue.getJobs(['completed', 'failed'])) if (job.id && this.pending.has(trialOfJob(job.id))) this.collectOrFail(job);
      await this.showRefusals();
      // While stopping, a trial a worker hands back (its own Ctrl-C) must not wait in the queue for nobody.
      if (this.stopping) await this.queue.drain(true);
      if (this.stopping || Date.now() - this.lastMissingCheck > 10 * POLL_MS) await this.checkMissing();
      if (this.unreachable) this.message(`reconnected to ${this.shown}`);
      this.unreachable = false;
    } catch (e) {
      if (!this.unreachable) this.message(`Redis at ${this.shown} does not answer (${(e as Error).message}); retrying, nothing is lost`);
      this.unreachable = true;
    }
  }

  /** A job whose answer cannot be written here (a full disk) is that trial's failure, not the sweep's. */
  private collectOrFail(job: Job<TrialJobData, TrialJobAnswer>): void {
    try {
      this.collect(job);
    } catch (e) {
      this.settle(trialOfJob(job.id!), { ok: false, error: `its answer came back but could not be written to ${this.pending.get(trialOfJob(job.id!))?.task.runDir}: ${plainText((e as Error).message)}`, user: false });
    }
  }

  /** A finished job: its files into the trial's folder (worker paths replaced by ours), then its result to the sweep. */
  private collect(job: Job<TrialJobData, TrialJobAnswer>): void {
    const p = this.pending.get(trialOfJob(job.id!))!;
    this.markStarted(trialOfJob(job.id!));
    if (job.failedReason !== undefined && !job.returnvalue) {
      this.settle(trialOfJob(job.id!), { ok: false, error: `on the queue: ${plainText(job.failedReason)}`, user: false });
      return;
    }
    // A worker's answer is untrusted: well-formed and signed, or the trial fails with the reason.
    this.settle(trialOfJob(job.id!), takeAnswer(job, this.sweepId, trialOfJob(job.id!), this.secret, p.task));
  }

  /** Jobs that vanished (drained after Ctrl-C, cleaned, lost by a Redis without AOF). */
  private async checkMissing(): Promise<void> {
    this.lastMissingCheck = Date.now();
    if (!this.stopping && this.pending.size && !(await this.redis.exists(keys.sweep(this.sweepId)))) {
      // Redis lost everything (restarted without persistence): workers look only at registered sweeps,
      // and the shipped files are gone too, so register again and ship again before re-queuing.
      this.message(`Redis at ${this.shown} lost this sweep (restarted without persistence?); registering it again and queuing its unfinished trials again`);
      this.shipped.clear();
      await this.register();
    }
    for (const [id, p] of [...this.pending]) {
      if ((await this.queue.getJobState(trialJobId(id))) !== 'unknown') continue;
      if (this.stopping) this.settle(id, { ok: false, error: 'taken off the queue by Ctrl-C before it started', user: false });
      else {
        this.message(`trial ${id} is no longer on the queue; queuing it again`);
        await this.enqueue(p.task);
      }
    }
  }

  private async showRefusals(): Promise<void> {
    const refused = await this.redis.hgetall(keys.refused(this.sweepId));
    for (const [worker, why] of Object.entries(refused)) {
      if (this.refusalsShown.has(worker)) continue;
      this.refusalsShown.add(worker);
      this.message(`worker ${worker} refuses this sweep's trials: ${why}`);
    }
  }

  private async recorded(id: string): Promise<void> {
    try {
      await this.queue.remove(trialJobId(id));
      await this.redis.del(keys.partial(this.sweepId, id));
    } catch (e) {
      this.message(`trial ${id} is recorded, but its answer could not be deleted from ${this.shown} (${(e as Error).message}); rnnflow queue clean removes it`);
    }
  }

  private async stop(): Promise<void> {
    this.stopping = true;
    try {
      await this.redis.hset(keys.sweep(this.sweepId), 'stop', '1');
      await this.queue.drain(true);
      await this.poll();
    } catch (e) {
      this.message(`could not reach ${this.shown} to stop the sweep's trials (${(e as Error).message}); they finish on their workers and --resume collects them`);
    }
  }

  private terminate(): void {
    this.terminated = true;
    for (const id of [...this.pending.keys()]) this.settle(id, { ok: false, error: 'left running on its worker by a second Ctrl-C; --resume collects it', user: false });
  }

  /** Leaves nothing in Redis when every trial was collected; else keeps the sweep for --resume. */
  private async close(): Promise<void> {
    clearInterval(this.timer);
    await this.polling;
    try {
      const counts = await this.queue.getJobCounts();
      if (!this.terminated && Object.values(counts).every((n) => n === 0)) {
        await this.queue.obliterate({ force: true });
        // Its coordinator mark, refusals, data files and saved trial states.
        const parts = await this.redis.keys(`${keys.sweep(this.sweepId)}:*`);
        await this.redis.multi().del(keys.sweep(this.sweepId), ...parts).srem(keys.sweeps, this.sweepId).exec();
      } else {
        await this.redis.del(keys.coordinator(this.sweepId));
      }
    } finally {
      await Promise.allSettled([this.events.close(), this.queue.close()]);
      this.redis.disconnect();
    }
  }
}
