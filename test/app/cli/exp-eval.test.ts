import { expect } from 'chai';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempDir, tinyExperiment, writeFile } from '../../helpers/cli.js';

describe('rnnflow exp and eval', () => {
  const dir = tempDir();
  const file = writeFile(dir, 'tiny.json5', tinyExperiment({ sinks: undefined }));

  it('exp writes runs/<name>/<run id>/ with every documented file, and prints a summary', () => {
    const r = runCli(['exp', file, '--runs', join(dir, 'runs')]);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout).to.match(/completed: reached train\.maxEpochs \(3\)/);
    const [runId] = readdirSync(join(dir, 'runs', 'tiny'));
    expect(runId).to.match(/^\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-seed1$/);
    const runDir = join(dir, 'runs', 'tiny', runId);
    for (const f of ['experiment.resolved.json', 'events.jsonl', 'metrics.csv', 'summary.json', 'params/init.json', 'params/best.json', 'params/final.json', 'plots/loss.svg', 'plots/accuracy.svg']) {
      expect(existsSync(join(runDir, f)), f).to.equal(true);
    }
    const resolved = JSON.parse(readFileSync(join(runDir, 'experiment.resolved.json'), 'utf8'));
    expect(resolved.train).to.include({ optimizer: 'sgd', checkpointEvery: 1 }); // defaults filled in
    expect(readFileSync(join(runDir, 'metrics.csv'), 'utf8').split('\n')[0]).to.equal('epoch,iteration,split,loss,accuracy,samples');
    const svg = readFileSync(join(runDir, 'plots', 'loss.svg'), 'utf8');
    expect(svg).to.match(/^<svg/);
    expect(svg).to.contain('validation');
  });

  it('eval recomputes the summary\'s metrics from the saved parameters', () => {
    const out = join(dir, 'run-out');
    expect(runCli(['exp', file, '--out', out, '--seed', '5']).code).to.equal(0);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary.seed).to.equal(5);
    const r = runCli(['eval', out, '--params', 'final', '--split', 'test']);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout).to.contain(`loss ${summary.metrics.test.loss.toFixed(4)} acc ${summary.metrics.test.accuracy.toFixed(4)}`);
    const bad = runCli(['eval', tempDir()]); // neither a run nor a folder of runs
    expect(bad.code).to.equal(2);
    expect(bad.stderr).to.match(/not a run folder/);
  });
});
