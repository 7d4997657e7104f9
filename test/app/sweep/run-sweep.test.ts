import { expect } from 'chai';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { runSweep } from '../../../src/app/sweep/index.js';
import { createInProcessExecutor } from '../../../src/app/run-pool/pool.js';
import { capture, fakeExecutor, summaryWith, tinyExperiment, writeSweep } from './fixtures.js';

/** The one sweep folder under <dir>/out/<name>/. */
function sweepDir(file: string, name = 'sweep'): string {
  const root = join(file, '..', 'out', name);
  const [only] = readdirSync(root);
  return join(root, only);
}

describe('runSweep with a fake executor', () => {
  const sweep = { parameters: { 'model.hiddenSize': [2, 3, 4, 5, 0] } };

  it('runs every trial, ranks by the metric, writes the files, exit 0 when all are done', async () => {
    const file = writeSweep({ parameters: { 'model.hiddenSize': [2, 3, 4], 'train.eta': [0.5] } });
    const ex = fakeExecutor((t) => summaryWith((t.experiment.model.hiddenSize as number) / 10));
    const out = capture();
    const code = await runSweep(file, { executor: ex.factory, out, plain: true, signal: new AbortController().signal });
    expect(code).to.equal(0);
    expect(ex.calls).to.have.length(3);
    const dir = sweepDir(file);
    for (const f of ['sweep.json5', 'sweep.json', 'trials.json', 'results.json', 'results.csv']) expect(existsSync(join(dir, f)), f).to.equal(true);
    const results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8'));
    expect(results.trials.map((t: { params: Record<string, number> }) => t.params['model.hiddenSize'])).to.deep.equal([4, 3, 2]);
    expect(results.best).to.equal(results.trials[0].id);
    // The table shows only what differs between trials.
    const table = out.text().slice(out.text().indexOf('#  trial'));
    expect(table).to.contain('model.hiddenSize');
    expect(table).not.to.contain('train.eta');
    expect(readFileSync(join(dir, 'results.csv'), 'utf8').split('\n')[0]).to.match(/^rank,id,status,runStatus,model.hiddenSize,train.eta,metric,/);
  });

  it("shows per trial whether that trial's own expect held (information: the exit code follows the sweep's expect)", async () => {
    const file = writeSweep({ parameters: { 'model.hiddenSize': [2, 3, 4] } }, { ...tinyExperiment, expect: ['test.accuracy >= 0.3', 'epochs >= 1'] });
    const ex = fakeExecutor((t) => summaryWith((t.experiment.model.hiddenSize as number) / 10));
    const out = capture();
    expect(await runSweep(file, { executor: ex.factory, out, plain: true, signal: new AbortController().signal })).to.equal(0);
    const table = out.text().slice(out.text().indexOf('#  trial')).split('\n');
    expect(table[0]).to.match(/ own expect$/);
    expect(table.slice(2, 5).map((l) => / (held|failed 1)$/.exec(l)?.[1])).to.deep.equal(['held', 'held', 'failed 1']);
    const csv = readFileSync(join(sweepDir(file), 'results.csv'), 'utf8').trimEnd().split('\n');
    expect(csv[0]).to.match(/,ownExpect,error$/);
    expect(csv.slice(1).map((l) => l.split(',').at(-2))).to.deep.equal(['held', 'held', 'failed: test.accuracy >= 0.3']);
  });

  it('reports a failing trial at once with its id and error, goes on, and exits 1', async () => {
    const file = writeSweep(sweep);
    const ex = fakeExecutor((t) => {
      const h = t.experiment.model.hiddenSize as number;
      if (h === 3) return { ok: false, error: 'Error: worker crashed\n    at somewhere', user: false };
      if (h === 4) return summaryWith(NaN, 'diverged');
      return summaryWith(h / 10);
    });
    const out = capture();
    const code = await runSweep(file, { executor: ex.factory, out, plain: true, signal: new AbortController().signal });
    expect(code).to.equal(1);
    expect(ex.calls.map((t) => t.experiment.model.hiddenSize)).to.deep.equal([2, 3, 4, 5]);
    const text = out.text();
    const table = text.indexOf('#  trial');
    // Reported before the final table, with the error.
    expect(text.indexOf('worker crashed')).to.be.within(0, table);
    expect(text.slice(0, table)).to.match(/FAILED {2}x[0-9a-f]{11} {2}model.hiddenSize=0\n\s+model.hiddenSize is 0; it must be >= 1/);
    expect(text.slice(0, table)).to.match(/FAILED {2}[0-9a-f]{12} {2}model.hiddenSize=4\n\s+the run diverged: loss became NaN/);
    expect(text).to.match(/2 done, 3 failed/);
  });

  it('--resume skips finished trials and runs failed and interrupted ones again', async () => {
    const file = writeSweep(sweep);
    const first = fakeExecutor((t) => (t.experiment.model.hiddenSize === 3 ? { ok: false, error: 'flaky', user: false } : summaryWith(0.5)));
    expect(await runSweep(file, { executor: first.factory, out: capture(), plain: true, signal: new AbortController().signal })).to.equal(1);

    const dir = sweepDir(file);
    const second = fakeExecutor(() => summaryWith(0.9));
    const out = capture();
    const code = await runSweep(undefined, { resume: dir, executor: second.factory, out, plain: true, signal: new AbortController().signal });
    // hiddenSize 0 stays invalid, so the sweep still has a failure; only the flaky trial ran again.
    expect(second.calls.map((t) => t.experiment.model.hiddenSize)).to.deep.equal([3]);
    expect(code).to.equal(1);
    expect(out.text()).to.match(/resuming .*: 3 of 5 trials done, 2 to run/);
    const results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8'));
    expect(results.counts).to.deep.equal({ total: 5, done: 4, failed: 1, interrupted: 0 });
    expect(results.trials[0].params['model.hiddenSize']).to.equal(3);
  });

  it('Ctrl-C: running trials stop, no new one starts, finished ones are kept, exit 130; resume finishes the rest', async () => {
    const file = writeSweep({ parameters: { 'model.hiddenSize': [2, 3, 4, 5, 6, 7] }, parallel: 2 });
    const stop = new AbortController();
    const ex = fakeExecutor(async (t, { stopped }) => {
      if (t.experiment.model.hiddenSize === 2) return summaryWith(0.2);
      // Trial 3 runs until asked to stop, as a real run does, then reports itself interrupted.
      stop.abort();
      while (!stopped()) await new Promise((r) => setTimeout(r, 5));
      return summaryWith(0.3, 'interrupted');
    }, 2);
    const out = capture();
    const code = await runSweep(file, { executor: ex.factory, out, plain: true, signal: stop.signal });
    expect(code).to.equal(130);
    expect(ex.wasStopped()).to.equal(true);
    expect(ex.calls.map((t) => t.experiment.model.hiddenSize)).to.deep.equal([2, 3]);
    expect(out.text()).to.match(/stopping: .*--resume/);

    const dir = sweepDir(file);
    const rest = fakeExecutor(() => summaryWith(0.5));
    expect(await runSweep(undefined, { resume: dir, executor: rest.factory, out: capture(), plain: true, signal: new AbortController().signal })).to.equal(0);
    expect(rest.calls.map((t) => t.experiment.model.hiddenSize)).to.deep.equal([3, 4, 5, 6, 7]);
  });

  it('checks `expect` on the best trial: pass → 0, fail → 1', async () => {
    const good = writeSweep({ parameters: { 'model.hiddenSize': [2, 3] }, expect: ['test.accuracy >= 0.3'] });
    const ex = () => fakeExecutor((t) => summaryWith((t.experiment.model.hiddenSize as number) / 10));
    const out = capture();
    expect(await runSweep(good, { executor: ex().factory, out, plain: true, signal: new AbortController().signal })).to.equal(0);
    expect(out.text()).to.match(/expect on the best trial [0-9a-f]{12}.*\n\s+PASS {2}test.accuracy >= 0.3 {2}\(test.accuracy = 0.3\)/);

    const bad = writeSweep({ parameters: { 'model.hiddenSize': [2, 3] }, expect: ['test.accuracy >= 0.5'] });
    const out2 = capture();
    expect(await runSweep(bad, { executor: ex().factory, out: out2, plain: true, signal: new AbortController().signal })).to.equal(1);
    expect(out2.text()).to.match(/FAIL {2}test.accuracy >= 0.5/);
  });

  it('refuses a metric no trial summary will have before any trial runs, naming what is available', async () => {
    const file = writeSweep({ parameters: { 'model.hiddenSize': [2, 3] }, metric: 'test.r2' });
    const ex = fakeExecutor(() => summaryWith(0.5));
    let err: Error | undefined;
    try {
      await runSweep(file, { executor: ex.factory, out: capture(), plain: true, signal: new AbortController().signal });
    } catch (e) {
      err = e as Error;
    }
    expect(err?.message).to.match(/metric: `test.r2` will not be in the summary of a binary net on minus data\. Available: .*test\.accuracy/);
    expect(ex.calls).to.have.length(0);
  });

  it('records a metric a summary lacks after all as a problem, naming what is available', async () => {
    const file = writeSweep({ parameters: { 'model.hiddenSize': [2, 3] }, metric: 'test.accuracy' });
    const out = capture();
    const lacking = () => { const r = summaryWith(0.5); delete r.summary.metrics.test.accuracy; return r; };
    await runSweep(file, { executor: fakeExecutor(lacking).factory, out, plain: true, signal: new AbortController().signal });
    expect(out.text()).to.match(/`test.accuracy`.*Available: .*test.loss/);
  });

  it('refuses an invalid base experiment before running anything', async () => {
    const file = writeSweep({ parameters: { 'model.hiddenSize': [2] } }, { name: 'bad', data: { name: 'minus' }, model: { netType: 'nope' } });
    const ex = fakeExecutor(() => summaryWith(1));
    let err: Error | undefined;
    try {
      await runSweep(file, { executor: ex.factory, out: capture(), plain: true, signal: new AbortController().signal });
    } catch (e) {
      err = e as Error;
    }
    expect(err?.message).to.match(/base.json5: invalid experiment/);
    expect(ex.calls).to.have.length(0);
  });
});

describe('runSweep end to end (real training)', function () {
  this.timeout(60_000);

  it('trains a tiny random sweep in process, same trials and metrics when run twice', async () => {
    const sweep = { method: 'random', trials: 3, seed: 4, parameters: { 'model.hiddenSize': { int: [2, 6] }, 'train.eta': { logUniform: [0.05, 1] } } };
    const a = writeSweep(sweep);
    const b = writeSweep(sweep);
    for (const file of [a, b]) expect(await runSweep(file, { executor: () => createInProcessExecutor(), out: capture(), plain: true, signal: new AbortController().signal })).to.equal(0);
    const read = (f: string) => JSON.parse(readFileSync(join(sweepDir(f), 'results.json'), 'utf8')).trials.map((t: { id: string; metric: number }) => [t.id, t.metric]);
    expect(read(a)).to.deep.equal(read(b));
    const dir = sweepDir(a);
    const first = read(a)[0][0];
    for (const f of ['events.jsonl', 'metrics.csv', 'summary.json', 'outcome.json']) expect(existsSync(join(dir, 'trials', first, f)), f).to.equal(true);
  });

  it('runs trials on worker threads', async () => {
    const file = writeSweep({ parameters: { 'model.hiddenSize': [2, 3] }, parallel: 2 });
    const out = capture();
    expect(await runSweep(file, { out, plain: true, signal: new AbortController().signal })).to.equal(0);
    expect(out.text()).to.match(/2 trials \(grid\), 2 at a time/);
    expect(out.text()).to.match(/2 done, 0 failed/);
  });
});

describe('runSweep: where the sweep folder goes', () => {
  it('dir puts it exactly there, and refuses a folder in use', async () => {
    const file = writeSweep({ parameters: { 'model.hiddenSize': [2] } });
    const dir = join(file, '..', 'exact');
    const run = () => runSweep(file, { dir, executor: fakeExecutor(() => summaryWith(1)).factory, out: capture(), plain: true, signal: new AbortController().signal });
    expect(await run()).to.equal(0);
    expect(existsSync(join(dir, 'results.json'))).to.equal(true);
    let err: Error | undefined;
    try {
      await run();
    } catch (e) {
      err = e as Error;
    }
    expect(err?.message).to.match(/is not empty.*--resume/);
  });
});
