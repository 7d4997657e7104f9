import { expect } from 'chai';
import { expandPoints, randomPoints, type Point, type SweepParameter } from '../../../src/app/search/index.js';
import { haltonPoints } from '../../../src/app/search/halton.js';
import { validateSweep } from '../../../src/app/sweep/spec.js';

const p = (path: string, spec: SweepParameter['spec']): SweepParameter => ({ path, spec });

/** A 2-D space of two real ranges, and each point mapped back to the unit square. */
const plane = [p('train.eta', { kind: 'real', min: 0, max: 1 }), p('train.momentum', { kind: 'real', min: -2, max: 6 })];
const unit = (x: Point): number[] => [x['train.eta'] as number, ((x['train.momentum'] as number) + 2) / 8];

/**
 * The L2-star discrepancy of points in [0, 1]^d, by Warnock's closed form (1972): the root mean square,
 * over every box [0, y), of the gap between the share of points inside and the box's volume.
 */
function l2StarDiscrepancy(points: readonly number[][]): number {
  const n = points.length;
  const d = points[0].length;
  let single = 0;
  for (const x of points) single += x.reduce((prod, xk) => prod * (1 - xk * xk), 1);
  let pairs = 0;
  for (const x of points) for (const y of points) pairs += x.reduce((prod, xk, k) => prod * (1 - Math.max(xk, y[k])), 1);
  return Math.sqrt(3 ** -d - (2 ** (1 - d) / n) * single + pairs / (n * n));
}

describe('halton search', () => {
  it('covers a 2-D space more evenly than random draws of as many trials: a lower L2-star discrepancy for every seed', () => {
    const seeds = [1, 2, 3, 4, 5, 6, 7, 8];
    const halton = seeds.map((seed) => l2StarDiscrepancy(haltonPoints(plane, 64, seed).points.map(unit)));
    const random = seeds.map((seed) => l2StarDiscrepancy(randomPoints(plane, 64, seed).points.map(unit)));
    // Every halton set beats the best random one, and on average by more than half.
    expect(Math.max(...halton), `halton ${halton} random ${random}`).to.be.below(Math.min(...random));
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(halton)).to.be.below(mean(random) / 2);
  });

  it('puts one point into each 1/64 of its first axis in 64 points, and into each 1/27 of its second in 27 (the Halton property, kept by the scramble)', () => {
    for (const seed of [1, 9]) {
      const points = haltonPoints(plane, 64, seed).points.map(unit);
      expect(new Set(points.map(([u]) => Math.floor(u * 64))).size).to.equal(64);
      expect(new Set(points.slice(0, 27).map(([, v]) => Math.floor(v * 27))).size).to.equal(27);
    }
  });

  it('gives the same points for the same seed and others for another seed (the scramble follows the seed)', () => {
    const a = haltonPoints(plane, 20, 7).points;
    expect(haltonPoints(plane, 20, 7).points).to.deep.equal(a);
    expect(haltonPoints(plane, 20, 8).points).not.to.deep.equal(a);
    expect(a).to.have.length(20);
  });

  it('keeps every value inside its range and of its kind: int steps, log-uniform spread over decades, list values', () => {
    const mixed = [
      p('model.hiddenSize', { kind: 'int', min: 4, max: 64, step: 4 }),
      p('train.eta', { kind: 'logUniform', min: 1e-4, max: 1e-1 }),
      p('train.optimizer', { kind: 'values', values: ['sgd', 'momentum', 'adam'] }),
      p('train.momentum', { kind: 'real', min: 0.5, max: 0.9 }),
      p('train.l2', { kind: 'expression', expression: '2^-k', from: 1, to: 4 }),
    ];
    const points = haltonPoints(mixed, 90, 3).points;
    expect(points).to.have.length(90);
    for (const x of points) {
      const h = x['model.hiddenSize'] as number;
      expect(Number.isInteger(h) && h >= 4 && h <= 64 && h % 4 === 0, `hiddenSize ${h}`).to.equal(true);
      expect(x['train.eta']).to.be.within(1e-4, 1e-1);
      expect(['sgd', 'momentum', 'adam']).to.include(x['train.optimizer']);
      expect(x['train.momentum']).to.be.within(0.5, 0.9);
      expect([0.5, 0.25, 0.125, 0.0625]).to.include(x['train.l2']);
    }
    // Every decade of the log range, every list value and both ends of the int range are reached.
    const decades = new Set(points.map((x) => Math.floor(Math.log10(x['train.eta'] as number))));
    expect([...decades].sort()).to.deep.equal([-2, -3, -4]);
    expect(new Set(points.map((x) => x['train.optimizer'])).size).to.equal(3);
    const sizes = points.map((x) => x['model.hiddenSize'] as number);
    expect([Math.min(...sizes), Math.max(...sizes)]).to.deep.equal([4, 64]);
  });

  it('runs each combination of an all-discrete space at most once, and says so when asked for more than it has', () => {
    const discrete = [p('model.hiddenSize', { kind: 'values', values: [2, 4, 8] }), p('train.optimizer', { kind: 'values', values: ['sgd', 'adam'] })];
    const six = haltonPoints(discrete, 6, 1).points;
    expect(new Set(six.map((x) => JSON.stringify(x))).size).to.equal(6);
    const { points, note } = haltonPoints(discrete, 10, 1);
    expect(points).to.have.length(6);
    expect(note).to.match(/asked for 10 halton trials, but the space has only 6 combinations/);
  });

  it('is a search method like the others: a sweep file names it, it needs trials, and its points are the sweep\'s', () => {
    const doc = { base: 'base.json5', method: 'halton', trials: 12, seed: 5, parameters: { 'train.eta': { logUniform: [0.01, 1] } }, metric: 'test.accuracy', goal: 'max' };
    const spec = validateSweep(doc, 'sw.json5');
    expect(expandPoints(spec).points).to.deep.equal(haltonPoints(spec.parameters, 12, 5).points);
    expect(() => validateSweep({ ...doc, trials: undefined }, 'sw.json5')).to.throw(/method "halton" needs `trials`/);
  });
});
