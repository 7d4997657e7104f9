/**
 * A sweep on BullMQ workers over Redis gives the local sweep's results bit for bit, with a worker
 * killed (kill -9) mid-trial; its trial goes to another worker once its lock expires.
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runSweep } from '../../../src/app/sweep/index.js';
import { capture, writeSweep } from '../sweep/fixtures.js';
import { startRedisOrSkip, type TestRedis } from '../../helpers/redis.js';
import { onlySweepDir, resultsWithoutTime, startWorker, stopWorker, watchedQueue, type TestWorker } from './helpers.js';
import type { TrialProgress } from '../../../src/app/run-pool/trial-task.js';
import { queueStatus } from '../../../src/app/queue/queue-admin.js';
import { stepEntries } from '../../../src/run-folder/event-line.js';

const base = {
  name: 'tiny', seed: 3,
  data: { name: 'minus', bits: 3 },
  model: { netType: 'binary', outputMode: 'each', hiddenSize: 3, bias: false },
  train: { eta: 0.5, maxEpochs: 12, batchSize: 6 },
  sinks: ['jsonl', 'csv', 'checkpoint', 'summary'],
};
/** 16 trials. */
const sweep = { parameters: { 'model.hiddenSize': [2, 3, 4, 5], 'train.eta': [0.1, 0.3, 0.6, 0.9] } };

describe('sweep on a Redis queue: the same results as a local sweep', function () {
  this.timeout(400_000);
  let redis: TestRedis | undefined;
  const workers: TestWorker[] = [];

  before(async function () {
    redis = await startRedisOrSkip(this);
  });
  after(async () => {
    await Promise.all(workers.map(stopWorker));
    await redis?.stop();
  });

  it('16 trials on three worker processes, one killed mid-trial: results.csv equal to local worker threads, every metric', async () => {
    const local = writeSweep(sweep, base);
    expect(await runSweep(local, { parallel: 2, out: capture(), plain: true, signal: new AbortController().signal })).to.equal(0);

    const remote = writeSweep(sweep, base);
    workers.push(...[0, 1, 2].map(() => startWorker(redis!.url)));
    const seen: TrialProgress[] = [];
    const out = capture();
    const done = runSweep(remote, { executor: watchedQueue(redis!.url, seen), out, plain: true, signal: new AbortController().signal });
    // Kill the first worker as soon as it is inside its second trial.
    const victim = workers[0];
    const [, killedTrial] = await victim.waitFor(/trial (\w+) \(sweep \w+\): started[\s\S]*trial (\w+) \(sweep \w+\): started/).then((m) => [m[0], m[2]]);
    victim.proc.kill('SIGKILL');
    expect(await done).to.equal(0);

    const localDir = onlySweepDir(join(local, '..', 'out'));
    const remoteDir = onlySweepDir(join(remote, '..', 'out'));
    const rows = resultsWithoutTime(remoteDir);
    expect(rows).to.have.length(17);
    expect(rows).to.deep.equal(resultsWithoutTime(localDir));

    // The killed worker's trial was finished by another worker, and its files came back through Redis.
    const record = JSON.parse(readFileSync(join(remoteDir, 'trials', killedTrial, 'queue.json'), 'utf8'));
    expect(record.worker).to.not.equal(victim.name);
    const trialFile = (dir: string, f: string) => readFileSync(join(dir, 'trials', killedTrial, f), 'utf8');
    for (const f of ['metrics.csv', 'params/init.json', 'params/best.json', 'params/final.json', 'experiment.resolved.json', 'dataset.json']) {
      expect(trialFile(remoteDir, f), f).to.equal(trialFile(localDir, f));
    }
    const summary = (dir: string) => {
      const { seconds: _s, runDir, ...rest } = JSON.parse(trialFile(dir, 'summary.json'));
      expect(runDir).to.equal(join(dir, 'trials', killedTrial));
      return rest;
    };
    expect(summary(remoteDir)).to.deep.equal(summary(localDir));
    // The same events, step by step (where a file splits its steps into `steps` lines is timing; a takeover resumes).
    const events = (dir: string) => trialFile(dir, 'events.jsonl').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((e) => e.type !== 'state' && e.type !== 'resume')
      .flatMap((e) => (e.type === 'steps' ? stepEntries(e).map((s) => `step ${s.iteration} ${s.loss}`) : [`${e.type} ${e.iteration ?? ''}`]));
    expect(events(remoteDir)).to.deep.equal(events(localDir));
    // A trial whose worker had stored a state before it was killed resumed from there (past iteration 0), at most once.
    const resumes = trialFile(remoteDir, 'events.jsonl').split('\n').filter((l) => l.startsWith('{"type":"resume"')).map((l) => JSON.parse(l).iteration as number);
    expect(resumes.length).to.be.at.most(1);
    for (const at of resumes) expect(at).to.be.greaterThan(0);
    expect(seen.length, 'progress reached the coordinator').to.be.greaterThan(0);
    // Every answer was deleted once recorded, and the finished sweep left nothing on the queue.
    const status = await queueStatus(redis!.url);
    expect(status.sweeps).to.deep.equal([]);
  });
});
