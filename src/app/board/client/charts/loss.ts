/*
 * Training loss (steps and epoch means), validation loss at each check, the best check marked. The
 * rows live in named data sets ("curves", "best") so a live run's new points are inserted.
 */
import type { CurvePoints } from '../../event-points.js';
import { BEST_COLOR, CHART_HEIGHT, CHART_WIDTH, epochAxis, positive } from '../draw.js';

export interface CurveRow { x: number; y: number; series: string }

export function curveRows(p: CurvePoints): CurveRow[] {
  return [
    ...p.train.map(([x, y]) => ({ x, y, series: 'train loss (steps)' })),
    ...p.epochTrain.map(([x, y]) => ({ x, y, series: 'train loss (epoch mean)' })),
    ...p.evals.filter((e) => e.split === 'validation' && e.metrics.loss !== undefined).map((e) => ({ x: e.epoch, y: e.metrics.loss, series: 'validation loss' })),
  ];
}

export function bestRows(p: CurvePoints): CurveRow[] {
  const b = p.best.at(-1);
  return b && b.validationLoss !== undefined ? [{ x: b.epoch, y: b.validationLoss, series: `best check (iteration ${b.iteration})` }] : [];
}

export function lossSpec(curves: CurveRow[], best: CurveRow[]): object {
  const y = { field: 'y', type: 'quantitative', title: 'loss (mean per sample)', scale: positive(curves) ? { type: 'log' } : { zero: false } };
  const color = { field: 'series', type: 'nominal', title: null, scale: { domain: ['train loss (steps)', 'train loss (epoch mean)', 'validation loss'], range: ['#9db8e3', '#2f6fd0', '#e07b00'] }, legend: { orient: 'bottom' } };
  return {
    width: CHART_WIDTH, height: CHART_HEIGHT, title: 'Learning curves',
    datasets: { curves, best },
    layer: [
      { data: { name: 'curves' }, mark: { type: 'line', clip: true, strokeWidth: 1.2 }, encoding: { x: epochAxis, y, color, order: { field: 'x' } } },
      { data: { name: 'curves' }, transform: [{ filter: "datum.series === 'validation loss'" }], mark: { type: 'point', filled: true, size: 28 }, encoding: { x: epochAxis, y, color, tooltip: [{ field: 'x', title: 'epoch', format: '.3f' }, { field: 'y', title: 'validation loss', format: '.5g' }] } },
      { data: { name: 'best' }, mark: { type: 'rule', strokeDash: [4, 3], color: BEST_COLOR }, encoding: { x: epochAxis } },
      { data: { name: 'best' }, mark: { type: 'point', shape: 'diamond', size: 140, filled: true, color: BEST_COLOR }, encoding: { x: epochAxis, y, tooltip: [{ field: 'series', title: 'check' }, { field: 'x', title: 'epoch', format: '.3f' }, { field: 'y', title: 'validation loss', format: '.5g' }] } },
    ],
  };
}
