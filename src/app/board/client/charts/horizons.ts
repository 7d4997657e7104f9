/*
 * Forecast horizons: model vs persistence (vs the book, when the summary names it), a row per metric,
 * "k hours ahead" (the pure metric) beside "pooled over 1…k hours" (the book's block metric); a csv
 * run's "k steps ahead" alone. Dots,
 * not bars, so each axis spans the values (R² 0.94 against 0.91 shows; bars would have to start at 0).
 */
import type { Json } from '../../folder-files.js';
import { at, isObj } from '../json-path.js';

export interface HorizonRow { horizon: string; source: string; metric: string; kind: string; value: number }

/**
 * The book's PM2.5 value figures (test split, the pooled block metric: 1- to k-hour forecasts in one
 * R²; docs/run-folder.md, pooled). Not in any run file: the book is a fixed reference.
 */
const BOOK_POOLED_R2: Record<string, number> = { '1h': 0.940, '2h': 0.907, '4h': 0.846, '8h': 0.738 };

/** PM2.5's rows are hours; a csv run's rows are steps of whatever its file holds (keys "+1", "+4"). */
export function horizonUnit(experiment: Json | undefined): 'hours' | 'steps' {
  return at(experiment, 'data', 'name') === 'csv' ? 'steps' : 'hours';
}

export function horizonRows(summary: Json | undefined, experiment: Json | undefined): HorizonRow[] {
  const rows: HorizonRow[] = [];
  const ahead = `k ${horizonUnit(experiment)} ahead`;
  const add = (table: Json | undefined, source: string, kind: string) => {
    if (!isObj(table)) return;
    for (const [horizon, metrics] of Object.entries(table)) {
      if (!isObj(metrics)) continue;
      for (const [metric, value] of Object.entries(metrics)) {
        if (typeof value === 'number' && metric !== 'samples' && metric !== 'loss') rows.push({ horizon, source, metric, kind, value });
      }
    }
  };
  add(at(summary, 'horizons', 'bestParams', 'test'), 'model (best parameters)', ahead);
  add(at(summary, 'baseline', 'horizons', 'test'), 'persistence', ahead);
  const pooled = at(summary, 'pooled', 'bestParams', 'test');
  add(pooled, 'model (best parameters)', 'pooled over 1…k hours');
  add(at(summary, 'baseline', 'pooled', 'test'), 'persistence', 'pooled over 1…k hours');
  if (isObj(pooled) && at(experiment, 'data', 'name') === 'pm25' && at(experiment, 'data', 'target') === 'value') {
    for (const horizon of Object.keys(pooled)) {
      if (BOOK_POOLED_R2[horizon] !== undefined) rows.push({ horizon, source: 'the book', metric: 'r2', kind: 'pooled over 1…k hours', value: BOOK_POOLED_R2[horizon] });
    }
  }
  return rows;
}

export function horizonSpec(rows: HorizonRow[], unit: 'hours' | 'steps' = 'hours'): object {
  const order = [...new Set(rows.map((r) => r.horizon))].sort((a, b) => parseFloat(a) - parseFloat(b));
  const metrics = ['r2', 'rmse', 'mae'].filter((m) => rows.some((r) => r.metric === m));
  return {
    title: unit === 'hours' ? 'PM2.5 forecast, test split: k hours ahead, and pooled over 1…k hours (the book\'s metric)'
      : 'Forecast, test split: k steps ahead (each forecast fed back as the next step\'s target input), beside persistence',
    data: { values: rows },
    facet: {
      row: { field: 'metric', type: 'nominal', title: null, sort: [...metrics, ...new Set(rows.map((r) => r.metric))] },
      column: { field: 'kind', type: 'nominal', title: null, sort: [`k ${unit} ahead`, 'pooled over 1…k hours'] },
    },
    resolve: { scale: { y: 'independent' } },
    spec: {
      width: 300, height: 130,
      mark: { type: 'point', filled: true, size: 70, opacity: 0.9 },
      encoding: {
        x: { field: 'horizon', type: 'nominal', sort: order, title: `${unit} ahead` },
        xOffset: { field: 'source', type: 'nominal' },
        y: { field: 'value', type: 'quantitative', title: null, scale: { zero: false } },
        color: { field: 'source', type: 'nominal', title: null, legend: { orient: 'bottom' }, scale: { domain: ['model (best parameters)', 'persistence', 'the book'], range: ['#2f6fd0', '#e07b00', '#7f8c8d'] } },
        tooltip: [{ field: 'source' }, { field: 'horizon' }, { field: 'metric' }, { field: 'kind' }, { field: 'value', format: '.4f' }],
      },
    },
  };
}
