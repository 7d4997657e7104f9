import { expect } from 'chai';
import { Random } from '../../../src/core/random.js';
import { randomPoints, type Observation, type Point, type SweepParameter } from '../../../src/app/search/index.js';
import { proposeTpe, splitGoodBad } from '../../../src/app/search/tpe.js';

/** Branin on x1 ∈ [-5, 10], x2 ∈ [0, 15]: global minimum 0.397887 at three points. */
function branin(x1: number, x2: number): number {
  const b = 5.1 / (4 * Math.PI ** 2), c = 5 / Math.PI, t = 1 / (8 * Math.PI);
  return (x2 - b * x1 ** 2 + c * x1 - 6) ** 2 + 10 * (1 - t) * Math.cos(x1) + 10;
}
/** Branin in log space (the suggestion): the sweep draws log-uniform u ∈ [1, 16] and v ∈ [1, 16]. */
const params: SweepParameter[] = [
  { path: 'u', spec: { kind: 'logUniform', min: 1, max: 16 } },
  { path: 'v', spec: { kind: 'logUniform', min: 1, max: 16 } },
];
const objective = (p: Point) => branin(-5 + (p.u as number - 1), (p.v as number - 1));

const TRIALS = 40, STARTUP = 10, BATCH = 5;

function tpeBest(seed: number): number {
  const history: Observation[] = randomPoints(params, STARTUP, seed).points.map((point) => ({ point, value: objective(point) }));
  for (let batch = 0; history.length < TRIALS; batch++) {
    for (const point of proposeTpe(params, history, BATCH, new Random(seed, `tpe-${batch}`))) history.push({ point, value: objective(point) });
  }
  return Math.min(...history.map((o) => o.value));
}
const randomBest = (seed: number) => Math.min(...randomPoints(params, TRIALS, seed).points.map(objective));
const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return (s[9] + s[10]) / 2; };

describe('TPE search', () => {
  it('beats random search on Branin in log space: median best of 20 seeds after 40 trials', () => {
    const seeds = Array.from({ length: 20 }, (_, i) => i + 1);
    const tpe = median(seeds.map(tpeBest)), random = median(seeds.map(randomBest));
    expect(tpe, `TPE median best ${tpe} vs random ${random}`).to.be.below(random);
  });

  it('proposes the same points for the same seed and history, and stays inside the ranges', () => {
    const history: Observation[] = randomPoints(params, 8, 3).points.map((point) => ({ point, value: objective(point) }));
    const a = proposeTpe(params, history, 4, new Random(3, 'tpe-0'));
    expect(proposeTpe(params, history, 4, new Random(3, 'tpe-0'))).to.deep.equal(a);
    for (const p of a) for (const k of ['u', 'v']) expect(p[k]).to.be.within(1, 16);
  });

  it('handles lists and integer ranges, and counts failed trials as bad', () => {
    const mixed: SweepParameter[] = [
      { path: 'opt', spec: { kind: 'values', values: ['sgd', 'adam'] } },
      { path: 'h', spec: { kind: 'int', min: 2, max: 64, step: 2 } },
    ];
    // adam with h near 32 is good; sgd is bad; one failed trial.
    const history: Observation[] = [];
    const rng = new Random(5, 'history');
    for (let i = 0; i < 30; i++) {
      const point = { opt: i % 2 ? 'adam' : 'sgd', h: 2 + 2 * rng.int(0, 31) };
      history.push({ point, value: (point.opt === 'adam' ? 0 : 10) + Math.abs(point.h - 32) / 8 });
    }
    history.push({ point: { opt: 'adam', h: 32 }, value: NaN });
    const { good, bad } = splitGoodBad(history, 0.25);
    expect(good.length).to.equal(8);
    expect(bad.some((o) => Number.isNaN(o.value))).to.equal(true);
    const proposed = proposeTpe(mixed, history, 20, new Random(5, 'tpe-0'));
    const adam = proposed.filter((p) => p.opt === 'adam').length;
    expect(adam, 'most proposals use the good optimizer').to.be.greaterThan(14);
    for (const p of proposed) expect((p.h as number) % 2).to.equal(0);
  });

  it('never proposes a point already tried or proposed, and stops when a finite space is used up', () => {
    const grid: SweepParameter[] = [
      { path: 'h', spec: { kind: 'values', values: [4, 8, 16, 32] } },
      { path: 'eta', spec: { kind: 'expression', expression: '0.02 * 2^-k', from: 0, to: 3 } },
    ];
    // A sharp optimum at (4, 0.02): the estimator's favourite corner is tried first, then it must move on.
    const value = (p: Point) => Math.abs(Math.log2(p.h as number / 4)) + Math.abs(Math.log2(0.02 / (p.eta as number)));
    const history: Observation[] = randomPoints(grid, 4, 1).points.map((point) => ({ point, value: value(point) }));
    const key = (p: Point) => `${p.h}/${p.eta}`;
    for (let batch = 0; history.length < 16; batch++) {
      const proposed = proposeTpe(grid, history, 2, new Random(1, `tpe-${batch}`));
      expect(proposed).to.have.length(2);
      for (const point of proposed) history.push({ point, value: value(point) });
    }
    expect(new Set(history.map((o) => key(o.point))).size, 'all 16 points, each once').to.equal(16);
    expect(proposeTpe(grid, history, 2, new Random(1, 'tpe-last'))).to.deep.equal([]);
  });
});
