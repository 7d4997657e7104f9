/**
 * When a run's final parameters beat its best ones on the task's own metric (binary subtraction at
 * eta 0.2, seed 7: final validation accuracy 1, the lowest-loss check below it), eval and export with
 * the default --params best say so on stderr, with the flag that picks the final ones; with
 * train.monitor on accuracy the best is the solved net and nothing is said.
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { root, runCli, tempDir } from '../../helpers/cli.js';

describe('the final parameters beat the best: eval and export say so', function () {
  this.timeout(240_000);
  const dir = tempDir();
  const minus = join(root, 'experiments', 'minus.json5');

  it('default monitor: a note on eval and export with --params best, none with --params final; monitoring accuracy: none', () => {
    const out = join(dir, 'loss');
    const run = runCli(['exp', minus, '--set', 'train.eta=0.2', '--seed', '7', '--no-expect', '--out', out]);
    expect(run.code, run.stderr).to.equal(0);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    const note = `final beats best on validation accuracy (1.0000 > ${summary.bestParams.validation.accuracy.toFixed(4)}): --params final`;
    expect(run.stdout).to.contain(`  ${note}\n`);
    expect(run.stdout).to.contain('  best: lowest validation loss, at iteration');
    const evalBest = runCli(['eval', out, '--split', 'validation']);
    expect(evalBest.code, evalBest.stderr).to.equal(0);
    expect(evalBest.stderr).to.equal(`eval: ${note}\n`);
    expect(runCli(['eval', out, '--params', 'final']).stderr).to.equal('');
    const exported = runCli(['export', out, '--out', join(dir, 'minus.safetensors')]);
    expect(exported.code, exported.stderr).to.equal(0);
    expect(exported.stderr).to.equal(`export: ${note}\n`);

    const byAccuracy = join(dir, 'accuracy');
    const solved = runCli(['exp', minus, '--set', 'train.eta=0.2', '--set', 'train.monitor={metric:"validation.accuracy",mode:"max"}', '--seed', '7', '--no-expect', '--out', byAccuracy]);
    expect(solved.code, solved.stderr).to.equal(0);
    expect(solved.stdout).to.contain('  best: highest validation accuracy, at iteration');
    expect(solved.stdout).not.to.contain('final beats best');
    expect(JSON.parse(readFileSync(join(byAccuracy, 'summary.json'), 'utf8')).bestParams.test.accuracy).to.equal(1);
    expect(runCli(['eval', byAccuracy]).stderr).to.equal('');
  });
});
