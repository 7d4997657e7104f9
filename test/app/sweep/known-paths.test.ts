import { expect } from 'chai';
import { isExperimentPath } from '../../../src/app/sweep/known-paths.js';

describe('sweep parameter paths', () => {
  it('accepts schema paths and keys below opaque values, but never a prototype', () => {
    expect(isExperimentPath('train.eta')).to.equal(true);
    expect(isExperimentPath('sinks.0')).to.equal(true);
    expect(isExperimentPath('model.hiddenSiz')).to.equal(false);
    expect(isExperimentPath('sinks.__proto__.polluted')).to.equal(false);
    expect(isExperimentPath('expect.constructor.prototype.x')).to.equal(false);
  });
});

import { randomPoints } from '../../../src/app/search/index.js';

describe('random sweeps over huge integer ranges', () => {
  it('draw from a billion seeds without building the list', () => {
    const before = process.memoryUsage().heapUsed;
    const { points } = randomPoints([{ path: 'seed', spec: { kind: 'int', min: 1, max: 1_000_000_000, step: 1 } }] as never, 5, 3);
    expect(points).to.have.length(5);
    expect(new Set(points.map((p) => p.seed)).size).to.equal(5);
    for (const p of points) expect(p.seed).to.be.within(1, 1_000_000_000);
    expect(process.memoryUsage().heapUsed - before).to.be.below(50e6);
  });
});
