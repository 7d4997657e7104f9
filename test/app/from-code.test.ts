/** Loading an experiment from code, from another working directory: packageDir finds the shipped files. */
import { expect } from 'chai';
import { loadExperimentFile, packageDir } from '../../src/index.js';
import { join } from 'node:path';
import { tempDir } from '../helpers/cli.js';

describe('loadExperimentFile from code', () => {
  it('resolves a relative path from the working directory, and packageDir reaches the shipped files from anywhere', () => {
    const cwd = process.cwd();
    try {
      process.chdir(tempDir());
      expect(() => loadExperimentFile('experiments/echo.json5')).to.throw(/no such file: .*rnnflow-test-.*experiments\/echo\.json5/);
      const { experiment, source } = loadExperimentFile(join(packageDir, 'experiments/echo.json5'));
      expect(experiment.name).to.equal('echo');
      expect(source.baseDir).to.equal(join(packageDir, 'experiments'));
    } finally {
      process.chdir(cwd);
    }
  });
});

describe('variable-length sequences from code (docs/use-from-code.md)', () => {
  it('forward(x, { lengths }) and backward(y, { layout: "torch" }) from the package exports; a trainer with dropout and weight decay', async () => {
    const { Rnn, createBatchTrainer, createOptimizer, initParameters, Random } = await import('../../src/index.js');
    const net = new Rnn({ netType: 'multiclass', outputMode: 'last', timesteps: 20, inputSize: 4, hiddenSize: 5, outputSize: 3, cell: 'gru', bias: true, embeddingSize: 2, dropout: 0.2 });
    initParameters(net.params, 'pytorch', new Random(1, 'init'));
    const token = (j: number) => [0, 1, 2, 3].map((k) => (k === j ? 1 : 0));
    const x = [[token(0), token(1), token(2)], [token(3), token(3), [0, 0, 0, 0]], [token(1), [9, 9, 9, 9], [9, 9, 9, 9]]];
    const a = net.forward(x, { lengths: [3, 2, 1] }) as number[][];
    expect(a).to.have.length(3);
    const alone = net.forward([x[2].slice(0, 1)], { lengths: [1] }) as number[][];
    expect(alone[0]).to.deep.equal(a[2]);
    net.forward(x, { lengths: [3, 2, 1] });
    const g = net.backward([[1, 0, 0], [0, 1, 0], [0, 0, 1]], { layout: 'torch' });
    expect(Object.keys(g)).to.include('embedding.weight');
    const trainer = createBatchTrainer(net, createOptimizer('adam', net.params.flat.length, { weightDecay: 1e-4 }), { dropoutSeed: 7 });
    const xs = new Float64Array(3 * 3 * 4), ys = Float64Array.of(1, 0, 0, 0, 1, 0, 0, 0, 1);
    for (let t = 0; t < 3; t++) for (let r = 0; r < 3; r++) xs.set(x[r][t], (t * 3 + r) * 4);
    const losses = [0, 1, 2].map(() => trainer.step(xs, ys, 3, 0.05, Int32Array.of(3, 2, 1)));
    await trainer.close();
    expect(losses.every(Number.isFinite)).to.equal(true);
  });
});
