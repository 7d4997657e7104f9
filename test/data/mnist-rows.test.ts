import { expect } from 'chai';
import { createRequire } from 'node:module';
import { validateExperiment } from '../../src/app/experiment-file.js';
import type { MnistRowsData } from '../../src/config/types.js';
import { Random } from '../../src/core/random.js';
import { loadDataset } from '../../src/data/index.js';
import { readMnistDigits, stratifiedSplit } from '../../src/data/mnist-rows.js';
import { context, gatherAll } from './context.js';

const mnist = (over: Partial<MnistRowsData> = {}): MnistRowsData => ({ name: 'mnist-rows', validationFraction: 0.1, testFraction: 0.2, ...over });

/** The package's own accessor (an independent reading of its files): digit `label`, sample `i`, 784 pixels. */
const packageDigit = createRequire(import.meta.url)('mnist') as { get(i: number): number[] }[];

describe('mnist-rows dataset', () => {
  it('splits the 10,000 digits per class, 7001 / 999 / 2000 with the defaults, 28 steps of 28 pixels, 10 classes at the last step', () => {
    const d = loadDataset(mnist(), context());
    expect([d.train.size, d.validation.size, d.test.size]).to.deep.equal([7001, 999, 2000]);
    for (const s of [d.train, d.validation, d.test]) {
      expect([s.timesteps, s.inputSize, s.outputSize, s.labelsPerStep]).to.deep.equal([28, 28, 10, false]);
    }
    const perClass = d.info.perClass as { train: number[]; validation: number[]; test: number[] };
    const counts = readMnistDigits().map((c) => c.count);
    counts.forEach((n, k) => {
      expect(perClass.test[k]).to.equal(Math.round(n * 0.2));
      expect(perClass.validation[k]).to.equal(Math.round(n * 0.1));
      expect(perClass.train[k] + perClass.validation[k] + perClass.test[k]).to.equal(n);
    });
  });

  it('gives each digit to exactly one split, the same for a seed and another for another seed', () => {
    const counts = readMnistDigits().map((c) => c.count);
    const a = stratifiedSplit(counts, mnist(), new Random(3, 'data'));
    const b = stratifiedSplit(counts, mnist(), new Random(3, 'data'));
    const c = stratifiedSplit(counts, mnist(), new Random(4, 'data'));
    expect(a).to.deep.equal(b);
    expect(a[0].test).to.not.deep.equal(c[0].test);
    a.forEach((s, k) => {
      const all = [...s.train, ...s.validation, ...s.test].sort((p, q) => p - q);
      expect(all).to.deep.equal([...Array(counts[k]).keys()]);
    });
  });

  it('reads a digit top row first, pixel for pixel as the package gives it, labelled one-hot with its class', () => {
    const seed = 5;
    const counts = readMnistDigits().map((c) => c.count);
    const split = stratifiedSplit(counts, mnist(), new Random(seed, 'data'));
    const test = loadDataset(mnist(), context(seed)).test;
    // The test split holds class 0's picks first, then class 1's …: sample k = 0 is class 0's first pick.
    const firstOfClass3 = split[0].test.length + split[1].test.length + split[2].test.length;
    for (const [k, label, i] of [[0, 0, split[0].test[0]], [firstOfClass3, 3, split[3].test[0]]]) {
      const { x, y } = gatherAll(test, [k]);
      expect(Array.from(x)).to.deep.equal(packageDigit[label].get(i)); // x[t][row 0][pixel] = pixel (t, ·)
      expect(Array.from(y)).to.deep.equal([...Array(10).keys()].map((j) => (j === label ? 1 : 0)));
    }
  });

  it('keeps at most perClass digits of each class for quick runs', () => {
    const d = loadDataset(mnist({ perClass: 20 }), context());
    expect([d.train.size, d.validation.size, d.test.size]).to.deep.equal([140, 20, 40]);
    expect(() => loadDataset(mnist({ perClass: 2 }), context())).to.throw(/validation split is empty .* raise perClass/);
  });

  it('asks for a last-step multiclass net and fractions that leave digits to train on', () => {
    const src = { file: 'x.json5', baseDir: '.' };
    const base = { name: 'm', data: { name: 'mnist-rows' }, model: { netType: 'multiclass', outputMode: 'last' } };
    expect(validateExperiment(base, src).data).to.deep.equal(mnist());
    expect(() => validateExperiment({ ...base, model: { netType: 'binary' } }, src)).to.throw(/set model\.netType to "multiclass"/);
    expect(() => validateExperiment({ ...base, model: { netType: 'multiclass', outputMode: 'each' } }, src)).to.throw(/set model\.outputMode to "last"/);
    expect(() => validateExperiment({ ...base, data: { name: 'mnist-rows', validationFraction: 0.5, testFraction: 0.5 } }, src))
      .to.throw(/must be below 1/);
  });
});
