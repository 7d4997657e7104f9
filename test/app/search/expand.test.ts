import { expect } from 'chai';
import { discreteValues, expandPoints, gridPoints, randomPoints, type SweepParameter } from '../../../src/app/search/index.js';
import { canonicalJson } from '../../../src/core/canonical-json.js';

const p = (path: string, spec: SweepParameter['spec']): SweepParameter => ({ path, spec });
const distinct = (points: object[]) => new Set(points.map((x) => canonicalJson(x))).size;

describe('sweep expansion: parameter values', () => {
  it('int ranges with a step, both ends included', () => {
    expect(discreteValues({ kind: 'int', min: 4, max: 16, step: 4 }, 'grid')).to.deep.equal([4, 8, 12, 16]);
    expect(discreteValues({ kind: 'int', min: 1, max: 6, step: 2 }, 'grid')).to.deep.equal([1, 3, 5]);
  });

  it('real and log-uniform ranges are spaced evenly for a grid, and continuous for random', () => {
    expect(discreteValues({ kind: 'real', min: 0, max: 1, count: 5 }, 'grid')).to.deep.equal([0, 0.25, 0.5, 0.75, 1]);
    expect(discreteValues({ kind: 'logUniform', min: 0.001, max: 0.1, count: 3 }, 'grid')).to.deep.equal([0.001, 0.01, 0.1]);
    expect(discreteValues({ kind: 'real', min: 0, max: 1, count: 5 }, 'random')).to.equal(undefined);
  });

  it('expressions over k', () => {
    expect(discreteValues({ kind: 'expression', expression: '0.1 * 2^-k', from: 0, to: 3 }, 'grid')).to.deep.equal([0.1, 0.05, 0.025, 0.0125]);
    expect(discreteValues({ kind: 'expression', expression: '2^k', from: 2, to: 4 }, 'random')).to.deep.equal([4, 8, 16]);
  });
});

describe('sweep expansion: grid', () => {
  const params = [p('model.hiddenSize', { kind: 'values', values: [2, 4, 8] }), p('train.eta', { kind: 'values', values: [0.1, 0.01] }), p('seed', { kind: 'int', min: 1, max: 2, step: 1 })];

  it('has every combination once, the first parameter slowest', () => {
    const points = gridPoints(params);
    expect(points).to.have.length(12);
    expect(distinct(points)).to.equal(12);
    expect(points[0]).to.deep.equal({ 'model.hiddenSize': 2, 'train.eta': 0.1, seed: 1 });
    expect(points[1]).to.deep.equal({ 'model.hiddenSize': 2, 'train.eta': 0.1, seed: 2 });
    expect(points[11]).to.deep.equal({ 'model.hiddenSize': 8, 'train.eta': 0.01, seed: 2 });
  });

  it('is the same every time', () => {
    expect(gridPoints(params)).to.deep.equal(gridPoints(params));
  });

  it('refuses a grid too large to run', () => {
    const big = Array.from({ length: 6 }, (_, i) => p(`x${i}`, { kind: 'int', min: 1, max: 10, step: 1 }));
    expect(() => gridPoints(big)).to.throw(/1000000 combinations.*method "random"/);
  });
});

describe('sweep expansion: random', () => {
  const discrete = [p('model.hiddenSize', { kind: 'int', min: 1, max: 10, step: 1 }), p('train.optimizer', { kind: 'values', values: ['sgd', 'momentum', 'adam'] })];
  const mixed = [...discrete, p('train.eta', { kind: 'logUniform', min: 1e-4, max: 1e-1 }), p('train.momentum', { kind: 'real', min: 0.5, max: 0.9 })];

  it('draws the number of trials asked, the same for the same seed, different for another', () => {
    const a = randomPoints(mixed, 20, 7).points;
    expect(a).to.have.length(20);
    expect(randomPoints(mixed, 20, 7).points).to.deep.equal(a);
    expect(randomPoints(mixed, 20, 8).points).not.to.deep.equal(a);
  });

  it('samples a discrete space without replacement', () => {
    for (const seed of [1, 2, 3]) expect(distinct(randomPoints(discrete, 30, seed).points)).to.equal(30);
  });

  it('runs each combination once when asked for more trials than a discrete space has', () => {
    const { points, note } = randomPoints(discrete, 50, 1);
    expect(points).to.have.length(30);
    expect(distinct(points)).to.equal(30);
    expect(note).to.match(/only 30 combinations/);
  });

  it('with continuous parameters, repeats discrete combinations only after all were used', () => {
    const points = randomPoints(mixed, 45, 3).points;
    const key = (x: Record<string, unknown>) => `${x['model.hiddenSize']}/${x['train.optimizer']}`;
    expect(new Set(points.slice(0, 30).map(key)).size).to.equal(30);
    expect(new Set(points.slice(30).map(key)).size).to.equal(15);
    expect(distinct(points)).to.equal(45);
  });

  it('keeps continuous draws in their ranges, log-uniform spread over decades', () => {
    const points = randomPoints(mixed, 200, 5).points;
    const etas = points.map((x) => x['train.eta'] as number);
    const ms = points.map((x) => x['train.momentum'] as number);
    expect(Math.min(...etas)).to.be.at.least(1e-4);
    expect(Math.max(...etas)).to.be.at.most(1e-1);
    for (const decade of [1e-4, 1e-3, 1e-2]) expect(etas.filter((e) => e >= decade && e < decade * 10).length).to.be.greaterThan(40);
    expect(Math.min(...ms)).to.be.at.least(0.5);
    expect(Math.max(...ms)).to.be.at.most(0.9);
  });

  it('keeps the file order of parameters in every point', () => {
    expect(Object.keys(randomPoints(mixed, 1, 1).points[0])).to.deep.equal(mixed.map((x) => x.path));
  });

  it('expandPoints picks the method', () => {
    expect(expandPoints({ method: 'grid', parameters: discrete, seed: 1 }).points).to.have.length(30);
    expect(expandPoints({ method: 'random', parameters: discrete, trials: 4, seed: 1 }).points).to.have.length(4);
  });
});
