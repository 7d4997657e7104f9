/** What every run folder records for other readers: the engine's code version and the experiment's identity. */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { codeVersion } from '../../../src/core/code-version.js';
import { experimentIdentity } from '../../../src/config/identity.js';
import { runCli, tempDir, tinyExperiment, writeFile } from '../../helpers/cli.js';

describe('the run folder records', () => {
  it('the code version (summary.json, run.json, the start event) and the experiment id (run.json)', () => {
    const dir = tempDir();
    const file = writeFile(dir, 'tiny.json5', tinyExperiment());
    const out = join(dir, 'run');
    const r = runCli(['exp', file, '--out', out]);
    expect(r.code, r.stderr).to.equal(0);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    const run = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'));
    const start = JSON.parse(readFileSync(join(out, 'events.jsonl'), 'utf8').split('\n')[0]);
    expect(start.type).to.equal('start');
    for (const v of [summary.codeVersion, run.codeVersion, start.codeVersion]) expect(v).to.equal(codeVersion());
    const resolved = JSON.parse(readFileSync(join(out, 'experiment.resolved.json'), 'utf8'));
    expect(run.experimentId).to.equal(experimentIdentity(resolved));
  });

  it('which kernels ran (run.json, not the identity): --kernels js and wasm give the same parameters, an unknown back end exit 2', () => {
    const dir = tempDir();
    const file = writeFile(dir, 'tiny.json5', tinyExperiment());
    const runs = ['js', 'wasm'].map((kernels) => {
      const out = join(dir, kernels);
      const r = runCli(['exp', file, '--out', out, '--kernels', kernels]);
      expect(r.code, r.stderr).to.equal(0);
      return { out, run: JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')) };
    });
    expect(runs.map((r) => r.run.kernels)).to.deep.equal(['js', 'wasm']);
    expect(runs[0].run.experimentId).to.equal(runs[1].run.experimentId);
    const params = runs.map((r) => readFileSync(join(r.out, 'params', 'final.json'), 'utf8'));
    expect(params[1]).to.equal(params[0]);
    const bad = runCli(['exp', file, '--out', join(dir, 'bad'), '--kernels', 'cuda']);
    expect(bad.code).to.equal(2);
    expect(bad.stderr).to.match(/--kernels cuda: use one of native, wasm, js/);
  });
});
