import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadParams } from '../../../src/model/param-file.js';
import { Rnn } from '../../../src/model/rnn.js';
import { readSafetensorsFile } from '../../../src/model/safetensors.js';
import { tensorFromNested } from '../../../src/model/nested-tensor.js';
import { validateExperiment } from '../../../src/app/experiment-file.js';
import { exportRun } from '../../../src/app/export.js';
import { setupRun } from '../../../src/train/setup.js';
import { runCli, tempDir, tinyExperiment, writeFile } from '../../helpers/cli.js';
import { runCollecting } from '../../helpers/run.js';

const lstm = { netType: 'binary', outputMode: 'each', cell: 'lstm', hiddenSize: [3, 2], bidirectional: 'concat', bias: true };

/** The torch layout of a run's parameter file, as tensors: what an export must hold. */
function torchTensorsOf(paramFile: string) {
  const params = loadParams(paramFile);
  const net = new Rnn(params.spec);
  net.params.copyFrom(params);
  return Object.entries(net.getParameters({ layout: 'torch' })).map(([name, v]) => [name, tensorFromNested(name, v)] as const);
}

describe('rnnflow export and model.init.from', () => {
  const dir = tempDir();
  const runDir = join(dir, 'run');
  before(async () => {
    await runCollecting(JSON.parse(tinyExperiment({ model: lstm, train: { eta: 0.1, batchSize: 8, maxEpochs: 2 } })), { outDir: runDir });
  });

  it('writes the best parameters in the torch layout, float64, bit for bit, with the spec in the metadata', () => {
    const out = join(dir, 'best.safetensors');
    const r = runCli(['export', runDir, '--format', 'safetensors', '--out', out]);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout).to.match(/best\.safetensors: 18 tensors \(rnn\.weight_ih_l0, .*head\.bias\)/);
    const file = readSafetensorsFile(out);
    const expected = torchTensorsOf(join(runDir, 'params', 'best.json'));
    expect([...file.tensors.keys()]).to.deep.equal(expected.map(([n]) => n));
    for (const [name, t] of expected) expect(file.tensors.get(name), name).to.deep.equal(t);
    expect(new Set(file.dtypes.values())).to.deep.equal(new Set(['F64']));
    expect(JSON.parse(file.metadata['rnnflow.spec'])).to.include({ cell: 'lstm', bidirectional: 'concat' });
    expect(file.metadata).to.include({ format: 'pt', 'rnnflow.params': 'best' });
  });

  it('writes float32 when asked, each value rounded to nearest', () => {
    const out = join(dir, 'final32.safetensors');
    exportRun(runDir, { params: 'final', format: 'safetensors', dtype: 'float32', out });
    const file = readSafetensorsFile(out);
    for (const [name, t] of torchTensorsOf(join(runDir, 'params', 'final.json'))) {
      expect(file.dtypes.get(name)).to.equal('F32');
      expect(Array.from(file.tensors.get(name)!.data), name).to.deep.equal(Array.from(t.data, Math.fround));
    }
  });

  it('never replaces an existing file unless --overwrite is given', () => {
    const out = writeFile(dir, 'taken.safetensors', 'keep me');
    const r = runCli(['export', runDir, '--out', out]);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.match(/taken\.safetensors exists; choose another --out, or pass --overwrite to replace it/);
    expect(readFileSync(out, 'utf8')).to.equal('keep me');
    expect(runCli(['export', runDir, '--out', out, '--overwrite']).code).to.equal(0);
    expect(readSafetensorsFile(out).tensors.size).to.equal(18);
  });

  it('names the parameter sets a run has when the one asked for is missing', () => {
    expect(() => exportRun(runDir, { params: 'interrupted', format: 'safetensors', dtype: 'float64', out: join(dir, 'x.safetensors') }))
      .to.throw(/no interrupted parameters in this run; it has .*best.*final.*init/);
  });

  it('starts a run from an exported file (path relative to the experiment), exactly', () => {
    const exp = tempDir();
    exportRun(runDir, { params: 'best', format: 'safetensors', dtype: 'float64', out: join(exp, 'start.safetensors') });
    const file = writeFile(exp, 'resume.json5', tinyExperiment({ model: { ...lstm, init: { from: 'start.safetensors' } }, train: { maxEpochs: 1 } }));
    const again = join(exp, 'run');
    const r = runCli(['exp', file, '--out', again]);
    expect(r.code, r.stderr).to.equal(0);
    expect(Array.from(loadParams(join(again, 'params', 'init.json')).flat)).to.deep.equal(Array.from(loadParams(join(runDir, 'params', 'best.json')).flat));
  });

  it('refuses a file whose tensors do not fit the net, naming the file and the tensor', () => {
    const exp = tempDir();
    exportRun(runDir, { params: 'best', format: 'safetensors', dtype: 'float64', out: join(exp, 'lstm.safetensors') });
    const source = { file: join(exp, 'gru.json5'), baseDir: exp };
    const gru = validateExperiment(JSON.parse(tinyExperiment({ model: { ...lstm, cell: 'gru', init: { from: 'lstm.safetensors' } } })), source);
    expect(() => setupRun(gru, source)).to.throw(/lstm\.safetensors: its tensors do not fit this net \(gru, hidden \[3,2\]\): .*rnn\.weight_ih_l0/);
  });
});
