/**
 * The search methods by name: adding one is a file in this folder, a line here and its name in
 * schemas/sweep.schema.json's `method` enum. Everything else in this folder is the policy they
 * share: the space, the pruning rules and the check series they read.
 */
import { grid } from './grid.js';
import { halton } from './halton.js';
import type { SearchMethod, SearchSettings } from './method.js';
import { random } from './random.js';
import type { Point } from './space.js';
import { tpe } from './tpe.js';

const METHODS = {
  grid,
  random,
  tpe,
  halton,
} satisfies Record<string, SearchMethod>;

export type SearchMethodName = keyof typeof METHODS;

export function searchMethod(name: SearchMethodName): SearchMethod {
  const method: SearchMethod | undefined = Object.hasOwn(METHODS, name) ? METHODS[name] : undefined;
  if (!method) throw new RangeError(`search method ${JSON.stringify(name)} does not exist; use one of ${Object.keys(METHODS).join(', ')}`);
  return method;
}

/** The points a sweep knows before any trial ran (a method that learns proposes the rest batch by batch). */
export function expandPoints(sweep: SearchSettings & { method: SearchMethodName }): { points: Point[]; note?: string } {
  return searchMethod(sweep.method).initialPoints(sweep);
}

export type { Observation, SearchMethod, SearchSettings } from './method.js';
export { observationOf } from './method.js';
export type { ParameterSpec, Point, SweepParameter } from './space.js';
export { discreteValues, finiteSpaceSize, roundSweepValue } from './space.js';
export { gridPoints } from './grid.js';
export { randomPoints } from './random.js';
export { ashaBudgets, CHECK_METRICS, pruneReason, type CheckMetric, type CheckPoint, type PruneInstruction, type PruneSpec } from './prune.js';
export { readCheckSeries } from './check-series.js';
