/**
 * halton: `trials` points of a scrambled Halton sequence (Halton 1960), a quasi-random search that
 * covers the space more evenly than independent draws for the same number of trials.
 *
 * Point i's coordinate on axis j is the radical inverse of i in the j-th prime base b: i's base-b
 * digits d₀ d₁ d₂ … mirrored behind the point, u = Σₖ π_jk(dₖ) · b^−(k+1). The property that makes it
 * even: the first n = b^m points put exactly one coordinate into each of the b^m intervals
 * [c / b^m, (c + 1) / b^m) of that axis, for every m, on every axis at once. π_jk is a random
 * permutation of the digits 0 … b − 1, one per axis and digit place, drawn from Random(seed,
 * 'halton'): it keeps that property (a permutation only relabels the intervals) and breaks the
 * unscrambled sequence's correlation between axes of large bases (Braaten & Weller 1979; Owen 2017).
 *
 * Axes are read as random reads them: real and logUniform ranges from u (logUniform evenly in log
 * space); lists, int ranges and expressions as their value number ⌊u · length⌋. A point equal to an
 * earlier one is skipped, so an all-discrete space runs each combination at most once.
 */
import { Random } from '../../core/random.js';
import { needsTrials, type SearchMethod } from './method.js';
import { rangeValue, roundSweepValue, spaceSize, valueList, type ParameterSpec, type Point, type SweepParameter, type ValueList } from './space.js';

/** Digit places per coordinate: enough that b^−places is below a double's resolution at 1 (2^−52). */
function digitPlaces(base: number): number {
  return Math.ceil(52 / Math.log2(base));
}

/** The first n primes, the sequence's bases. */
function primes(n: number): number[] {
  const out: number[] = [];
  for (let k = 2; out.length < n; k++) if (out.every((p) => k % p !== 0)) out.push(k);
  return out;
}

/** One axis of the scrambled sequence: index → coordinate in [0, 1). */
function scrambledAxis(base: number, rng: Random): (index: number) => number {
  const perms = Array.from({ length: digitPlaces(base) }, () => rng.shuffle(Array.from({ length: base }, (_, d) => d)));
  return (index) => {
    let u = 0;
    let scale = 1 / base;
    for (const perm of perms) {
      u += perm[index % base] * scale;
      index = Math.floor(index / base);
      scale /= base;
    }
    return Math.min(u, 1 - Number.EPSILON / 2);
  };
}

/** An axis's value at coordinate u: a range's point, or a list's value number ⌊u · length⌋. */
function valueAt(spec: ParameterSpec, list: ValueList | undefined, u: number): unknown {
  if (list) return list.at(Math.min(list.length - 1, Math.floor(u * list.length)));
  if (spec.kind !== 'real' && spec.kind !== 'logUniform') throw new Error(`${spec.kind} is not continuous`);
  return roundSweepValue(rangeValue(spec, u));
}

/** `trials` distinct points of the scrambled sequence (see the file comment), and, when fewer, why. */
export function haltonPoints(parameters: readonly SweepParameter[], trials: number, seed: number): { points: Point[]; note?: string } {
  const rng = new Random(seed, 'halton');
  const axes = primes(parameters.length).map((base) => scrambledAxis(base, rng));
  const lists = parameters.map((p) => valueList(p.spec, 'random'));
  const size = lists.every((l) => l !== undefined) ? spaceSize(lists as ValueList[]) : Infinity;
  let note: string | undefined;
  if (trials > size) {
    note = `asked for ${trials} halton trials, but the space has only ${size} combinations: each runs at most once.`;
    trials = size;
  }
  // In an all-discrete space later points repeat earlier combinations more and more often: a bound on the draws.
  const maxDraws = 64 * trials + 1024;
  const seen = new Set<string>();
  const points: Point[] = [];
  for (let i = 0; points.length < trials && i < maxDraws; i++) {
    const point: Point = Object.fromEntries(parameters.map((p, j) => [p.path, valueAt(p.spec, lists[j], axes[j](i))]));
    const key = JSON.stringify(parameters.map((p) => point[p.path]));
    if (seen.has(key)) continue;
    seen.add(key);
    points.push(point);
  }
  if (points.length < trials) note = `the halton sequence gave ${points.length} distinct combinations of the ${trials} asked in ${maxDraws} draws; use method "random" to draw every combination.`;
  return { points, note };
}

export const halton: SearchMethod = {
  checkSettings: needsTrials('halton'),
  initialPoints: ({ parameters, trials, seed }) => haltonPoints(parameters, trials ?? 1, seed),
  plannedTotal: (_settings, planned) => planned,
};
