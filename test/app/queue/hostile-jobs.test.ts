/**
 * Hostile jobs put straight into Redis, taken by a real worker process: none of them may delete,
 * write or read anything outside the worker's folder, and each is refused with the reason. Then the
 * queue's own defences: a shared secret, a password-protected Redis, and a Redis that restarts
 * without persistence mid-sweep.
 */
import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { codeVersion } from '../../../src/core/code-version.js';
import { BULL_PREFIX, keys, parseQueueUrl, queueName } from '../../../src/app/queue/redis.js';
import { redisExecutor } from '../../../src/app/queue/redis-executor.js';
import { runSweep } from '../../../src/app/sweep/index.js';
import { tempDir as cliTemp } from '../../helpers/cli.js';
import { capture, writeSweep } from '../sweep/fixtures.js';
import { startRedisOrSkip, type TestRedis } from '../../helpers/redis.js';
import { onlySweepDir, startWorker, stopWorker, type TestWorker } from './helpers.js';
import { goodJob } from './hostile-input.test.js';

const SWEEP = '5eed5eed5eed';
const base = {
  name: 'tiny', seed: 5, data: { name: 'minus', bits: 3 },
  model: { netType: 'binary', outputMode: 'each', hiddenSize: 3, bias: false },
  train: { eta: 0.5, maxEpochs: 5, batchSize: 6 }, sinks: ['jsonl', 'summary'],
};
const packed = (text: string) => gzipSync(Buffer.from(text)).toString('base64');

async function settled(queue: Queue, jobId: string, timeoutMs = 60_000): Promise<{ state: string; text: string }> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    // The state first, then the job: a job read before it failed would have no reason yet (a race a busy machine loses).
    const state = await queue.getJobState(jobId);
    const job = state === 'failed' || state === 'completed' ? await queue.getJob(jobId) : undefined;
    if (job) return { state, text: JSON.stringify({ reason: job.failedReason, value: job.returnvalue }) };
    if (Date.now() > end) throw new Error(`job ${jobId} still ${state}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('hostile jobs on a Redis queue', function () {
  this.timeout(300_000);
  let redis: TestRedis | undefined;
  let workers: TestWorker[] = [];
  before(async function () {
    redis = await startRedisOrSkip(this);
  });
  afterEach(async () => {
    await Promise.all(workers.map(stopWorker));
    workers = [];
  });
  after(async () => { await redis?.stop(); });

  it('a trial id, a shipped file name or a saved state that walks out, and a job naming a local file: each refused, nothing outside touched or read', async () => {
    const w = startWorker(redis!.url);
    workers.push(w);
    await w.waitFor(/^worker \S+ \(code/m);
    // What an attacker aims at, beside the worker's folder (work/trials/<sweep>/<id> is four levels down).
    const victim = join(w.dir, 'victimdir');
    mkdirSync(victim);
    writeFileSync(join(victim, 'keep.txt'), 'precious');
    const creds = join(w.dir, 'creds.csv');
    writeFileSync(creds, 'AWS_SECRET_KEY_HEADER,x\n1,2\n');
    const conn = new Redis(parseQueueUrl(redis!.url).connection);
    const queue = new Queue(queueName(SWEEP), { connection: parseQueueUrl(redis!.url).connection, prefix: BULL_PREFIX });
    try {
      await conn.hset(keys.sweep(SWEEP), { name: 'evil', dir: '/x', host: 'h', codeVersion: codeVersion(), created: 'now', stop: '0' });
      const bytes = Buffer.from('#!/bin/sh\necho owned\n');
      const sha = createHash('sha256').update(bytes).digest('hex');
      await conn.set(keys.file(SWEEP, sha), bytes);
      const job = (id: string, extra: object) => ({ ...goodJob(), sweep: SWEEP, id, codeVersion: codeVersion(), experiment: base, dataFile: undefined, ...extra });
      await conn.set(keys.partial(SWEEP, 'cccccccccccc'), JSON.stringify({ iteration: 1, runDir: '/x', files: { '../../../../pwned/authorized_keys': packed('ssh-rsa AAAA') }, by: 'h:1' }));
      const cases: [string, object, RegExp][] = [
        ['t1', job('../../../../victimdir', {}), /refused: the job .*\/id/],
        ['taaaaaaaaaaaa', job('aaaaaaaaaaaa', { experiment: { ...base, data: { name: 'csv', file: 'x.sh' } }, dataFile: { sha256: sha, name: '../../../x.sh', path: '/x/x.sh' } }), /dataFile\/name/],
        ['tbbbbbbbbbbbb', job('bbbbbbbbbbbb', { experiment: { ...base, data: { name: 'csv', file: creds, target: 'x' } } }), /names a data file but ships none/],
        ['tcccccccccccc', job('cccccccccccc', {}), /refused: the partial/],
        ['tdddddddddddd', job('dddddddddddd', { runAs: 'root' }), /additional properties .*runAs/],
      ];
      for (const [jobId, data] of cases) await queue.add('trial', JSON.parse(JSON.stringify(data)), { jobId, attempts: 1 });
      await conn.sadd(keys.sweeps, SWEEP);
      for (const [jobId, , reason] of cases) {
        const { state, text } = await settled(queue, jobId);
        expect(state, jobId).to.equal('failed');
        expect(text, `${jobId}: ${text.slice(0, 300)}`).to.match(reason);
        expect(text, jobId).not.to.include('AWS_SECRET_KEY_HEADER');
      }
      expect(readFileSync(join(victim, 'keep.txt'), 'utf8')).to.equal('precious');
      expect(existsSync(join(w.dir, 'x.sh'))).to.equal(false);
      expect(existsSync(join(w.dir, 'pwned'))).to.equal(false);
    } finally {
      await conn.del(keys.sweep(SWEEP));
      await conn.srem(keys.sweeps, SWEEP);
      await queue.obliterate({ force: true }).catch(() => {});
      await queue.close();
      conn.disconnect();
    }
  });

  it('a worker with the secret refuses an unsigned sweep, and trains a sweep signed with it', async () => {
    const dir = cliTemp('rnnflow-secret-');
    writeFileSync(join(dir, 'secret'), 'correct horse battery staple\n');
    const w = startWorker(redis!.url, ['--secret-file', join(dir, 'secret')]);
    workers.push(w);
    const conn = new Redis(parseQueueUrl(redis!.url).connection);
    try {
      await conn.hset(keys.sweep(SWEEP), { name: 'unsigned', dir: '/x', host: 'h', codeVersion: codeVersion(), created: 'now', stop: '0' });
      await conn.sadd(keys.sweeps, SWEEP);
      await w.waitFor(/refusing sweep 5eed5eed5eed: refused: the sweep is not signed/);
    } finally {
      await conn.del(keys.sweep(SWEEP), keys.refused(SWEEP));
      await conn.srem(keys.sweeps, SWEEP);
      conn.disconnect();
    }
    const file = writeSweep({ parameters: { 'model.hiddenSize': [2, 3] } }, base);
    const out = capture();
    const code = await runSweep(file, { executor: redisExecutor({ url: redis!.url, secret: Buffer.from('correct horse battery staple') }), out, plain: true });
    expect(out.text()).to.match(/2 done, 0 failed/);
    expect(code).to.equal(0);
  });
});

describe('a hostile answer on a Redis queue', function () {
  this.timeout(300_000);
  let redis: TestRedis | undefined;
  before(async function () {
    redis = await startRedisOrSkip(this);
  });
  after(async () => { await redis?.stop(); });

  it('the coordinator refuses an answer that would write outside the sweep folder or inject a results.csv row: the trial fails, nothing is written', async () => {
    const file = writeSweep({ parameters: { 'model.hiddenSize': [2] } }, base);
    const out = capture();
    const done = runSweep(file, { executor: redisExecutor({ url: redis!.url }), out, plain: true });
    const conn = new Redis(parseQueueUrl(redis!.url).connection);
    let sweep: string[] = [];
    while (!sweep.length) {
      sweep = await conn.smembers(keys.sweeps);
      await new Promise((r) => setTimeout(r, 100));
    }
    // An impostor worker takes the trial and answers with files that walk out and a status line that adds a row.
    const impostor = new Worker(queueName(sweep[0]), null, { connection: parseQueueUrl(redis!.url).connection, prefix: BULL_PREFIX, autorun: false });
    let job;
    while (!(job = await impostor.getNextJob('evil'))) await new Promise((r) => setTimeout(r, 100));
    const evil = join(file, '..', 'evil.sh');
    const answer = {
      result: { ok: false, error: 'x\u001b]0;owned\u0007\r\n1,injected,done', user: false },
      files: { '../../../../evil.sh': packed('#!/bin/sh') }, worker: 'evil:1', workerRunDir: '/w', startedAt: 1, finishedAt: 2,
    };
    await job.moveToCompleted(answer, 'evil', false);
    expect(await done).to.equal(1);
    await impostor.close();
    conn.disconnect();
    expect(out.text()).to.match(/refused: the answer/);
    expect(existsSync(evil)).to.equal(false);
    const csv = readFileSync(join(onlySweepDir(join(file, '..', 'out')), 'results.csv'), 'utf8');
    expect(csv).not.to.include('injected');
    expect(csv.trim().split('\n')).to.have.length(2);
  });
});

describe('a password-protected Redis, and one without persistence', function () {
  this.timeout(300_000);
  let workers: TestWorker[] = [];
  let servers: TestRedis[] = [];
  afterEach(async () => {
    await Promise.all(workers.map(stopWorker));
    workers = [];
    await Promise.all(servers.map((s) => s.stop()));
    servers = [];
  });

  it('redis://:password@host: the coordinator and a worker connect with it and the sweep completes; without it, a clear error', async function () {
    const server = await startRedisOrSkip(this, { password: 'p@ss word' });
    servers.push(server);
    expect(server.url).to.match(/^redis:\/\/:p%40ss%20word@127\.0\.0\.1:\d+$/);
    workers.push(startWorker(server.url));
    const file = writeSweep({ parameters: { 'model.hiddenSize': [2, 3] } }, base);
    const out = capture();
    expect(await runSweep(file, { executor: redisExecutor({ url: server.url }), out, plain: true })).to.equal(0);
    expect(out.text()).to.match(/2 done, 0 failed/);
    const bare = server.url.replace(/:[^:@/]*@/, '');
    const err = capture();
    await runSweep(writeSweep({ parameters: { 'model.hiddenSize': [2] } }, base), { executor: redisExecutor({ url: bare }), out: err, plain: true }).catch((e: Error) => err.write(e.message));
    expect(err.text()).to.match(/Redis at redis:\/\/127\.0\.0\.1:\d+ asks for a password \(NOAUTH.*\); give it in the URL/);
  });

  it('Redis restarted without persistence mid-sweep: the coordinator notices the sweep is gone, registers it again, and the sweep completes', async function () {
    const server = await startRedisOrSkip(this, { persist: false });
    servers.push(server);
    workers.push(startWorker(server.url));
    const file = writeSweep({ parameters: { 'model.hiddenSize': [2, 3, 4, 5] }, parallel: 1 }, { ...base, train: { ...base.train, maxEpochs: 200 } });
    const out = capture();
    const done = runSweep(file, { executor: redisExecutor({ url: server.url }), out, plain: true });
    const end = Date.now() + 120_000;
    while (!/^done {4}\w+/m.test(out.text())) {
      if (Date.now() > end) throw new Error(`no trial finished:\n${out.text()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    await server.restart(500);
    expect(await done).to.equal(0);
    expect(out.text()).to.match(/lost this sweep \(restarted without persistence\?\); registering it again/);
    expect(out.text()).to.match(/4 done, 0 failed/);
    expect(JSON.parse(readFileSync(join(onlySweepDir(join(file, '..', 'out')), 'results.json'), 'utf8')).counts.done).to.equal(4);
  });
});
