/** sweep --resume: a trial stopped part way continues from its own state instead of starting over. */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateExperiment } from '../../../src/app/experiment-file.js';
import { executeRun } from '../../../src/app/execute.js';
import { runTrialTask } from '../../../src/app/run-pool/trial-task.js';
import { tempDir } from '../../helpers/cli.js';
import { runRecord } from '../../helpers/interrupt.js';

const source = { file: '<test>', baseDir: process.cwd() };
const experiment = validateExperiment({
  name: 'trial', seed: 9,
  data: { name: 'echo', trainSamples: 40, validationSamples: 20, testSamples: 20 },
  model: { netType: 'regression', outputMode: 'last', hiddenSize: 3 },
  train: { eta: 0.05, optimizer: 'adam', batchSize: 4, maxEpochs: 5, checkpointEvery: 1 },
  sinks: ['jsonl', 'csv', 'checkpoint', 'summary'],
}, source);
const task = (runDir: string) => ({ id: 'trial', experiment, source, runDir, stop: new Int32Array(new SharedArrayBuffer(4)) });

describe('a sweep trial stopped part way', () => {
  it('resumes from its own state (sweep --resume) and ends as the uninterrupted trial, bit for bit', async () => {
    const refDir = join(tempDir(), 'reference');
    const ref = await runTrialTask(task(refDir));
    expect(ref.ok).to.equal(true);

    const dir = join(tempDir(), 'trial');
    const controller = new AbortController();
    const first = await executeRun(experiment, source, {
      outDir: dir, signal: controller.signal, sinks: ['jsonl', 'csv', 'checkpoint', 'summary'], plain: true,
      extraSinks: [{ name: 'stop', next: (e) => { if (e.type === 'step' && e.iteration === 23) controller.abort(); }, close: async () => {} }],
    });
    expect(first.summary.status).to.equal('interrupted');
    const resumed = await runTrialTask(task(dir));
    expect(resumed.ok).to.equal(true);
    expect(readFileSync(join(dir, 'events.jsonl'), 'utf8')).to.match(/^\{"type":"resume","name":"trial"/m);
    const [got, want] = [runRecord(dir), runRecord(refDir)];
    for (const key of Object.keys(want)) expect(got[key], key).to.equal(want[key]);
  });
});
