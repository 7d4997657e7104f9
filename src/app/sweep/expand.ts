/**
 * The search policy, pure and apart from execution (as in W&B's sweep engine): a sweep's parameters
 * → the list of points to try, each a map from dotted path to value. Same spec = same points, in
 * the same order, on every machine.
 *
 *   grid:   every combination; the first parameter varies slowest.
 *   random: `trials` draws from Random(seed, 'sweep'). The discrete part of the space (lists, int
 *           ranges, expressions) is drawn without replacement; once every discrete combination has
 *           been used, a new round begins. real and logUniform ranges are drawn continuously.
 */
import { Random } from '../../core/random.js';
import { UserError } from '../../core/errors.js';
import { compileExpression } from '../../core/expressions/safe-math.js';
import type { ParameterSpec, SweepParameter, SweepSpec } from './spec.js';

export type Point = Record<string, unknown>;

/** A grid larger than this is almost certainly a mistake (and would not finish). */
export const MAX_TRIALS = 100_000;

/** Sampled and spaced reals keep this many significant digits: readable tables, stable ids. */
const DIGITS = 6;

/**
 * The values of a parameter as a list that is never built: an int range of a billion values costs
 * nothing until a value is read (a sweep over `seed: { int: [1, 1e9] }` is natural).
 */
interface ValueList { readonly length: number; at(i: number): unknown }

function valueList(spec: ParameterSpec, method: SweepSpec['method']): ValueList | undefined {
  switch (spec.kind) {
    case 'values':
      return { length: spec.values.length, at: (i) => spec.values[i] };
    case 'int':
      return { length: Math.floor((spec.max - spec.min) / spec.step) + 1, at: (i) => spec.min + i * spec.step };
    case 'real':
    case 'logUniform': {
      if (method === 'random') return undefined;
      const n = spec.count ?? 2;
      const at = spec.kind === 'real'
        ? (t: number) => spec.min + (spec.max - spec.min) * t
        : (t: number) => Math.exp(Math.log(spec.min) + (Math.log(spec.max) - Math.log(spec.min)) * t);
      return { length: n, at: (i) => roundSweepValue(at(i / (n - 1))) };
    }
    case 'expression': {
      const e = compileExpression(spec.expression, { variables: ['k'], context: 'sweep value' });
      return { length: spec.to - spec.from + 1, at: (i) => e.evaluateNumber({ k: spec.from + i }) };
    }
  }
}

/** The values a parameter takes in a grid, or in random's discrete part; undefined when random draws it continuously. */
export function discreteValues(spec: ParameterSpec, method: SweepSpec['method']): unknown[] | undefined {
  const list = valueList(spec, method);
  if (list === undefined) return undefined;
  if (list.length > MAX_TRIALS) throw new UserError(`a parameter with ${list.length} values is too many to list; use method "random".`);
  return Array.from({ length: list.length }, (_, i) => list.at(i));
}

/** Every combination, first parameter slowest. */
export function gridPoints(parameters: readonly SweepParameter[]): Point[] {
  const lists = parameters.map((p) => valueList(p.spec, 'grid')!);
  const n = spaceSize(lists);
  if (n > MAX_TRIALS) {
    throw new UserError(`the grid has ${n} combinations (${lists.map((l) => l.length).join(' × ')}), more than ${MAX_TRIALS}; use fewer values or method "random" with trials.`);
  }
  return Array.from({ length: n }, (_, i) => pointAt(parameters, lists, i));
}

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

/**
 * The points a sweep knows before any trial ran, by its method: every point of a grid or a random
 * search; for tpe, its random start-up draws (the estimator proposes the rest batch by batch, see batches.ts).
 */
export function expandPoints(sweep: Pick<SweepSpec, 'method' | 'parameters' | 'trials' | 'seed'> & { startupTrials?: number }): { points: Point[]; note?: string } {
  if (sweep.method === 'grid') return { points: gridPoints(sweep.parameters) };
  const trials = sweep.trials ?? 1;
  if (sweep.method !== 'tpe') return randomPoints(sweep.parameters, trials, sweep.seed);
  const startup = randomPoints(sweep.parameters, Math.min(trials, sweep.startupTrials ?? 10), sweep.seed);
  const n = finiteSpaceSize(sweep.parameters);
  return n !== undefined && trials > n
    ? { points: startup.points, note: `asked for ${trials} tpe trials, but the space has only ${n} combinations: the sweep ends when each has run once.` }
    : startup;
}

/** The number of distinct points when every parameter is discrete (lists, int ranges, expressions); undefined with a real range. */
export function finiteSpaceSize(parameters: readonly SweepParameter[]): number | undefined {
  const lists = parameters.map((p) => valueList(p.spec, 'random'));
  return lists.every((l) => l !== undefined) ? spaceSize(lists as ValueList[]) : undefined;
}

function spaceSize(lists: readonly ValueList[]): number {
  return lists.reduce((n, l) => n * l.length, 1);
}

/** Mixed-radix decoding: index → one value per list, the last list fastest. */
function pointAt(parameters: readonly SweepParameter[], lists: readonly ValueList[], index: number): Point {
  const point: Point = {};
  for (let j = parameters.length - 1; j >= 0; j--) {
    const len = lists[j].length;
    point[parameters[j].path] = lists[j].at(index % len);
    index = Math.floor(index / len);
  }
  return Object.fromEntries(parameters.map((p) => [p.path, point[p.path]]));
}

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
  const u = rng.uniform();
  if (spec.kind === 'real') return roundSweepValue(spec.min + (spec.max - spec.min) * u);
  if (spec.kind === 'logUniform') return roundSweepValue(Math.exp(Math.log(spec.min) + (Math.log(spec.max) - Math.log(spec.min)) * u));
  throw new Error(`${spec.kind} is not continuous`);
}

/** A swept real as tables and ids show it: DIGITS significant digits. */
export function roundSweepValue(x: number): number {
  return Number(x.toPrecision(DIGITS));
}
