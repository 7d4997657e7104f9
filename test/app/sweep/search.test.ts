import { expect } from 'chai';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { runSweep } from '../../../src/app/sweep/index.js';
import { loadSweepFile } from '../../../src/app/sweep/spec.js';
import { createInProcessExecutor } from '../../../src/app/run-pool/pool.js';
import type { SweepEvent } from '../../../src/events/sweep-event.js';
import { capture, fakeExecutor, summaryWith, tinyExperiment, writeSweep } from './fixtures.js';

function sweepDir(file: string): string {
  const root = join(file, '..', 'out', 'sweep');
  return join(root, readdirSync(root)[0]);
}
const results = (file: string) => JSON.parse(readFileSync(join(sweepDir(file), 'results.json'), 'utf8')) as {
  trials: { id: string; index: number; status: string; runStatus?: string; params: Record<string, number>; summary?: { epochs: number } }[];
};
const quiet = () => ({ out: capture(), plain: true, signal: new AbortController().signal });

describe('tpe sweeps', () => {
  // A known optimum: test accuracy peaks at eta = 0.3 (log scale), no training needed.
  const objective = (eta: number) => 1 - Math.abs(Math.log(eta / 0.3));
  const tpe = { method: 'tpe', trials: 12, startupTrials: 4, batch: 4, seed: 7, parameters: { 'train.eta': { logUniform: [0.01, 1] } } };

  it('plans batch after batch from the earlier batches; the same file gives the same trials whatever the parallelism and timing', async () => {
    const runs: string[][] = [];
    for (const capacity of [1, 3]) {
      const file = writeSweep(tpe);
      const ex = fakeExecutor(async (t) => {
        // Finish in an order unrelated to the trial order when several run at once.
        await new Promise((r) => setTimeout(r, capacity > 1 ? (t.experiment.train.eta * 997) % 20 : 0));
        return summaryWith(objective(t.experiment.train.eta));
      }, capacity);
      expect(await runSweep(file, { executor: ex.factory, parallel: capacity, ...quiet() })).to.equal(0);
      const r = results(file);
      expect(r.trials).to.have.length(12);
      runs.push(r.trials.sort((a, b) => a.index - b.index).map((t) => `${t.id}:${t.params['train.eta']}`));
    }
    expect(runs[1]).to.deep.equal(runs[0]);
    // The estimator moved towards the optimum: its proposals beat the random start-up draws.
    const etas = runs[0].map((s) => Number(s.split(':')[1]));
    const best = (xs: number[]) => Math.max(...xs.map(objective));
    expect(best(etas.slice(4))).to.be.greaterThan(best(etas.slice(0, 4)));
  });

  it('a tpe sweep over a finite space never repeats a trial: asked for more than the space holds, it runs each point once and ends complete', async () => {
    const file = writeSweep({ method: 'tpe', trials: 10, startupTrials: 2, batch: 2, seed: 3, parameters: { 'train.eta': [0.1, 0.2, 0.3], 'model.hiddenSize': [2, 3] } });
    const out = capture();
    const ex = fakeExecutor(async (t) => summaryWith(objective(t.experiment.train.eta)), 1);
    expect(await runSweep(file, { executor: ex.factory, parallel: 1, out, plain: true, signal: new AbortController().signal })).to.equal(0);
    const r = results(file);
    expect(r.trials).to.have.length(6);
    expect(new Set(r.trials.map((t) => t.id)).size).to.equal(6);
    expect(out.text()).to.match(/asked for 10 tpe trials, but the space has only 6 combinations/);
    expect(out.text()).to.match(/6 done, 0 failed, 0 not finished/);
    expect(out.text()).not.to.match(/is the same trial as/);
  });

  it('a tpe sweep without trials is refused', () => {
    expect(() => loadSweepFile(writeSweep({ ...tpe, trials: undefined }))).to.throw(/method "tpe" needs `trials`/);
  });
});

describe('pruning', () => {
  const base = { ...tinyExperiment, train: { ...tinyExperiment.train, maxEpochs: 6, checkpointEvery: 1 } };

  it('is refused when the ranking metric exists only at the end and no check metric is named', () => {
    expect(() => loadSweepFile(writeSweep({ parameters: { 'train.eta': [0.5] }, metric: 'epochs', goal: 'min', prune: { method: 'median' } }, base)))
      .to.throw(/prune: .*add prune.metric, one of "validation.loss", "validation.accuracy", "validation.r2"/);
  });

  it('a wrong prune block is explained by the form its method names: one line for an unknown method, the right keys for a known one', () => {
    const refused = (prune: object) => {
      try {
        loadSweepFile(writeSweep({ parameters: { 'train.eta': [0.5] }, metric: 'bestParams.validation.loss', goal: 'min', prune }, base));
      } catch (e) {
        return (e as Error).message.split('\n').slice(1);
      }
      return [];
    };
    expect(refused({ method: 'hyperbnd', minEpochs: 1, maxEpochs: 6 })).to.deep.equal(['  - prune.method is "hyperbnd"; use "median", "asha", "hyperband". Did you mean "hyperband"?']);
    expect(refused({ method: 'asha', minEpochs: 1, maxEpochs: 6, after: 2 })).to.deep.equal(['  - unknown key "after" in prune. Allowed: method, minEpochs, maxEpochs, reduction, metric.']);
    expect(refused({ method: 'median', minEpochs: 1 })).to.deep.equal(['  - unknown key "minEpochs" in prune. Allowed: method, after, metric.']);
    expect(refused({ method: 'hyperband', minEpochs: 1, maxEpochs: 6 })).to.deep.equal([]);
  });

  it('median: trials worse than the earlier batch at a check stop as pruned, keep their files, and a resume does not rerun them', async () => {
    // Batch 0 learns well (η 0.5, 0.4); batch 1 barely moves (η 1e-4), so it is worse at its first check after the warm-up.
    const file = writeSweep({
      parameters: { 'train.eta': [0.5, 0.4, 0.0001, 0.0002] }, batch: 2,
      metric: 'bestParams.validation.loss', goal: 'min', prune: { method: 'median', after: 1 },
    }, base);
    const events: SweepEvent[] = [];
    const out = capture();
    expect(await runSweep(file, { executor: () => createInProcessExecutor(), ...quiet(), out, onEvent: (e) => events.push(e) })).to.equal(0);
    const byEta = new Map(results(file).trials.map((t) => [t.params['train.eta'], t]));
    for (const eta of [0.5, 0.4]) expect(byEta.get(eta)!.runStatus, `eta ${eta}`).to.equal('completed');
    // The live view's line and the final table say pruned; every trial reported its progress on the way.
    const table = out.text().slice(out.text().indexOf('#  trial'));
    for (const eta of [0.0001, 0.0002]) {
      const id = byEta.get(eta)!.id;
      expect(out.text().slice(0, out.text().indexOf('#  trial'))).to.match(new RegExp(`^done {4}${id} .*\\(pruned\\)  \\[\\d/4\\]$`, 'm'));
      expect(table).to.match(new RegExp(`^\\d +${id} +pruned `, 'm'));
      const progress = events.filter((e) => e.type === 'trial-progress' && e.id === id);
      expect(progress.length, `progress of ${id}`).to.be.greaterThan(0);
    }
    expect(events.map((e) => e.type).filter((t) => t !== 'trial-progress' && t !== 'sweep-counts')).to.deep.equal(
      ['sweep-start', ...Array(4).fill(['trial-start', 'trial-end']).flat(), 'sweep-end']);
    for (const eta of [0.0001, 0.0002]) {
      const t = byEta.get(eta)!;
      expect(t.runStatus, `eta ${eta}`).to.equal('pruned');
      expect(t.status).to.equal('done');
      expect(t.summary!.epochs).to.equal(2);
      const summary = JSON.parse(readFileSync(join(sweepDir(file), 'trials', t.id, 'summary.json'), 'utf8'));
      expect(summary.status).to.equal('pruned');
      expect(summary.reason).to.match(/worse than the median of the 2 earlier trial\(s\) at that check \(prune: median\)/);
      expect(readdirSync(join(sweepDir(file), 'trials', t.id, 'params'))).to.include('best.json');
    }
    const again = fakeExecutor(() => summaryWith(0));
    expect(await runSweep(undefined, { resume: sweepDir(file), executor: again.factory, ...quiet() })).to.equal(0);
    expect(again.calls).to.have.length(0);
  });

  it('asha: at each rung only the best 1/reduction of the trials there go on; the rest stop at the rung', async () => {
    const file = writeSweep({
      parameters: { 'train.eta': [0.5, 0.4, 0.0001, 0.45] }, batch: 2,
      metric: 'bestParams.validation.loss', goal: 'min', prune: { method: 'asha', minEpochs: 1, maxEpochs: 6, reduction: 2 },
    }, base);
    expect(await runSweep(file, { executor: () => createInProcessExecutor(), ...quiet() })).to.equal(0);
    const byEta = new Map(results(file).trials.map((t) => [t.params['train.eta'], t]));
    const bad = byEta.get(0.0001)!;
    expect(bad.runStatus).to.equal('pruned');
    expect(bad.summary!.epochs).to.equal(1);
    // The compute the sweep spent counts the pruned trial's one epoch, not its budget of six.
    const all = results(file).trials.reduce((n, t) => n + t.summary!.epochs, 0);
    expect(JSON.parse(readFileSync(join(sweepDir(file), 'results.json'), 'utf8')).compute.trialEpochs).to.equal(all).and.to.be.below(4 * 6);
    for (const eta of [0.5, 0.4]) expect(byEta.get(eta)!.runStatus, `eta ${eta}`).to.equal('completed');
  });
});
