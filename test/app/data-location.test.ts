/**
 * Where a data file is is not what it is: a run continued on another machine (a queue worker with the
 * file in its cache) keeps the experiment's identity, because the experiment names the file as
 * written and the source says where its bytes are here; resume checks the bytes (run.json's
 * dataSha256) and refuses other content.
 */
import { expect } from 'chai';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateExperiment } from '../../src/app/experiment-file.js';
import { executeRun } from '../../src/app/execute.js';
import { resumeRun } from '../../src/app/resume.js';
import { experimentIdentity } from '../../src/config/identity.js';
import { tempDir } from '../helpers/cli.js';
import { runRecord } from '../helpers/interrupt.js';

const SINKS = ['jsonl', 'csv', 'checkpoint', 'summary'] as const;

function setUp() {
  const home = tempDir();
  const rows = Array.from({ length: 60 }, (_, i) => `${i},${Math.sin(i / 4).toFixed(4)}`);
  writeFileSync(join(home, 'series.csv'), `t,x\n${rows.join('\n')}\n`);
  const source = { file: join(home, 'exp.json5'), baseDir: home };
  const experiment = validateExperiment({
    name: 'where', seed: 4,
    data: { name: 'csv', file: 'series.csv', features: ['x'], target: 'x', task: 'regression', predictNext: true, timesteps: 3, validationFraction: 0.2, testFraction: 0.2 },
    model: { netType: 'regression', outputMode: 'last', hiddenSize: 3 },
    train: { eta: 0.05, optimizer: 'adam', batchSize: 4, maxEpochs: 6 },
    sinks: [...SINKS],
  }, source);
  return { home, source, experiment };
}

/** Runs until iteration 20 and stops there (interrupted, with its state saved). */
async function interrupted(experiment: ReturnType<typeof setUp>['experiment'], source: ReturnType<typeof setUp>['source'], dir: string) {
  const controller = new AbortController();
  const run = await executeRun(experiment, source, {
    outDir: dir, signal: controller.signal, sinks: [...SINKS], plain: true,
    extraSinks: [{ name: 'stop', next: (e) => { if (e.type === 'step' && e.iteration === 20) controller.abort(); }, close: async () => {} }],
  });
  expect(run.summary.status).to.equal('interrupted');
}

/** Says that the run's data file is at `local` on this machine, as a queue worker's run.json does. */
function movedTo(runDir: string, baseDir: string, local: string): void {
  const runJson = join(runDir, 'run.json');
  const run = JSON.parse(readFileSync(runJson, 'utf8'));
  writeFileSync(runJson, JSON.stringify({ ...run, source: { file: run.source.file, baseDir, files: { 'series.csv': local } } }));
}

describe('a data file elsewhere on another machine', () => {
  it('the source names where its bytes are: the run resumes there with the same identity and ends bit for bit as an uninterrupted run', async () => {
    const { source, experiment } = setUp();
    const refDir = join(tempDir(), 'ref');
    await executeRun(experiment, source, { outDir: refDir, sinks: [...SINKS], plain: true });

    const dir = join(tempDir(), 'run');
    await interrupted(experiment, source, dir);
    const cache = join(tempDir(), 'cache', 'abc');
    mkdirSync(cache, { recursive: true });
    copyFileSync(join(source.baseDir, 'series.csv'), join(cache, 'series.csv'));
    // A new, empty experiment folder: the file can only be found through the source's files.
    movedTo(dir, tempDir(), join(cache, 'series.csv'));

    const resumed = await resumeRun(dir, { sinks: [...SINKS], plain: true });
    expect(experimentIdentity(resumed.experiment)).to.equal(experimentIdentity(experiment));
    const [got, want] = [runRecord(dir), runRecord(refDir)];
    for (const key of Object.keys(want)) expect(got[key], key).to.equal(want[key]);
  });

  it('other bytes under the same name: resume refuses, naming both hashes', async () => {
    const { source, experiment } = setUp();
    const dir = join(tempDir(), 'run');
    await interrupted(experiment, source, dir);
    const other = join(tempDir(), 'series.csv');
    writeFileSync(other, readFileSync(join(source.baseDir, 'series.csv'), 'utf8').replace('\n0,0.0000\n', '\n0,0.0001\n'));
    movedTo(dir, tempDir(), other);
    let error: Error | undefined;
    await resumeRun(dir, { sinks: [...SINKS], plain: true }).catch((e: Error) => { error = e; });
    expect(error?.message).to.match(/the data file series\.csv now has sha256 \w{12}, the run started on \w{12}.*--force/);
  });
});
