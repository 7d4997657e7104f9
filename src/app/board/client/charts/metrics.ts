/*
 * Accuracy or R², RMSE, … (whatever the evals carry besides loss), one panel per metric, a line per
 * split. Data set "metrics": a live run's new checks are inserted.
 */
import type { CurvePoints } from '../../event-points.js';
import { CHART_HEIGHT, CHART_WIDTH, epochAxis } from '../draw.js';

export interface MetricRow { x: number; y: number; split: string; metric: string }

export function metricRows(p: CurvePoints): MetricRow[] {
  return p.evals.flatMap((e) => Object.entries(e.metrics).filter(([k]) => k !== 'loss' && k !== 'samples').map(([metric, y]) => ({ x: e.epoch, y, split: e.split, metric })));
}

export function metricSpec(rows: MetricRow[]): object {
  const panels = new Set(rows.map((r) => r.metric)).size;
  return {
    title: 'Metrics at each check',
    datasets: { metrics: rows }, data: { name: 'metrics' },
    facet: { column: { field: 'metric', type: 'nominal', title: null, sort: ['accuracy', 'r2'] } },
    resolve: { scale: { y: 'independent' } },
    spec: {
      width: panels > 1 ? Math.max(160, Math.floor(CHART_WIDTH / panels) - 30) : CHART_WIDTH, height: CHART_HEIGHT,
      mark: { type: 'line', point: true },
      encoding: { x: epochAxis, y: { field: 'y', type: 'quantitative', title: null, scale: { zero: false } }, color: { field: 'split', type: 'nominal', title: null, legend: { orient: 'bottom' } }, tooltip: [{ field: 'split' }, { field: 'metric' }, { field: 'x', title: 'epoch', format: '.3f' }, { field: 'y', format: '.5g' }] },
    },
  };
}
