/* The learning rate of every step (data set "lr": a live run's new steps are inserted). */
import type { CurvePoints } from '../../event-points.js';
import { CHART_WIDTH, epochAxis } from '../draw.js';

export interface RateRow { x: number; y: number }

export function learningRateRows(p: CurvePoints): RateRow[] {
  return p.lr.map(([x, y]) => ({ x, y }));
}

export function learningRateSpec(rows: RateRow[]): object {
  return {
    width: CHART_WIDTH, height: 120, title: 'Learning rate',
    datasets: { lr: rows }, data: { name: 'lr' },
    mark: { type: 'line', interpolate: 'step-after' },
    encoding: { x: epochAxis, y: { field: 'y', type: 'quantitative', title: 'η', scale: { zero: false } } },
  };
}
