/**
 * Faults on a Redis queue, each with real worker processes: Redis restarted mid-sweep, a trial that
 * fails on its worker, weights to start from that only the coordinator has, a worker of another
 * code version, Ctrl-C and --resume, a trial queued twice.
 */
import { expect } from 'chai';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runSweep } from '../../../src/app/sweep/index.js';
import { redisExecutor } from '../../../src/app/queue/redis-executor.js';
import { validateExperiment } from '../../../src/app/experiment-file.js';
import { queueStatus } from '../../../src/app/queue/queue-admin.js';
import type { TrialProgress } from '../../../src/app/run-pool/trial-task.js';
import { capture, tempDir, writeSweep } from '../sweep/fixtures.js';
import { runCli } from '../../helpers/cli.js';
import { exportRun } from '../../../src/app/export.js';
import { loadParams } from '../../../src/model/param-file.js';
import { startRedisOrSkip, type TestRedis } from '../../helpers/redis.js';
import { onlySweepDir, startWorker, stopWorker, watchedQueue, type TestWorker } from './helpers.js';

const base = {
  name: 'tiny', seed: 5,
  data: { name: 'minus', bits: 3 },
  model: { netType: 'binary', outputMode: 'each', hiddenSize: 3, bias: false },
  train: { eta: 0.5, maxEpochs: 10, batchSize: 6 },
  sinks: ['jsonl', 'csv', 'checkpoint', 'summary'],
};

async function until(what: string, ok: () => boolean, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const results = (file: string) => JSON.parse(readFileSync(join(onlySweepDir(join(file, '..', 'out')), 'results.json'), 'utf8'));

describe('sweep on a Redis queue: faults', function () {
  this.timeout(300_000);
  let redis: TestRedis | undefined;
  let workers: TestWorker[] = [];
  /** Every sweep a test starts; one a failed test left running is stopped (Ctrl-C), so mocha can exit. */
  let sweeps: AbortController[] = [];
  const signal = () => {
    const c = new AbortController();
    sweeps.push(c);
    return c;
  };
  const worker = (args: string[] = []) => {
    const w = startWorker(redis!.url, args);
    workers.push(w);
    return w;
  };

  before(async function () {
    redis = await startRedisOrSkip(this);
  });
  afterEach(async () => {
    for (const c of sweeps) c.abort();
    sweeps = [];
    await Promise.all(workers.map(stopWorker));
    workers = [];
  });
  after(async () => {
    await redis?.stop();
  });

  it('Redis restarted mid-sweep (AOF): the coordinator and the worker reconnect and the sweep completes', async () => {
    const file = writeSweep({ parameters: { 'model.hiddenSize': [2, 3, 4, 5] } }, base);
    worker();
    const out = capture();
    const done = runSweep(file, { executor: watchedQueue(redis!.url), out, plain: true, signal: signal().signal });
    await until('the first trial', () => /^done {4}\w+/m.test(out.text()));
    await redis!.restart(1500);
    expect(await done).to.equal(0);
    expect(out.text()).to.match(/4 done, 0 failed/);
    expect(results(file).counts).to.deep.equal({ total: 4, done: 4, failed: 0, interrupted: 0 });
  });

  it('a trial that fails on its worker (bad data) is reported with its reason and blocks nothing; data files travel with the sweep', async () => {
    const dir = tempDir();
    const rows = Array.from({ length: 40 }, (_, i) => `${i},${Math.sin(i / 3).toFixed(4)}`);
    writeFileSync(join(dir, 'good.csv'), `t,x\n${rows.join('\n')}\n`);
    writeFileSync(join(dir, 'bad.csv'), `t,x\n${rows.slice(0, 20).join('\n')}\n20,abc\n${rows.slice(21).join('\n')}\n`);
    const csvBase = {
      name: 'csv', seed: 1,
      data: { name: 'csv', file: 'good.csv', features: ['x'], target: 'x', task: 'regression', predictNext: true, timesteps: 3, validationFraction: 0.2, testFraction: 0.2 },
      model: { netType: 'regression', outputMode: 'last', hiddenSize: 3 },
      train: { eta: 0.05, maxEpochs: 3, batchSize: 4 },
      sinks: ['jsonl', 'csv', 'checkpoint', 'summary'],
    };
    const file = writeSweep({ parameters: { 'data.file': ['good.csv', 'bad.csv'] }, metric: 'test.r2' }, csvBase, dir);
    worker();
    const out = capture();
    expect(await runSweep(file, { executor: watchedQueue(redis!.url), out, plain: true, signal: signal().signal })).to.equal(1);
    // The worker has no copy of either file: they came through Redis, and the error names the coordinator's path.
    expect(out.text()).to.match(new RegExp(`FAILED {2}\\w+ {2}data.file="bad.csv"\\n\\s+${join(dir, 'bad.csv').replace(/[/.]/g, '\\$&')}.*abc`));
    expect(out.text()).to.match(/1 done, 1 failed/);
    const good = results(file).trials.find((t: { status: string }) => t.status === 'done');
    expect(JSON.parse(readFileSync(join(good.runDir, 'dataset.json'), 'utf8')).file).to.equal(join(dir, 'good.csv'));
    expect((await queueStatus(redis!.url)).sweeps).to.deep.equal([]);
  });

  it('trials that start from a weights file (model.init.from) the worker has no copy of: the weights travel with the sweep', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'first.json'), JSON.stringify({ ...base, train: { ...base.train, maxEpochs: 2 } }));
    const first = runCli(['exp', join(dir, 'first.json'), '--out', join(dir, 'first')]);
    expect(first.code, first.stderr).to.equal(0);
    exportRun(join(dir, 'first'), { params: 'final', format: 'safetensors', dtype: 'float64', out: join(dir, 'start.safetensors') });
    const file = writeSweep({ parameters: { 'train.eta': [0.5, 0.25] } }, { ...base, model: { ...base.model, init: { from: 'start.safetensors' } } }, dir);
    worker();
    expect(await runSweep(file, { executor: watchedQueue(redis!.url), out: capture(), plain: true, signal: signal().signal })).to.equal(0);
    const trials = results(file).trials as { status: string; runDir: string }[];
    expect(trials.map((t) => t.status)).to.deep.equal(['done', 'done']);
    const start = Array.from(loadParams(join(dir, 'first', 'params', 'final.json')).flat);
    for (const t of trials) {
      expect(Array.from(loadParams(join(t.runDir, 'params', 'init.json')).flat)).to.deep.equal(start);
      // The folder names the coordinator's paths only: resume and eval here read the weights from the sweep's folder.
      expect(JSON.parse(readFileSync(join(t.runDir, 'run.json'), 'utf8')).source.baseDir).to.equal(dir);
    }
  });

  it('a worker of another code version refuses the sweep with a message the coordinator shows; Ctrl-C then leaves nothing on the queue', async () => {
    const file = writeSweep({ parameters: { 'model.hiddenSize': [2, 3] } }, base);
    const w = worker();
    const out = capture();
    const stop = signal();
    const done = runSweep(file, { executor: watchedQueue(redis!.url, [], 'not-this-build'), out, plain: true, signal: stop.signal });
    await w.waitFor(/refusing sweep \w+: it runs rnnflow code version \w+, the sweep's coordinator runs not-this-build/);
    await until('the refusal on the coordinator', () => /worker \S+ refuses this sweep's trials: it runs rnnflow code version \w+, the sweep's coordinator runs not-this-build/.test(out.text()));
    const status = runCli(['queue', 'status', '--queue', redis!.url]);
    expect(status.stdout).to.match(/trials: 2 waiting, 0 running/);
    expect(status.stdout).to.match(/refused by \S+: it runs rnnflow code version/);
    expect(runCli(['queue', 'clean', '--queue', redis!.url]).stdout).to.equal('nothing to remove\n');
    stop.abort();
    expect(await done).to.equal(130);
    expect(results(file).counts).to.deep.equal({ total: 2, done: 0, failed: 0, interrupted: 2 });
    expect((await queueStatus(redis!.url)).sweeps).to.deep.equal([]);
  });

  it('Ctrl-C: waiting trials leave the queue, the running one stops after its batch and comes back interrupted; --resume finishes', async () => {
    // One long trial (stopped by Ctrl-C while it trains) and two short ones.
    const file = writeSweep({ parameters: { 'train.maxEpochs': [2000, 2, 3] } }, base);
    worker();
    const seen: TrialProgress[] = [];
    const stop = signal();
    const done = runSweep(file, { executor: watchedQueue(redis!.url, seen), out: capture(), plain: true, signal: stop.signal });
    await until('progress of the long trial', () => seen.some((p) => p.maxEpochs === 2000));
    stop.abort();
    expect(await done).to.equal(130);
    const first = results(file);
    const long = first.trials.find((t: { params: Record<string, number> }) => t.params['train.maxEpochs'] === 2000);
    expect(long.status).to.equal('interrupted');
    expect(long.runStatus, 'stopped after a batch, with its summary').to.equal('interrupted');
    expect(JSON.parse(readFileSync(join(long.runDir, 'params', 'interrupted.json'), 'utf8'))).to.have.property('tensors');
    expect(first.counts.failed).to.equal(0);
    expect(first.counts.done + first.counts.interrupted).to.equal(3);
    expect((await queueStatus(redis!.url)).sweeps).to.deep.equal([]);

    const dir = onlySweepDir(join(file, '..', 'out'));
    expect(await runSweep(undefined, { resume: dir, executor: watchedQueue(redis!.url), out: capture(), plain: true, signal: signal().signal })).to.equal(0);
    expect(results(file).counts).to.deep.equal({ total: 3, done: 3, failed: 0, interrupted: 0 });
    // The stopped trial went on from its state (its folder travelled to the worker), not from the start.
    const resumes = readFileSync(join(long.runDir, 'events.jsonl'), 'utf8').split('\n').filter((l) => l.startsWith('{"type":"resume"'));
    expect(resumes).to.have.length(1);
    expect(JSON.parse(resumes[0]).iteration).to.be.greaterThan(0);
    expect(existsSync(join(long.runDir, 'params', 'interrupted.json')), 'as after a local resume').to.equal(false);
  });

  it('a trial queued twice runs once (the job is named by the trial id)', async () => {
    const dir = tempDir();
    const w = worker();
    const ex = await redisExecutor({ url: redis!.url })(1, { dir, name: 'twice', message: () => {} });
    const source = { file: 'inline', baseDir: dir };
    const task = { id: 'a1b2c3d4e5f6', experiment: validateExperiment(structuredClone(base), source), source, runDir: join(dir, 'trials', 'a1b2c3d4e5f6') };
    const [a, b] = await Promise.all([ex.run(task), ex.run(task)]);
    const again = await ex.run(task); // its answer is still on the queue (not yet recorded): collected, not rerun
    await ex.recorded!(task.id);
    await ex.close();
    expect(a.ok && b.ok && again.ok).to.equal(true);
    expect(b).to.deep.equal(a);
    expect(again).to.deep.equal(a);
    expect(w.output().match(/trial a1b2c3d4e5f6 \(sweep \w+\): started/g)).to.have.length(1);
  });
});
