/*
 * Accuracy or R², RMSE, … (whatever the evals carry besides loss), a panel per metric, a line per
 * split in a fixed colour (validation is orange on every page, live or finished), and a naive
 * predictor as a dashed line on its validation value: the summary's baseline (persistence), else for
 * a classifier (multiclass or binary) the majority class (from the validation confusion matrix's row totals). A run that
 * monitors accuracy or R² (train.monitor) has its one best marker on that panel. Each panel's y axis
 * spans its own data, baseline and marker, a few pixels of room, never rounded out to 0 (nice off).
 * Data sets "metrics" (a live run's new checks are inserted) and "best".
 */
import type { CurvePoints } from '../../event-points.js';
import type { Json } from '../../folder-files.js';
import type { RunRow } from '../../run-reader.js';
import { BEST_COLOR, CHART_HEIGHT, CHART_WIDTH, epochAxis } from '../draw.js';
import { at, isObj } from '../json-path.js';

export interface MetricRow { x: number; y: number; split: string; metric: string }
export interface BaselineRow { metric: string; y: number; label: string }
/** The best check on a metric's panel: x epochs, y the monitored value there. */
export interface BestMarkRow { metric: string; x: number; y: number; label: string }

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

/**
 * The majority class's validation accuracy, for a classifier with no baseline of its own: the largest
 * true-class row total of the validation confusion matrix over all of them (what always answering
 * the most common class scores). A binary net's matrix counts every output value as class "0" or "1",
 * so its line is max(p, 1 − p), p the share of 1s. Undefined without a matrix (a run still training,
 * a binary run's summary from before binary metrics had one).
 */
export function majorityClassRow(summary: Json | undefined): BaselineRow | undefined {
  for (const params of ['bestParams', 'metrics']) {
    const matrix = at(summary, params, 'validation', 'confusion');
    if (!isObj(matrix)) continue;
    const totals = Object.values(matrix).map((row) => (isObj(row) ? Object.values(row).reduce<number>((a, c) => a + (typeof c === 'number' ? c : 0), 0) : 0));
    const all = totals.reduce((a, b) => a + b, 0);
    if (all > 0) return { metric: 'accuracy', y: Math.max(...totals) / all, label: 'majority class (validation)' };
  }
  return undefined;
}

/** The summary's baseline, else for a classifier the majority class on the accuracy panel. */
export function naiveRows(row: RunRow, summary: Json | undefined, metrics: string[]): BaselineRow[] {
  const baseline = baselineRows(row, metrics);
  const majority = metrics.includes('accuracy') && !baseline.some((b) => b.metric === 'accuracy') ? majorityClassRow(summary) : undefined;
  return majority ? [...baseline, majority] : baseline;
}

/** The metrics panel a run's best marker belongs on (train.monitor accuracy or R²); undefined: the loss chart's. */
export function monitoredPanel(experiment: Json | undefined): string | undefined {
  const metric = at(experiment, 'train', 'monitor', 'metric');
  return metric === 'validation.accuracy' ? 'accuracy' : metric === 'validation.r2' ? 'r2' : undefined;
}

/** The best check on its metric's panel, when the run monitors accuracy or R²: one marker. */
export function bestMarkRows(p: CurvePoints): BestMarkRow[] {
  const b = p.best.at(-1);
  if (!b?.metric || b.metric === 'validation.loss' || b.value === undefined) return [];
  return [{ metric: b.metric.slice('validation.'.length), x: b.epoch, y: b.value, label: `best check (iteration ${b.iteration})` }];
}

function panelOrder(metrics: string[]): string[] {
  return [...new Set(metrics)].sort((a, b) => {
    const ia = ORDER.indexOf(a);
    const ib = ORDER.indexOf(b);
    return (ia < 0 ? ORDER.length : ia) - (ib < 0 ? ORDER.length : ib) || a.localeCompare(b);
  });
}

/** monitored: the panel that carries the best marker (monitoredPanel), whose rows are `best`. */
export function metricSpec(rows: MetricRow[], baseline: BaselineRow[], best: BestMarkRow[] = [], monitored?: string): object {
  const panels = panelOrder(rows.map((r) => r.metric));
  const width = panels.length > 1 ? Math.max(160, Math.floor(CHART_WIDTH / panels.length) - 30) : CHART_WIDTH;
  // Narrow panels get fewer epoch ticks: their labels would run into each other.
  const x = { ...epochAxis, axis: { ...epochAxis.axis, tickCount: Math.max(3, Math.min(8, Math.floor(width / 55))) } };
  const color = { field: 'split', type: 'nominal', title: null, scale: { domain: SPLITS, range: SPLIT_COLORS }, legend: { orient: 'bottom', values: [...new Set(rows.map((r) => r.split))] } };
  return {
    title: 'Metrics at each check',
    datasets: { metrics: rows, baseline, best },
    hconcat: panels.map((metric) => {
      // nice off: R² from 0.13 to 0.93 would round out to an axis from 0 to 1.
      const y = { field: 'y', type: 'quantitative', title: metric, scale: { zero: false, nice: false, padding: 8 } };
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
          ...(metric === monitored ? [{
            data: { name: 'best' }, transform: [{ filter: { field: 'metric', equal: metric } }],
            mark: { type: 'point', shape: 'diamond', size: 220, filled: true, color: BEST_COLOR, stroke: '#fff', strokeWidth: 1.5, opacity: 1 },
            encoding: { x, y, tooltip: [{ field: 'label', title: 'best' }, { field: 'x', title: 'epoch', format: '.3f' }, { field: 'y', title: `validation ${metric}`, format: '.5g' }] },
          }] : []),
        ],
      };
    }),
  };
}
