import { expect } from 'chai';
import { cpSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { collectReport } from '../../../src/app/report/write-report.js';
import { readSweepDetail } from '../../../src/app/board/sweep-reader.js';
import { displayPath } from '../../../src/core/paths.js';
import { runSweep } from '../../../src/app/sweep/index.js';
import { createInProcessExecutor } from '../../../src/app/run-pool/pool.js';
import { resolveRun } from '../../../src/app/runs.js';
import { loadRun } from '../../../src/app/predict/run-model.js';
import { UserError } from '../../../src/core/errors.js';
import { runCli } from '../../helpers/cli.js';
import { capture, fakeExecutor, summaryWith, writeSweep } from './fixtures.js';

function sweepDir(file: string): string {
  const root = join(file, '..', 'out', 'sweep');
  return join(root, readdirSync(root)[0]);
}

/** The trials' own outcome.json files, best first by test accuracy (the sweep's metric, max): not results.json's ranking. */
function rankedFromOutcomes(dir: string): string[] {
  const outcomes = readdirSync(join(dir, 'trials')).map((id) => JSON.parse(readFileSync(join(dir, 'trials', id, 'outcome.json'), 'utf8')) as { id: string; metric: number; index: number });
  return outcomes.sort((a, b) => b.metric - a.metric || a.index - b.index).map((o) => o.id);
}

function thrown(f: () => unknown): UserError {
  try { f(); } catch (e) { return e as UserError; }
  throw new Error('expected an error');
}

describe('a sweep folder means its best trial (predict, eval, export, loadRun, runs)', function () {
  this.timeout(120_000);
  let file: string;
  let dir: string;
  let sweepOut: string;

  before(async () => {
    // Grid over eta: the trials end at different test accuracies.
    file = writeSweep({ parameters: { 'train.eta': [0.05, 0.5, 2] } }, {
      name: 'tiny', seed: 3, data: { name: 'minus', bits: 2 }, model: { netType: 'binary', outputMode: 'each', hiddenSize: 4, bias: false }, train: { eta: 0.5, maxEpochs: 8 },
    });
    const out = capture();
    expect(await runSweep(file, { executor: () => createInProcessExecutor(), out, plain: true, signal: new AbortController().signal })).to.equal(0);
    dir = sweepDir(file);
    sweepOut = out.text();
  });

  it('resolveRun and loadRun take the best trial by the sweep\'s metric, and say which in one line', async () => {
    const best = rankedFromOutcomes(dir)[0];
    const said: string[] = [];
    expect(resolveRun(dir, { command: 'eval', say: (t) => said.push(t) })).to.equal(join(dir, 'trials', best));
    expect(said).to.have.length(1);
    expect(said[0]).to.match(new RegExp(`^eval: using the sweep's best trial ${best} \\(test accuracy [0-9.]+, highest wins\\): .*trials/${best}$`));
    // loadRun resolves the same way (then refuses minus data, naming the trial it chose).
    const loaded: string[] = [];
    const err = await loadRun(dir, { say: (t) => loaded.push(t) }).catch((e: Error) => e);
    expect(loaded[0]).to.match(new RegExp(`^loadRun: using the sweep's best trial ${best} `));
    expect((err as Error).message).to.contain(join(dir, 'trials', best));
    // A parent folder of runs: its latest run, as for the CLI.
    const latest: string[] = [];
    await loadRun(join(dir, 'trials'), { say: (t) => latest.push(t) }).catch(() => undefined);
    expect(latest[0]).to.match(/^loadRun: using the latest run in .*trials: /);
  });

  it('the CLI: eval on the sweep folder evaluates the best trial; runs lists the trials best first; the sweep\'s table names the winner', () => {
    const ranked = rankedFromOutcomes(dir);
    const r = runCli(['eval', dir]);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stderr).to.match(new RegExp(`eval: using the sweep's best trial ${ranked[0]} \\(test accuracy`));
    const list = runCli(['runs', dir]);
    expect(list.code, list.stderr).to.equal(0);
    const order = list.stdout.split('\n').map((l) => /trials\/(\S+)/.exec(l)?.[1]).filter(Boolean);
    expect(order).to.deep.equal(ranked);
    expect(sweepOut).to.match(new RegExp(`best trial: \\S*trials/${ranked[0]} `));
    expect(sweepOut).to.match(new RegExp(`rnnflow export \\S*trials/${ranked[0]} --out`));
    expect(sweepOut).to.match(new RegExp(`rnnflow report \\S*trials/${ranked[0]} --out`));
  });

  it('report on the sweep folder says which trial it takes and opens on it; the board\'s sweep page names it with the same commands', async () => {
    const ranked = rankedFromOutcomes(dir);
    const out = join(dir, '..', 'report.html');
    const r = runCli(['report', dir, '--out', out]);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stderr).to.match(new RegExp(`report: using the sweep's best trial ${ranked[0]} \\(test accuracy`));
    const data = await collectReport([dir], join(dir, 'trials', ranked[0]));
    expect(data.start).to.equal(`#/run/${encodeURIComponent(`0:${basename(dir)}/trials/${ranked[0]}`)}`);
    expect(readFileSync(out, 'utf8')).to.contain(JSON.stringify(data.start));
    // The whole sweep is in the report too: its page, and every trial's.
    expect(Object.keys(data.sweeps)).to.have.length(1);
    expect(Object.keys(data.runs)).to.have.length(ranked.length);
    // The board reads the same winner and prints the same lines as the sweep's final table.
    const detail = readSweepDetail(dir, '0:');
    expect(detail.next?.folder).to.match(new RegExp(`trials/${ranked[0]}$`));
    expect(detail.next!.commands.map((c) => c.replace(detail.next!.folder, '<best>'))).to.deep.equal([
      'rnnflow eval <best>', 'rnnflow export <best> --out best.safetensors', 'rnnflow report <best> --out best.html',
    ]);
    for (const command of detail.next!.commands) expect(sweepOut).to.contain(`  ${command.replace(detail.next!.folder, displayPath(join(dir, 'trials', ranked[0])))}`);
  });

  it('a trial id that points outside the sweep folder is refused', () => {
    const results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as { best: string; trials: { id: string }[] };
    const copy = join(dir, '..', 'copy');
    cpSync(dir, copy, { recursive: true });
    // a path out of trials/, to a real run folder
    cpSync(join(copy, 'trials', results.best), join(copy, '..', 'outside'), { recursive: true });
    const edited = { ...results, best: '../../outside', trials: [{ ...results.trials[0], id: '../../outside' }, ...results.trials.slice(1)] };
    writeFileSync(join(copy, 'results.json'), JSON.stringify(edited));
    const e = thrown(() => resolveRun(copy, { command: 'predict', say: () => {} }));
    expect(e.message).to.match(/results\.json \(trial 0\): "\.\.\/\.\.\/outside" is not a trial id .*refused/);
    // a symlink inside trials/ to a folder outside, under a well-formed trial id
    const evil = 'eee000000001';
    symlinkSync(join(copy, '..', 'outside'), join(copy, 'trials', evil));
    writeFileSync(join(copy, 'results.json'), JSON.stringify({ ...results, best: evil, trials: [{ ...results.trials[0], id: evil }] }));
    expect(thrown(() => resolveRun(copy, { command: 'predict', say: () => {} })).message).to.match(new RegExp(`trials/${evil}: leads outside its folder .*refused`));
    const cli = runCli(['export', copy, '--out', join(copy, 'x.safetensors')]);
    expect(cli.code).to.equal(2);
    expect(cli.stderr).to.match(/leads outside its folder/);
    rmSync(copy, { recursive: true, force: true });
  });

  it('a sweep with no finished trial: one clear line, exit 2', async () => {
    const f = writeSweep({ parameters: { 'model.hiddenSize': [2, 3] } });
    const ex = fakeExecutor(() => summaryWith(NaN, 'diverged'));
    await runSweep(f, { executor: ex.factory, out: capture(), plain: true, signal: new AbortController().signal });
    const d = sweepDir(f);
    const e = thrown(() => resolveRun(d, { command: 'predict', say: () => {} }));
    expect(e).to.be.instanceOf(UserError);
    expect(e.exitCode).to.equal(2);
    const r = runCli(['eval', d]);
    expect(r.code).to.equal(2);
    expect(r.stderr.trim().split('\n')).to.have.length(1);
    expect(r.stderr).to.match(/no trial of this sweep finished with its metric \(test\.accuracy\), so it has no best trial/);
  });
});
