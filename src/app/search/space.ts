/**
 * The space a sweep searches: its parameters (dotted path → a list, a range or an expression over k)
 * and the points drawn from it, each a map from dotted path to value. Every search method reads the
 * space through these lists, so a value means the same thing whichever method chose it.
 */
import { UserError } from '../../core/errors.js';
import { compileExpression } from '../../core/expressions/safe-math.js';

export type ParameterSpec =
  | { kind: 'values'; values: unknown[] }
  | { kind: 'int'; min: number; max: number; step: number }
  | { kind: 'real'; min: number; max: number; count?: number }
  | { kind: 'logUniform'; min: number; max: number; count?: number }
  | { kind: 'expression'; expression: string; from: number; to: number };

export interface SweepParameter { path: string; spec: ParameterSpec }

/** One point of the space: dotted path → value, in the sweep file's order of parameters. */
export type Point = Record<string, unknown>;

/** A grid larger than this is almost certainly a mistake (and would not finish). */
export const MAX_TRIALS = 100_000;

/** Sampled and spaced reals keep this many significant digits: readable tables, stable ids. */
const DIGITS = 6;

/**
 * How real and log-uniform ranges are read: 'grid' lists `count` evenly spaced values; 'random'
 * leaves them continuous (drawn, not listed). Lists, int ranges and expressions are lists either way.
 */
export type RangeReading = 'grid' | 'random';

/**
 * The values of a parameter as a list that is never built: an int range of a billion values costs
 * nothing until a value is read (a sweep over `seed: { int: [1, 1e9] }` is natural).
 */
export interface ValueList { readonly length: number; at(i: number): unknown }

export function valueList(spec: ParameterSpec, ranges: RangeReading): ValueList | undefined {
  switch (spec.kind) {
    case 'values':
      return { length: spec.values.length, at: (i) => spec.values[i] };
    case 'int':
      return { length: Math.floor((spec.max - spec.min) / spec.step) + 1, at: (i) => spec.min + i * spec.step };
    case 'real':
    case 'logUniform': {
      if (ranges === 'random') return undefined;
      const n = spec.count ?? 2;
      return { length: n, at: (i) => roundSweepValue(rangeValue(spec, i / (n - 1))) };
    }
    case 'expression': {
      const e = compileExpression(spec.expression, { variables: ['k'], context: 'sweep value' });
      return { length: spec.to - spec.from + 1, at: (i) => e.evaluateNumber({ k: spec.from + i }) };
    }
  }
}

/** The values a parameter takes in a grid, or in random's discrete part; undefined when random draws it continuously. */
export function discreteValues(spec: ParameterSpec, ranges: RangeReading): unknown[] | undefined {
  const list = valueList(spec, ranges);
  if (list === undefined) return undefined;
  if (list.length > MAX_TRIALS) throw new UserError(`a parameter with ${list.length} values is too many to list; use method "random".`);
  return Array.from({ length: list.length }, (_, i) => list.at(i));
}

/** The number of distinct points when every parameter is discrete (lists, int ranges, expressions); undefined with a real range. */
export function finiteSpaceSize(parameters: readonly SweepParameter[]): number | undefined {
  const lists = parameters.map((p) => valueList(p.spec, 'random'));
  return lists.every((l) => l !== undefined) ? spaceSize(lists as ValueList[]) : undefined;
}

export function spaceSize(lists: readonly ValueList[]): number {
  return lists.reduce((n, l) => n * l.length, 1);
}

/** Mixed-radix decoding: index → one value per list, the last list fastest. */
export function pointAt(parameters: readonly SweepParameter[], lists: readonly ValueList[], index: number): Point {
  const point: Point = {};
  for (let j = parameters.length - 1; j >= 0; j--) {
    const len = lists[j].length;
    point[parameters[j].path] = lists[j].at(index % len);
    index = Math.floor(index / len);
  }
  return Object.fromEntries(parameters.map((p) => [p.path, point[p.path]]));
}

/** A real or log-uniform range at fraction t ∈ [0, 1] of its length (of its log length for logUniform), unrounded. */
export function rangeValue(spec: Extract<ParameterSpec, { kind: 'real' | 'logUniform' }>, t: number): number {
  return spec.kind === 'real'
    ? spec.min + (spec.max - spec.min) * t
    : Math.exp(Math.log(spec.min) + (Math.log(spec.max) - Math.log(spec.min)) * t);
}

/** A swept real as tables and ids show it: DIGITS significant digits. */
export function roundSweepValue(x: number): number {
  return Number(x.toPrecision(DIGITS));
}
