/**
 * Sweeps that decide as they go (pruning: median, asha; proposals: tpe) on a Redis queue take the
 * same decisions as on local threads: the same trials, statuses and results.csv, because every
 * decision reads only earlier batches and the trials' own bit-identical curves, never which worker ran
 * what or when. A trial of an asha sweep that passed a rung and was handed back by its worker goes on
 * from its saved state on another worker, and its later rungs decide as locally.
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { runSweep } from '../../../src/app/sweep/index.js';
import { keys } from '../../../src/app/queue/redis.js';
import type { PartialTrial } from '../../../src/app/queue/trial-job.js';
import { capture, writeSweep } from '../sweep/fixtures.js';
import { startRedisOrSkip, type TestRedis } from '../../helpers/redis.js';
import { onlySweepDir, resultsWithoutTime, startWorker, stopWorker, watchedQueue, type TestWorker } from './helpers.js';

const SINKS = ['jsonl', 'csv', 'checkpoint', 'summary'];
const tiny = {
  name: 'tiny', seed: 1,
  data: { name: 'minus', bits: 2 },
  model: { netType: 'binary', outputMode: 'each', hiddenSize: 3, bias: false },
  train: { eta: 0.5, maxEpochs: 6, checkpointEvery: 1 },
  sinks: SINKS,
};
const ranked = { metric: 'bestParams.validation.loss', goal: 'min' };
const SWEEPS: Record<string, Record<string, unknown>> = {
  median: { parameters: { 'train.eta': [0.5, 0.4, 0.0001, 0.0002, 0.3, 0.01] }, batch: 2, ...ranked, prune: { method: 'median', after: 1 } },
  asha: { parameters: { 'train.eta': [0.5, 0.4, 0.0001, 0.45, 0.05, 0.2] }, batch: 2, ...ranked, prune: { method: 'asha', minEpochs: 1, maxEpochs: 6, reduction: 2 } },
  'tpe + asha': {
    method: 'tpe', trials: 8, startupTrials: 4, batch: 4, seed: 7, parameters: { 'train.eta': { logUniform: [0.001, 1] } },
    ...ranked, prune: { method: 'asha', minEpochs: 1, maxEpochs: 6, reduction: 2 },
  },
  'tpe + hyperband': {
    method: 'tpe', trials: 12, startupTrials: 4, batch: 4, seed: 7, parameters: { 'train.eta': { logUniform: [0.001, 1] } },
    ...ranked, prune: { method: 'hyperband', minEpochs: 1, maxEpochs: 6, reduction: 2 },
  },
};

interface Trial { id: string; index: number; status: string; runStatus?: string; params: Record<string, number>; summary?: { epochs: number; reason?: string } }
const resultsOf = (dir: string) => JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as { trials: Trial[]; compute: { trialEpochs: number } };
/** What a sweep decided: each trial in order with its values, status, epochs trained and why it stopped. */
const decisions = (dir: string) => resultsOf(dir).trials.sort((a, b) => a.index - b.index)
  .map((t) => ({ id: t.id, params: t.params, status: t.status, runStatus: t.runStatus, epochs: t.summary?.epochs, reason: t.summary?.reason }));

describe('pruned and tpe sweeps on a Redis queue decide as local sweeps do', function () {
  this.timeout(400_000);
  let redis: TestRedis | undefined;
  let workers: TestWorker[] = [];
  const quiet = () => ({ out: capture(), plain: true, signal: new AbortController().signal });

  before(async function () {
    redis = await startRedisOrSkip(this);
  });
  afterEach(async () => {
    await Promise.all(workers.map(stopWorker));
    workers = [];
  });
  after(async () => {
    await redis?.stop();
  });

  async function localAndQueued(sweep: Record<string, unknown>, base: object): Promise<[string, string]> {
    const local = writeSweep(sweep, base);
    expect(await runSweep(local, { parallel: 2, ...quiet() })).to.equal(0);
    const queued = writeSweep(sweep, base);
    expect(await runSweep(queued, { executor: watchedQueue(redis!.url), ...quiet() })).to.equal(0);
    return [onlySweepDir(join(local, '..', 'out')), onlySweepDir(join(queued, '..', 'out'))];
  }

  it('median, asha, tpe + asha and tpe + hyperband on two workers: the same trials, statuses, epochs and results.csv as on local threads', async () => {
    workers.push(startWorker(redis!.url), startWorker(redis!.url));
    for (const [name, sweep] of Object.entries(SWEEPS)) {
      const [local, queued] = await localAndQueued(sweep, tiny);
      expect(decisions(queued), name).to.deep.equal(decisions(local));
      expect(resultsWithoutTime(queued), name).to.deep.equal(resultsWithoutTime(local));
      expect(resultsOf(queued).compute.trialEpochs, name).to.equal(resultsOf(local).compute.trialEpochs);
      expect(decisions(local).some((t) => t.runStatus === 'pruned'), `${name} pruned some trial`).to.equal(true);
      const how = (sweep.prune as { method: string }).method;
      expect(decisions(queued).filter((t) => t.runStatus === 'pruned').every((t) => t.reason?.includes(`(prune: ${how}`)), `${name}: pruned by ${how}`).to.equal(true);
    }
  });

  it('asha: a trial past its first rung, handed back by its worker (Ctrl-C), goes on from its state on another worker; its later rungs decide as locally', async () => {
    // Batch 0 (no pruning: nothing earlier to compare with) learns slowly; in batch 1, η 0.5 leads at every rung and trains long.
    const long = { ...tiny, data: { name: 'minus', bits: 6 }, model: { ...tiny.model, hiddenSize: 6 }, train: { eta: 0.3, maxEpochs: 600, batchSize: 8 } };
    const sweep = { parameters: { 'train.eta': [0.02, 0.03, 0.5, 0.0001] }, batch: 2, ...ranked, prune: { method: 'asha', minEpochs: 2, maxEpochs: 600, reduction: 3 } };
    const local = writeSweep(sweep, long);
    expect(await runSweep(local, { parallel: 2, ...quiet() })).to.equal(0);
    const localDir = onlySweepDir(join(local, '..', 'out'));
    const chosen = decisions(localDir).find((t) => t.params['train.eta'] === 0.5)!;
    expect(chosen.epochs, 'the chosen trial passed its first rung locally').to.be.greaterThan(2);
    const events = readFileSync(join(localDir, 'trials', chosen.id, 'events.jsonl'), 'utf8');
    const perEpoch = (JSON.parse(events.split('\n')[0]) as { iterationsPerEpoch: number }).iterationsPerEpoch;

    const client = new Redis(redis!.url);
    try {
      const first = [startWorker(redis!.url), startWorker(redis!.url)];
      workers.push(...first);
      const queued = writeSweep(sweep, long);
      const done = runSweep(queued, { executor: watchedQueue(redis!.url), ...quiet() });
      // The chosen trial's state past its first rung (2 epochs), stored by the worker that runs it.
      let partial: PartialTrial | undefined;
      for (let i = 0; i < 3000 && !(partial && partial.iteration > 3 * perEpoch); i++) {
        const found = await client.keys(keys.partial('*', chosen.id));
        const text = found.length ? await client.get(found[0]) : null;
        partial = text ? (JSON.parse(text) as PartialTrial) : undefined;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(partial?.iteration).to.be.greaterThan(3 * perEpoch);
      const holder = first.find((w) => w.name === partial!.by)!;
      holder.proc.kill('SIGINT');
      await holder.waitFor(new RegExp(`trial ${chosen.id}: stopped by this worker's Ctrl-C with its state saved`));
      workers.push(startWorker(redis!.url));
      expect(await done).to.equal(0);
      const queuedDir = onlySweepDir(join(queued, '..', 'out'));
      expect(decisions(queuedDir)).to.deep.equal(decisions(localDir));
      expect(resultsWithoutTime(queuedDir)).to.deep.equal(resultsWithoutTime(localDir));
      const resumes = readFileSync(join(queuedDir, 'trials', chosen.id, 'events.jsonl'), 'utf8').split('\n').filter((l) => l.startsWith('{"type":"resume"'));
      expect(resumes).to.have.length(1);
      expect(JSON.parse(resumes[0]).iteration).to.be.greaterThan(2 * perEpoch);
    } finally {
      client.disconnect();
    }
  });
});
