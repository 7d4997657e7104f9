import { expect } from 'chai';
import { loadDataset } from '../../src/data/index.js';
import type { EchoData } from '../../src/config/types.js';
import { context, gatherAll } from './context.js';

const echo = (timesteps = 2): EchoData => ({ name: 'echo', timesteps, trainSamples: 200, validationSamples: 50, testSamples: 50 });

describe('echo dataset', () => {
  it('has the book\'s shapes: 200 train, 50 test, T = 2, one input, one label at the last step', () => {
    const d = loadDataset(echo(), context());
    expect([d.train.size, d.validation.size, d.test.size]).to.deep.equal([200, 50, 50]);
    for (const s of [d.train, d.validation, d.test]) {
      expect([s.timesteps, s.inputSize, s.outputSize, s.labelsPerStep]).to.deep.equal([2, 1, 1, false]);
    }
  });

  it('labels each sample with its first input, and sample i+1 starts where sample i continues', () => {
    const T = 3;
    const d = loadDataset(echo(T), context());
    const n = d.train.size;
    const { x, y } = gatherAll(d.train, [...Array(n).keys()]);
    // time-major: x[t][r]
    for (let r = 0; r < n; r++) {
      expect(y[r]).to.equal(x[0 * n + r]);
      for (let t = 0; t < T; t++) {
        expect(x[t * n + r]).to.be.at.least(0).and.below(1);
        if (r + 1 < n && t + 1 < T) expect(x[t * n + r + 1]).to.equal(x[(t + 1) * n + r]);
      }
    }
  });

  it('is the same for a seed, different for another, and its splits share no values', () => {
    const a = gatherAll(loadDataset(echo(), context(7)).test, [0, 1, 2]).x;
    const b = gatherAll(loadDataset(echo(), context(7)).test, [0, 1, 2]).x;
    const c = gatherAll(loadDataset(echo(), context(8)).test, [0, 1, 2]).x;
    expect(Array.from(a)).to.deep.equal(Array.from(b));
    expect(Array.from(a)).to.not.deep.equal(Array.from(c));
    const d = loadDataset(echo(), context(7));
    const values = (s: typeof d.train) => new Set(gatherAll(s, [...Array(s.size).keys()]).x);
    const train = values(d.train);
    for (const v of [...values(d.validation), ...values(d.test)]) expect(train.has(v)).to.equal(false);
  });
});
