/**
 * random: `trials` draws from Random(seed, 'sweep'). The discrete part of the space (lists, int
 * ranges, expressions) is drawn without replacement; once every discrete combination has been used,
 * a new round begins. real and logUniform ranges are drawn continuously.
 */
import { Random } from '../../core/random.js';
import { needsTrials, type SearchMethod } from './method.js';
import { pointAt, rangeValue, roundSweepValue, spaceSize, valueList, type ParameterSpec, type Point, type SweepParameter, type ValueList } from './space.js';

/** `trials` seeded draws; see the file comment. Returns the points and, when fewer than asked, why. */
export function randomPoints(parameters: readonly SweepParameter[], trials: number, seed: number): { points: Point[]; note?: string } {
  const rng = new Random(seed, 'sweep');
  const discrete = parameters.filter((p) => valueList(p.spec, 'random') !== undefined);
  const continuous = parameters.filter((p) => valueList(p.spec, 'random') === undefined);
  const lists = discrete.map((p) => valueList(p.spec, 'random')!);
  const n = spaceSize(lists);
  let note: string | undefined;
  if (continuous.length === 0 && trials > n) {
    note = `asked for ${trials} random trials, but the space has only ${n} combinations: each runs once.`;
    trials = n;
  }
  const points: Point[] = [];
  while (points.length < trials) {
    // One round: distinct discrete combinations, as many as still needed.
    const drawn = n <= 0x7fffffff
      ? drawDistinct(rng, n, Math.min(n, trials - points.length)).map((i) => pointAt(discrete, lists, i))
      : drawLarge(rng, discrete, lists, trials - points.length);
    for (const d of drawn) {
      const c: Point = {};
      for (const p of continuous) c[p.path] = drawContinuous(rng, p.spec);
      // Back in the file's order, so tables and ids do not depend on which parameters are discrete.
      points.push(Object.fromEntries(parameters.map((p) => [p.path, p.path in d ? d[p.path] : c[p.path]])));
    }
  }
  return { points, note };
}

export const random: SearchMethod = {
  checkSettings: needsTrials('random'),
  initialPoints: ({ parameters, trials, seed }) => randomPoints(parameters, trials ?? 1, seed),
  plannedTotal: (_settings, planned) => planned,
};

/** k distinct integers in [0, n), in random order (Floyd's algorithm, then a shuffle): k draws, no rejection. */
function drawDistinct(rng: Random, n: number, k: number): number[] {
  const chosen = new Set<number>();
  for (let j = n - k; j < n; j++) {
    const t = rng.int(0, j);
    chosen.add(chosen.has(t) ? j : t);
  }
  return rng.shuffle([...chosen]);
}

/** For spaces too large to index: independent coordinates, duplicates redrawn (they are rare there). */
function drawLarge(rng: Random, parameters: readonly SweepParameter[], lists: readonly ValueList[], k: number): Point[] {
  const seen = new Set<string>();
  const out: Point[] = [];
  while (out.length < k) {
    const digits = lists.map((l) => rng.int(0, l.length - 1));
    const key = digits.join(',');
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(Object.fromEntries(parameters.map((p, j) => [p.path, lists[j].at(digits[j])])));
  }
  return out;
}

function drawContinuous(rng: Random, spec: ParameterSpec): number {
  if (spec.kind !== 'real' && spec.kind !== 'logUniform') throw new Error(`${spec.kind} is not continuous`);
  return roundSweepValue(rangeValue(spec, rng.uniform()));
}
