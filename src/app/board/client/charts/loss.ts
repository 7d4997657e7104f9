/*
 * The learning curves: every step's training loss as a faint trace (downsampled by the server,
 * extremes kept), its exponential moving average on top (the smoothing slider, smoothing.ts), the
 * validation loss at each check, and one marker on the best check when the run monitors the loss. Colours are fixed per series, so
 * a series keeps its colour whether or not the others are there yet (a live run, a finished one).
 *
 * The y axis fits the smoothed line and the checks, so the trace's spikes (a sample per step spans
 * decades) do not flatten what is read; the trace is clipped at the edges. Log or linear, as the
 * reader picks (log needs every value > 0).
 *
 * Data sets, so a live run's points are inserted into the drawn view: "curves" (steps and checks),
 * "smoothed" (recomputed from the steps), "best"; signals yLo, yHi hold the axis' range.
 */
import type { CurvePoints, Point } from '../../event-points.js';
import { BEST_COLOR, CHART_HEIGHT, CHART_WIDTH, epochAxis } from '../draw.js';
import { ema } from '../smoothing.js';

export const STEPS = 'train loss (steps)';
export const SMOOTHED = 'train loss (smoothed)';
export const VALIDATION = 'validation loss';
const SERIES = [SMOOTHED, STEPS, VALIDATION];
const COLORS = ['#2f6fd0', '#a9c1ea', '#e07b00'];

export interface CurveRow { x: number; y: number; series: string }
export type YScale = 'log' | 'linear';

export function curveRows(p: CurvePoints): CurveRow[] {
  return [
    ...p.train.map(([x, y]) => ({ x, y, series: STEPS })),
    ...p.evals.filter((e) => e.split === 'validation' && e.metrics.loss !== undefined).map((e) => ({ x: e.epoch, y: e.metrics.loss, series: VALIDATION })),
  ];
}

/**
 * The steps smoothed with `weight`: their means when the server downsampled them (`trainMean`: the
 * drawn trace is each run of steps' extremes, and a line through extremes leans towards the spikes).
 */
export function smoothedRows(steps: Point[], weight: number): CurveRow[] {
  return ema([...steps].sort((a, b) => a[0] - b[0]), weight).map(([x, y]) => ({ x, y, series: SMOOTHED }));
}

/** What smoothedRows() reads from a run's points. */
export function stepsToSmooth(p: CurvePoints): Point[] {
  return p.trainMean ?? p.train;
}

/**
 * The best check: one marker, here when the run monitors the validation loss (the default, and runs
 * written before train.monitor); a run monitoring accuracy or R² has it on that metric's panel instead
 * (charts/metrics.ts bestMarkRows), so a page shows one best marker, where best was decided.
 */
export function bestRows(p: CurvePoints): CurveRow[] {
  const b = p.best.at(-1);
  if (!b || (b.metric !== undefined && b.metric !== 'validation.loss')) return [];
  const y = b.value ?? b.validationLoss;
  return y !== undefined ? [{ x: b.epoch, y, series: `best check (iteration ${b.iteration})` }] : [];
}

/**
 * The y range drawn: the smoothed line and the checks, a little room at both ends (in log space for a
 * log axis); the faint trace is clipped to it. With no smoothing the line is the steps themselves.
 */
export function lossDomain(curves: CurveRow[], smoothed: CurveRow[], scale: YScale): [number, number] {
  const kept = [...smoothed, ...curves.filter((r) => r.series !== STEPS)].map((r) => r.y);
  const finite = kept.filter((v) => Number.isFinite(v) && (scale === 'linear' || v > 0));
  if (!finite.length) return scale === 'log' ? [0.1, 10] : [0, 1];
  const lo = Math.min(...finite);
  const hi = Math.max(...finite);
  if (scale === 'log') {
    const room = lo === hi ? 1.1 : (hi / lo) ** 0.04;
    return [lo / room, hi * room];
  }
  const room = lo === hi ? Math.abs(lo) * 0.1 || 1 : (hi - lo) * 0.04;
  return [lo - room, hi + room];
}

/** Log when asked for and every value is above 0. */
export function usableScale(wanted: YScale, curves: CurveRow[]): YScale {
  return wanted === 'log' && curves.length > 0 && curves.every((r) => r.y > 0) ? 'log' : 'linear';
}

export function lossSpec(curves: CurveRow[], smoothed: CurveRow[], best: CurveRow[], scale: YScale): object {
  const [lo, hi] = lossDomain(curves, smoothed, scale);
  const y = { field: 'y', type: 'quantitative', title: 'loss (mean per sample)', scale: { type: scale, domainMin: { expr: 'yLo' }, domainMax: { expr: 'yHi' }, nice: false, zero: false } };
  const color = { field: 'series', type: 'nominal', title: null, scale: { domain: SERIES, range: COLORS }, legend: { orient: 'bottom' } };
  const tooltip = [{ field: 'series' }, { field: 'x', title: 'epoch', format: '.3f' }, { field: 'y', title: 'loss', format: '.5g' }];
  return {
    width: CHART_WIDTH, height: CHART_HEIGHT, title: 'Learning curves',
    params: [{ name: 'yLo', value: lo }, { name: 'yHi', value: hi }],
    datasets: { curves, smoothed, best },
    layer: [
      { data: { name: 'curves' }, transform: [{ filter: `datum.series === '${STEPS}'` }], mark: { type: 'line', clip: true, strokeWidth: 1, opacity: 0.55 }, encoding: { x: epochAxis, y, color, order: { field: 'x' } } },
      { data: { name: 'smoothed' }, mark: { type: 'line', clip: true, strokeWidth: 2 }, encoding: { x: epochAxis, y, color, order: { field: 'x' }, tooltip } },
      { data: { name: 'curves' }, transform: [{ filter: `datum.series === '${VALIDATION}'` }], mark: { type: 'line', clip: true, strokeWidth: 1.5, point: { filled: true, size: 28 } }, encoding: { x: epochAxis, y, color, order: { field: 'x' }, tooltip } },
      { data: { name: 'best' }, mark: { type: 'point', shape: 'diamond', size: 220, filled: true, color: BEST_COLOR, stroke: '#fff', strokeWidth: 1.5, opacity: 1, clip: true }, encoding: { x: epochAxis, y, tooltip: [{ field: 'series', title: 'best' }, { field: 'x', title: 'epoch', format: '.3f' }, { field: 'y', title: 'validation loss', format: '.5g' }] } },
    ],
  };
}
