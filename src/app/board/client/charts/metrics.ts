/*
 * Accuracy or R², RMSE, … (whatever the evals carry besides loss), a panel per metric, a line per
 * split in a fixed colour (validation is orange on every page, live or finished), and the dataset's
 * naive predictor (persistence, the majority class: the summary's baseline) as a dashed line on
 * its validation value. Each panel's y axis spans its own data and baseline, never stretched to 0.
 * Data set "metrics": a live run's new checks are inserted.
 */
import type { CurvePoints } from '../../event-points.js';
import type { RunRow } from '../../run-reader.js';
import { CHART_HEIGHT, CHART_WIDTH, epochAxis } from '../draw.js';

export interface MetricRow { x: number; y: number; split: string; metric: string }
export interface BaselineRow { metric: string; y: number; label: string }

const SPLITS = ['validation', 'test', 'train'];
const SPLIT_COLORS = ['#e07b00', '#2f6fd0', '#7f8c8d'];
/** Panels in this order first: the task's own metric leads. */
const ORDER = ['accuracy', 'r2'];

export function metricRows(p: CurvePoints): MetricRow[] {
  return p.evals.flatMap((e) => Object.entries(e.metrics).filter(([k]) => k !== 'loss' && k !== 'samples').map(([metric, y]) => ({ x: e.epoch, y, split: e.split, metric })));
}

/** The baseline's validation value of each metric drawn. */
export function baselineRows(row: RunRow, metrics: string[]): BaselineRow[] {
  const b = row.baseline;
  if (!b?.validation) return [];
  const label = `${b.name ?? 'baseline'} (validation)`;
  return metrics.filter((m) => typeof b.validation?.[m] === 'number').map((m) => ({ metric: m, y: b.validation![m], label }));
}

function panelOrder(metrics: string[]): string[] {
  return [...new Set(metrics)].sort((a, b) => {
    const ia = ORDER.indexOf(a);
    const ib = ORDER.indexOf(b);
    return (ia < 0 ? ORDER.length : ia) - (ib < 0 ? ORDER.length : ib) || a.localeCompare(b);
  });
}

export function metricSpec(rows: MetricRow[], baseline: BaselineRow[]): object {
  const panels = panelOrder(rows.map((r) => r.metric));
  const width = panels.length > 1 ? Math.max(160, Math.floor(CHART_WIDTH / panels.length) - 30) : CHART_WIDTH;
  // Narrow panels get fewer epoch ticks: their labels would run into each other.
  const x = { ...epochAxis, axis: { ...epochAxis.axis, tickCount: Math.max(3, Math.min(8, Math.floor(width / 55))) } };
  const color = { field: 'split', type: 'nominal', title: null, scale: { domain: SPLITS, range: SPLIT_COLORS }, legend: { orient: 'bottom', values: [...new Set(rows.map((r) => r.split))] } };
  return {
    title: 'Metrics at each check',
    datasets: { metrics: rows, baseline },
    hconcat: panels.map((metric) => {
      const y = { field: 'y', type: 'quantitative', title: metric, scale: { zero: false } };
      return {
        width, height: CHART_HEIGHT,
        layer: [
          {
            data: { name: 'metrics' }, transform: [{ filter: { field: 'metric', equal: metric } }],
            mark: { type: 'line', point: true },
            encoding: { x, y, color, tooltip: [{ field: 'split' }, { field: 'metric' }, { field: 'x', title: 'epoch', format: '.3f' }, { field: 'y', format: '.5g' }] },
          },
          // Only where there is one: an empty layer would leave the axis without an extent.
          ...(baseline.some((b) => b.metric === metric) ? [{
            data: { name: 'baseline' }, transform: [{ filter: { field: 'metric', equal: metric } }],
            layer: [
              { mark: { type: 'rule', strokeDash: [5, 4], color: '#555' }, encoding: { y, tooltip: [{ field: 'label' }, { field: 'y', title: metric, format: '.5g' }] } },
              { mark: { type: 'text', align: 'right', baseline: 'bottom', dy: -2, fontSize: 10, color: '#555' }, encoding: { y, x: { value: width }, text: { field: 'label' } } },
            ],
          }] : []),
        ],
      };
    }),
  };
}
