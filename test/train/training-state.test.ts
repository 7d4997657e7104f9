/**
 * snapshot() / restore() are exact: N batches, a TrainingState through its JSON file form, a freshly
 * prepared run restored from it, M more batches, gives the same bits as N + M uninterrupted batches.
 */
import { expect } from 'chai';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectResumeExact, runInMemory, summaryOf } from '../helpers/resume-round-trip.js';

const echo = (train: Record<string, unknown>) => ({
  name: 'resume', seed: 3,
  data: { name: 'echo', trainSamples: 10, validationSamples: 6, testSamples: 6 },
  model: { netType: 'regression', outputMode: 'last', hiddenSize: 3 },
  // 5 batches an epoch, a check every 2 epochs (iterations 10, 20), patience never fires
  train: { eta: 0.05, batchSize: 2, maxEpochs: 4, checkpointEvery: 2, ...train },
  sinks: [],
});

describe('TrainingState: snapshot and restore are exact', () => {
  for (const optimizer of ['sgd', 'momentum', 'adam']) {
    it(`${optimizer}: interrupted mid-epoch (iteration 7), restored, trained on: the same bits as uninterrupted`, async () => {
      await expectResumeExact(echo({ optimizer }), 7);
    });
    it(`${optimizer}: interrupted just before a validation check (iteration 9)`, async () => {
      await expectResumeExact(echo({ optimizer }), 9);
    });
  }

  it('float32 (every optimizer, an LSTM too): resumed through the state file, the same bits as uninterrupted; resumed with 2 threads', async () => {
    for (const optimizer of ['sgd', 'momentum', 'adam']) await expectResumeExact(echo({ optimizer, dtype: 'float32' }), 7);
    const lstm = (threads: number) => ({ ...echo({ optimizer: 'adam', dtype: 'float32', threads }), model: { netType: 'regression', outputMode: 'last', hiddenSize: 3, cell: 'lstm' } });
    await expectResumeExact(lstm(1), 9, lstm(2));
  });

  it('at epoch boundaries that are checks; resumed with 2 threads instead of 1', async () => {
    await expectResumeExact(echo({ optimizer: 'adam', batchSize: 40, maxEpochs: 6, checkpointEvery: 1 }), 3,
      echo({ optimizer: 'adam', batchSize: 40, maxEpochs: 6, checkpointEvery: 1, threads: 2 }));
    await expectResumeExact(echo({ optimizer: 'momentum' }), 10);
  });

  it('with a learning-rate schedule and patience that fires after the resume', async () => {
    const doc = echo({ optimizer: 'momentum', eta: 0.3, etaSchedule: 'eta * 0.5^epoch', maxEpochs: 40, checkpointEvery: 1, patience: 2, minDelta: 0.01 });
    const full = await runInMemory(doc);
    const s = summaryOf(full);
    expect(s.status).to.equal('early-stopped');
    await expectResumeExact(doc, Math.max(1, s.iterations - 6));
  });

  it('feedback training (PM2.5): the fed-back predictions are part of the state', async function () {
    this.timeout(60_000);
    const doc = {
      name: 'feedback-resume', seed: 2,
      data: {
        name: 'pm25', target: 'value', timesteps: 2, validation: { method: 'holdout', size: 200 },
        feedbackTraining: { every: 1, steps: 1 },
      },
      model: { netType: 'regression', outputMode: 'last', hiddenSize: 2 },
      train: { eta: 0.01, optimizer: 'adam', batchSize: 4096, maxEpochs: 3, checkpointEvery: 1 },
      sinks: [],
    };
    // 35,062 training windows + 35,061 fed back = 18 batches an epoch; a roll-out at epochs 1 and 2.
    await expectResumeExact(doc, 25);
    await expectResumeExact(doc, 18);
  });

  it('sequences of different lengths, batches grouped by length (buckets, exactLength): resumed mid-epoch, the same bits', async () => {
    // Words of 1 … 6 letters: exactLength makes more batches an epoch than ⌈n / batch⌉, and the resume position counts them.
    const words = Array.from({ length: 60 }, (_, i) => ['b', 'ca', 'abc', 'dcba', 'aabbc', 'cbadcb'][i % 6].slice(0, 1 + ((i * 5) % 6)));
    const file = join(mkdtempSync(join(tmpdir(), 'rnnflow-seq-resume-')), 'words.tsv');
    writeFileSync(file, ['text\tlabel', ...words.map((w, i) => `${w}\t${i % 3 ? 'x' : 'y'}`)].join('\n') + '\n');
    for (const batching of ['buckets', 'exactLength']) {
      const doc = {
        name: 'sequences-resume', seed: 4,
        data: { name: 'sequences', file, batching, stratify: true },
        model: { netType: 'multiclass', outputMode: 'last', cell: 'gru', hiddenSize: 3 },
        train: { eta: 0.05, optimizer: 'adam', batchSize: 4, maxEpochs: 3, checkpointEvery: 1 },
        sinks: [],
      };
      await expectResumeExact(doc, 17);
    }
  });
});
