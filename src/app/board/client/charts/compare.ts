/* Compare runs: each run's validation loss and training loss (epoch means, else steps) overlaid. */
import type { RunDetail } from '../../run-reader.js';
import { epochAxis, positive } from '../draw.js';

export interface CompareRow { x: number; y: number; run: string; kind: string }

/** `label` names each run in the legend. */
export function compareRows(runs: RunDetail[], label: (r: RunDetail) => string): CompareRow[] {
  return runs.flatMap((r) => {
    const run = label(r);
    return [
      ...r.points.evals.filter((e) => e.split === 'validation' && e.metrics.loss !== undefined).map((e) => ({ x: e.epoch, y: e.metrics.loss, run, kind: 'validation loss' })),
      ...(r.points.epochTrain.length ? r.points.epochTrain : r.points.train).map(([x, y]) => ({ x, y, run, kind: 'train loss' })),
    ];
  });
}

export function compareSpec(rows: CompareRow[]): object {
  return {
    width: 760, height: 300, title: 'Learning curves',
    data: { values: rows },
    mark: { type: 'line', clip: true, strokeWidth: 1.4 },
    encoding: {
      x: epochAxis,
      y: { field: 'y', type: 'quantitative', title: 'loss', scale: positive(rows) ? { type: 'log' } : { zero: false } },
      color: { field: 'run', type: 'nominal', title: 'run', legend: { orient: 'bottom', columns: 2, labelLimit: 400 } },
      strokeDash: { field: 'kind', type: 'nominal', title: null, scale: { domain: ['validation loss', 'train loss'], range: [[1, 0], [4, 3]] } },
      detail: [{ field: 'run' }, { field: 'kind' }],
    },
  };
}
