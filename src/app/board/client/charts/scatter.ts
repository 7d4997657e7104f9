/* A sweep's ranking metric against each parameter, one small scatter per parameter, the best trial marked. */
import type { Json } from '../../folder-files.js';
import type { SweepDetail, TrialRow } from '../../sweep-reader.js';
import { BEST_COLOR } from '../draw.js';

export interface ScatterRow { trial: string; param: string; value: Json; metric: number; best: boolean; pruned: boolean }

/** A point per finished trial (`done`: those with a metric) and parameter. */
export function scatterRows(s: SweepDetail, done: TrialRow[]): ScatterRow[] {
  return done.flatMap((t) => s.parameters.map((param) => ({ trial: t.trial, param, value: t.params[param] ?? null, metric: t.metric!, best: s.best?.trial === t.trial, pruned: t.runStatus === 'pruned' })));
}

export function scatterSpec(rows: ScatterRow[], parameters: string[], metric: string): object {
  return {
    title: `${metric} against each parameter (pruned trials: grey crosses)`,
    hconcat: parameters.map((p) => {
      const mine = rows.filter((r) => r.param === p);
      const numeric = mine.every((r) => typeof r.value === 'number');
      const values = mine.map((r) => r.value as number);
      const logScale = numeric && values.length > 1 && Math.min(...values) > 0 && Math.max(...values) / Math.min(...values) >= 20;
      return {
        width: 200, height: 180,
        data: { values: mine },
        mark: { type: 'point', filled: true, size: 60 },
        encoding: {
          x: { field: 'value', type: numeric ? 'quantitative' : 'nominal', title: p, scale: numeric ? (logScale ? { type: 'log' } : { zero: false }) : undefined },
          y: { field: 'metric', type: 'quantitative', title: metric, scale: { zero: false } },
          color: { condition: [{ test: 'datum.best', value: BEST_COLOR }, { test: 'datum.pruned', value: '#9aa1ab' }], value: '#2f6fd0' },
          shape: { condition: [{ test: 'datum.best', value: 'diamond' }, { test: 'datum.pruned', value: 'cross' }], value: 'circle' },
          size: { condition: { test: 'datum.best', value: 160 }, value: 60 },
          tooltip: [{ field: 'trial' }, { field: 'value', title: p }, { field: 'metric', title: metric }, { field: 'pruned' }],
        },
      };
    }),
  };
}
