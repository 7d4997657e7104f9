/** Real filesystem faults during a run: it ends as failed naming the file and the cause, and what it wrote stays loadable. */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readParamFile } from '../../../src/model/param-file.js';
import { decodeStateFile } from '../../../src/train/training-state.js';
import { runCli, tempDir, writeFile } from '../../helpers/cli.js';
import { requireOrSkip } from '../../helpers/requires.js';
import { interruptibleExperiment, runChild } from '../../helpers/interrupt.js';
import { useSmallDisk } from '../../helpers/small-disk.js';

const fullDisk = {
  name: 'full', seed: 1,
  data: { name: 'echo', trainSamples: 3000, validationSamples: 20, testSamples: 20 },
  model: { netType: 'regression', outputMode: 'last', hiddenSize: 3 },
  // a state after every batch and ~100 bytes of events per batch: 256 KiB fill up during the first epoch
  train: { eta: 0.05, batchSize: 1, maxEpochs: 3, saveStateEvery: 0 },
  sinks: ['jsonl', 'csv', 'checkpoint', 'summary'],
};
const experiment = JSON.stringify(fullDisk);

describe('a full disk during a run', function () {
  this.timeout(120_000);
  const smallDisk = useSmallDisk();

  it('ends the run as failed (exit 1) naming the file and ENOSPC; every file it left loads', () => {
    const file = writeFile(tempDir(), 'full.json5', experiment);
    const out = join(smallDisk(), 'run');
    const r = runCli(['exp', file, '--out', out]);
    expect(r.code, r.stderr).to.equal(1);
    expect(r.stderr).to.match(new RegExp(`${out}/\\S+: ENOSPC`));
    expect(r.stderr).not.to.match(/\n\s+at /); // no stack trace
    if (existsSync(join(out, 'summary.json'))) {
      const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
      expect(summary.status).to.equal('failed');
      expect(summary.reason).to.match(/could not be written: .*ENOSPC/);
    }
    const state = join(out, 'state', 'last.json');
    if (existsSync(state)) decodeStateFile(readFileSync(state, 'utf8'));
    for (const p of readdirSync(join(out, 'params'))) {
      expect(p, 'no temp file left').to.match(/^\w+\.json$/);
      readParamFile(join(out, 'params', p));
    }
    for (const line of readFileSync(join(out, 'events.jsonl'), 'utf8').split('\n').slice(0, -1)) JSON.parse(line);
  });
});

describe('a full disk while events.jsonl is appended', function () {
  this.timeout(120_000);
  const smallDisk = useSmallDisk();

  it('stops at the first failed write, and the logs hold whole lines only (was: a line cut where the disk filled)', () => {
    // No state file until a day has passed: the appended logs and the parameter files fill the disk, over 12 epochs of 3,000 steps.
    const file = writeFile(tempDir(), 'logs.json5', JSON.stringify({ ...fullDisk, train: { ...fullDisk.train, maxEpochs: 12, saveStateEvery: 86400 } }));
    const out = join(smallDisk(), 'run');
    const r = runCli(['exp', file, '--out', out]);
    expect(r.code, r.stderr).to.equal(1);
    expect(r.stderr).to.match(/ENOSPC/);
    const events = readFileSync(join(out, 'events.jsonl'), 'utf8');
    expect(events.endsWith('\n'), 'events.jsonl ends with a whole line').to.equal(true);
    const parsed = events.split('\n').slice(0, -1).map((line) => JSON.parse(line) as { iteration?: number });
    const metrics = readFileSync(join(out, 'metrics.csv'), 'utf8');
    expect(metrics.endsWith('\n'), 'metrics.csv ends with a whole line').to.equal(true);
    // Stopped at the fault: the last iteration logged is well before the 36,000 of 12 epochs.
    const last = Math.max(...parsed.map((e) => e.iteration ?? 0));
    expect(last).to.be.above(0).and.below(12 * 3000);
  });
});

describe('a folder the run may not write (EACCES, as a user other than root)', function () {
  this.timeout(120_000);
  const nobody = 65534;
  before(function () {
    requireOrSkip(this, process.getuid?.() === 0 && spawnSync('setpriv', ['--reuid=65534', 'true']).status === 0,
      { missing: 'not root, or no setpriv to run the CLI as user 65534', fix: 'run the tests as root, as .ci/run does (setpriv: util-linux)' });
  });
  const doc = {
    name: 'denied', seed: 1,
    data: { name: 'echo', trainSamples: 40, validationSamples: 20, testSamples: 20 },
    model: { netType: 'regression', outputMode: 'last', hiddenSize: 3 },
    train: { eta: 0.05, batchSize: 4, maxEpochs: 6 },
  };

  it('before training: --runs in a folder it cannot write is exit 2 naming the folder, no stack trace', async () => {
    const work = tempDir();
    chmodSync(work, 0o755);
    const file = interruptibleExperiment(work, doc);
    const runs = join(work, 'runs');
    mkdirSync(runs, { mode: 0o755 }); // root's
    const r = await runChild(['exp', file, '--runs', runs], undefined, 60_000, nobody);
    expect(r.code, r.stderr).to.equal(2);
    expect(r.stderr).to.match(new RegExp(`${runs}/denied: cannot create the run folder \\(EACCES`));
    expect(r.stderr).not.to.match(/\n\s+at /);
  });

  it('during training: params/ turned read-only ends the run as failed (exit 1) naming params/best.json and EACCES', async () => {
    const work = tempDir();
    chmodSync(work, 0o777);
    const file = interruptibleExperiment(work, doc);
    const out = join(work, 'run');
    const r = await runChild(['exp', file, '--out', out], {
      where: 'first', type: 'eval', iteration: 20, signal: 'none', whileHeld: () => chmodSync(join(out, 'params'), 0o555),
    }, 60_000, nobody);
    expect(r.code, r.stderr).to.equal(1);
    expect(r.stderr).to.match(new RegExp(`${out}/params/\\w+\\.json: EACCES`));
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary.status).to.equal('failed');
    expect(summary.reason).to.match(/could not be written: .*params\/best\.json: EACCES/);
    expect(summary.iterations).to.be.below(60);
    for (const p of readdirSync(join(out, 'params'))) readParamFile(join(out, 'params', p));
    decodeStateFile(readFileSync(join(out, 'state', 'last.json'), 'utf8'));
  });
});
