import { expect } from 'chai';
import { loadDataset } from '../../src/data/index.js';
import { context, gatherAll } from './context.js';

describe('minus dataset (binary subtraction)', () => {
  const d = loadDataset({ name: 'minus', bits: 4 }, context());

  it('trains, validates and tests on the same 136 pairs, with a label per step', () => {
    expect(d.train.size).to.equal(136);
    expect(d.validation).to.equal(d.train);
    expect(d.test).to.equal(d.train);
    expect([d.train.timesteps, d.train.inputSize, d.train.outputSize, d.train.labelsPerStep]).to.deep.equal([4, 2, 1, true]);
  });

  it('encodes 13 − 6 = 7 LSB first: x = (1,0), (0,1), (1,1), (1,0); y = 1, 1, 1, 0', () => {
    // Pairs run a = 0…15, b = 0…a: pair (13, 6) comes after the 1 + 2 + … + 13 = 91 pairs with a < 13.
    const { x, y } = gatherAll(d.train, [91 + 6]);
    expect(Array.from(x)).to.deep.equal([1, 0, 0, 1, 1, 1, 1, 0]);
    expect(Array.from(y)).to.deep.equal([1, 1, 1, 0]);
  });
});
