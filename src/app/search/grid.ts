/**
 * grid: every combination of the parameters' values, the first parameter varying slowest. Real and
 * log-uniform ranges are listed as `count` evenly spaced values (evenly in log space for logUniform).
 */
import { UserError } from '../../core/errors.js';
import type { SearchMethod } from './method.js';
import { MAX_TRIALS, pointAt, spaceSize, valueList, type Point, type SweepParameter } from './space.js';

/** Every combination, first parameter slowest. */
export function gridPoints(parameters: readonly SweepParameter[]): Point[] {
  const lists = parameters.map((p) => valueList(p.spec, 'grid')!);
  const n = spaceSize(lists);
  if (n > MAX_TRIALS) {
    throw new UserError(`the grid has ${n} combinations (${lists.map((l) => l.length).join(' × ')}), more than ${MAX_TRIALS}; use fewer values or method "random" with trials.`);
  }
  return Array.from({ length: n }, (_, i) => pointAt(parameters, lists, i));
}

export const grid: SearchMethod = {
  checkSettings: ({ trials }) => (trials === undefined ? []
    : ['`trials` is for method "random"; a grid runs every combination. Remove trials or set method: "random".']),
  checkParameter: (where, spec) => ((spec.kind === 'real' || spec.kind === 'logUniform') && spec.count === undefined
    ? [`${where}: a grid needs \`count\`, how many values of this range to try, e.g. { ${spec.kind}: [${spec.min}, ${spec.max}], count: 5 }.`]
    : []),
  initialPoints: ({ parameters }) => ({ points: gridPoints(parameters) }),
  plannedTotal: (_settings, planned) => planned,
};
