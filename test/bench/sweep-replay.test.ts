import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { replaySweep } from '../../bench/sweep-replay.js';
import { runSweep } from '../../src/app/sweep/index.js';
import { createInProcessExecutor } from '../../src/app/run-pool/pool.js';
import { capture, tinyExperiment, writeSweep } from '../app/sweep/fixtures.js';

interface Trial { id: string; params: Record<string, unknown>; runStatus?: string; metric?: number; summary?: { epochs: number } }
const results = (dir: string) => JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as { best?: string; trials: Trial[]; compute: { trialEpochs: number } };
const quiet = () => ({ out: capture(), plain: true, signal: new AbortController().signal });

describe('bench/sweep-replay: a sweep answered from a finished grid of its space', () => {
  const base = { ...tinyExperiment, train: { ...tinyExperiment.train, maxEpochs: 6, checkpointEvery: 1 } };
  const space = { parameters: { 'train.eta': [0.5, 0.4, 0.0001, 0.45, 0.05, 0.2, 0.3, 0.001] }, metric: 'bestParams.validation.loss', goal: 'min' };

  for (const prune of [{ method: 'asha', minEpochs: 1, maxEpochs: 6, reduction: 2 }, { method: 'hyperband', minEpochs: 1, maxEpochs: 6, reduction: 2 }]) {
    it(`makes the trials, ${prune.method} decisions, trial-epochs and best of a real run of the same file`, async () => {
      const gridFile = writeSweep({ ...space, method: 'grid' }, base);
      const gridDir = join(dirname(gridFile), 'grid');
      expect(await runSweep(gridFile, { dir: gridDir, executor: () => createInProcessExecutor(), ...quiet() })).to.equal(0);

      const file = writeSweep({ ...space, method: 'tpe', trials: 7, startupTrials: 2, batch: 2, seed: 3, prune }, base);
      const realDir = join(dirname(file), 'real');
      expect(await runSweep(file, { dir: realDir, executor: () => createInProcessExecutor(), ...quiet() })).to.equal(0);
      const replayed = await replaySweep(file, gridDir, 3, [], join(dirname(file), 'replay'));

      const real = results(realDir);
      const again = results(join(dirname(file), 'replay', 'sweep'));
      const pruned = real.trials.filter((t) => t.runStatus === 'pruned').length;
      expect(pruned, 'the real run pruned some trials and finished others').to.be.within(1, real.trials.length - 1);
      const row = (t: Trial) => ({ id: t.id, params: t.params, runStatus: t.runStatus, epochs: t.summary?.epochs, metric: t.metric });
      expect(again.trials.map(row)).to.deep.equal(real.trials.map(row));
      expect(again.compute.trialEpochs).to.equal(real.compute.trialEpochs);
      expect(again.best).to.equal(real.best);
      expect(replayed).to.include({ trials: 7, pruned, trialEpochs: real.compute.trialEpochs });
    });
  }

  it('says which trial the grid does not have', async () => {
    const gridFile = writeSweep({ parameters: { 'train.eta': [0.5, 0.4] }, metric: 'bestParams.validation.loss', goal: 'min', method: 'grid' }, base);
    const gridDir = join(dirname(gridFile), 'grid');
    await runSweep(gridFile, { dir: gridDir, executor: () => createInProcessExecutor(), ...quiet() });
    const file = writeSweep({ ...space, method: 'grid' }, base);
    const replayed = await replaySweep(file, gridDir, 1, [], join(dirname(file), 'replay'));
    const failed = results(join(dirname(file), 'replay', 'sweep')).trials.filter((t) => (t as { status?: string }).status === 'failed');
    expect(failed).to.have.length(6);
    expect((failed[0] as { error?: string }).error).to.match(/is not a finished trial of the grid .*replay a sweep over the grid's own space/);
    expect(replayed.trials).to.equal(8);
  });
});
