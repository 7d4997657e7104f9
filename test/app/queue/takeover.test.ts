/**
 * A trial whose worker goes away part way continues on another worker from its last saved training
 * state (not from the start), and the sweep's results are bit for bit those of a local sweep: the
 * worker killed with kill -9, stopped with Ctrl-C (it hands its trial back), or stalled past its lock
 * (SIGSTOP: another worker takes the trial over, and the stalled one, woken, drops its copy).
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { runSweep } from '../../../src/app/sweep/index.js';
import { keys } from '../../../src/app/queue/redis.js';
import type { PartialTrial } from '../../../src/app/queue/trial-job.js';
import { queueStatus } from '../../../src/app/queue/queue-admin.js';
import { capture, writeSweep } from '../sweep/fixtures.js';
import { startRedisOrSkip, type TestRedis } from '../../helpers/redis.js';
import { onlySweepDir, resultsWithoutTime, startWorker, stopWorker, watchedQueue, type TestWorker } from './helpers.js';

const base = {
  name: 'long', seed: 3,
  data: { name: 'minus', bits: 4 },
  model: { netType: 'binary', outputMode: 'each', hiddenSize: 6, bias: false },
  train: { eta: 0.3, maxEpochs: 2, batchSize: 8 },
  sinks: ['jsonl', 'csv', 'checkpoint', 'summary'],
};
/** A long trial (first in the queue, so the first worker takes it) and a short one. */
const sweep = { parameters: { 'train.maxEpochs': [1200, 3] } };

/** The files of a trial that must be the same bits as the local sweep's. */
const SAME_FILES = ['metrics.csv', 'params/init.json', 'params/best.json', 'params/final.json', 'experiment.resolved.json', 'dataset.json'];

describe('sweep on a Redis queue: a trial taken over by another worker resumes from its saved state', function () {
  this.timeout(400_000);
  let redis: TestRedis | undefined;
  let client: Redis | undefined;
  let workers: TestWorker[] = [];
  let localDir = '';

  before(async function () {
    redis = await startRedisOrSkip(this);
    client = new Redis(redis.url);
    const local = writeSweep(sweep, base);
    expect(await runSweep(local, { parallel: 2, out: capture(), plain: true, signal: new AbortController().signal })).to.equal(0);
    localDir = onlySweepDir(join(local, '..', 'out'));
  });
  afterEach(async () => {
    for (const w of workers) w.proc.kill('SIGCONT');
    await Promise.all(workers.map(stopWorker));
    workers = [];
  });
  after(async () => {
    client?.disconnect();
    await redis?.stop();
  });

  const worker = () => {
    const w = startWorker(redis!.url);
    workers.push(w);
    return w;
  };

  /** The first trial `w` starts, once `w` has stored a state of it past iteration 0 in Redis. */
  async function trainingWithSavedState(w: TestWorker): Promise<{ trial: string; partial: PartialTrial }> {
    const [, trial, sweepId] = await w.waitFor(/trial (\w+) \(sweep (\w+)\): started/);
    for (let i = 0; i < 600; i++) {
      const text = await client!.get(keys.partial(sweepId, trial));
      const partial = text ? (JSON.parse(text) as PartialTrial) : undefined;
      if (partial && partial.iteration > 0 && partial.by === w.name) return { trial, partial };
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`no saved state of trial ${trial} in Redis:\n${w.output()}`);
  }

  /** The sweep's results and the trial's files are the local sweep's; the trial's events show a resume past iteration 0. */
  function expectSameAsLocal(remoteDir: string, trial: string, resumedAt: number): void {
    expect(resultsWithoutTime(remoteDir)).to.deep.equal(resultsWithoutTime(localDir));
    const file = (dir: string, f: string) => readFileSync(join(dir, 'trials', trial, f), 'utf8');
    for (const f of SAME_FILES) expect(file(remoteDir, f), f).to.equal(file(localDir, f));
    const summary = (dir: string) => {
      const { seconds: _s, runDir: _r, ...rest } = JSON.parse(file(dir, 'summary.json'));
      return rest;
    };
    expect(summary(remoteDir)).to.deep.equal(summary(localDir));
    const resumes = file(remoteDir, 'events.jsonl').split('\n').filter((l) => l.startsWith('{"type":"resume"')).map((l) => JSON.parse(l));
    expect(resumes.map((r) => r.iteration)).to.deep.equal([resumedAt]);
    expect(resumedAt).to.be.greaterThan(0);
    // No path of a worker's folder reached the coordinator's files.
    expect(file(remoteDir, 'events.jsonl')).to.not.match(/rnnflow-worker-/);
  }

  async function sweepOnQueue(): Promise<{ done: Promise<number>; dir: () => string }> {
    const file = writeSweep(sweep, base);
    const out = capture();
    const done = runSweep(file, { executor: watchedQueue(redis!.url), out, plain: true, signal: new AbortController().signal });
    // What the coordinator and the workers said, when the sweep did not deliver.
    const explained = done.then((code) => {
      if (code !== 0) console.log(out.text(), workers.map((w) => w.output()).join('\n---\n'));
      return code;
    });
    return { done: explained, dir: () => onlySweepDir(join(file, '..', 'out')) };
  }

  it('kill -9 mid-trial: after its lock expires, another worker resumes it from the state the dead one stored', async () => {
    const s = await sweepOnQueue();
    const victim = worker();
    const { trial } = await trainingWithSavedState(victim);
    victim.proc.kill('SIGKILL');
    const rescuer = worker();
    const [, at] = await rescuer.waitFor(new RegExp(`trial ${trial} \\(sweep \\w+\\): started \\(resuming at iteration (\\d+), state saved by ${victim.name.replace(/[.]/g, '\\.')}\\)`));
    expect(await s.done).to.equal(0);
    expectSameAsLocal(s.dir(), trial, Number(at));
    expect(JSON.parse(readFileSync(join(s.dir(), 'trials', trial, 'queue.json'), 'utf8')).worker).to.equal(rescuer.name);
    expect((await queueStatus(redis!.url)).sweeps).to.deep.equal([]);
  });

  it("Ctrl-C on a worker: its running trial stops with its state saved and goes back to the queue; another worker continues it", async () => {
    const s = await sweepOnQueue();
    const leaving = worker();
    const { trial } = await trainingWithSavedState(leaving);
    leaving.proc.kill('SIGINT');
    await leaving.waitFor(new RegExp(`trial ${trial}: stopped by this worker's Ctrl-C with its state saved, and put back in the queue`));
    expect(await leaving.exited).to.equal(0);
    const next = worker();
    const [, at] = await next.waitFor(new RegExp(`trial ${trial} \\(sweep \\w+\\): started \\(resuming at iteration (\\d+)`));
    expect(await s.done).to.equal(0);
    expectSameAsLocal(s.dir(), trial, Number(at));
  });

  it('a worker stalled past its lock (SIGSTOP): another takes the trial over from its state; the stalled one, woken, drops its copy', async () => {
    const s = await sweepOnQueue();
    const stalled = worker();
    const { trial } = await trainingWithSavedState(stalled);
    stalled.proc.kill('SIGSTOP');
    const other = worker();
    const [, at] = await other.waitFor(new RegExp(`trial ${trial} \\(sweep \\w+\\): started \\(resuming at iteration (\\d+)`));
    stalled.proc.kill('SIGCONT');
    // Woken, it finds its lock gone: it stops the trial (or its answer is refused) and stores nothing over the new holder's state.
    await stalled.waitFor(new RegExp(`trial ${trial}: (another worker took it over \\(this worker lost its lock\\); result dropped|.*lock)`, 'i'));
    expect(await s.done).to.equal(0);
    expectSameAsLocal(s.dir(), trial, Number(at));
    expect(JSON.parse(readFileSync(join(s.dir(), 'trials', trial, 'queue.json'), 'utf8')).worker).to.equal(other.name);
  });
});
