/*
 * Compare runs: one metric overlaid, a colour per run from a colour-blind-safe palette (draw.ts
 * RUN_PALETTE), named by what differs. Loss: each run's training steps smoothed (the slider) as a
 * thin line, its validation checks dashed; another metric (accuracy, R², …): its
 * checks on each split, dashed too.
 */
import type { RunDetail } from '../../run-reader.js';
import { epochAxis, positive, RUN_PALETTE } from '../draw.js';
import { ema } from '../smoothing.js';

export interface CompareRow { x: number; y: number; run: string; kind: string }

/** The metrics the runs' checks carry: loss first, then the others (accuracy, r2, …). */
export function compareMetrics(runs: RunDetail[]): string[] {
  const keys = new Set<string>();
  for (const r of runs) for (const e of r.points.evals) for (const k of Object.keys(e.metrics)) if (k !== 'samples') keys.add(k);
  return ['loss', ...[...keys].filter((k) => k !== 'loss').sort()];
}

/** `labels[i]` names runs[i]; `weight` smooths the training steps (loss only). */
export function compareRows(runs: RunDetail[], labels: string[], metric: string, weight: number): CompareRow[] {
  return runs.flatMap((r, i) => {
    const run = labels[i];
    const checks = r.points.evals.filter((e) => e.metrics[metric] !== undefined && (metric !== 'loss' || e.split === 'validation'))
      .map((e) => ({ x: e.epoch, y: e.metrics[metric], run, kind: `${e.split} ${metric}` }));
    if (metric !== 'loss') return checks;
    const steps = [...(r.points.trainMean ?? r.points.train)].sort((a, b) => a[0] - b[0]);
    return [...checks, ...ema(steps, weight).map(([x, y]) => ({ x, y, run, kind: 'train loss (smoothed)' }))];
  });
}

export function compareSpec(rows: CompareRow[], labels: string[], metric: string): object {
  const kinds = [...new Set(rows.map((r) => r.kind))].sort((a, b) => Number(a.startsWith('train')) - Number(b.startsWith('train')) || a.localeCompare(b));
  return {
    width: 760, height: 300, title: metric === 'loss' ? 'Learning curves' : `${metric} at each check`,
    datasets: { compare: rows }, data: { name: 'compare' },
    mark: { type: 'line', clip: true, strokeWidth: 1.6 },
    encoding: {
      x: epochAxis,
      y: { field: 'y', type: 'quantitative', title: metric, scale: metric === 'loss' && positive(rows) ? { type: 'log' } : { zero: false, nice: false, padding: 8 } },
      color: { field: 'run', type: 'nominal', title: 'run', scale: { domain: labels, range: RUN_PALETTE }, legend: { orient: 'bottom', columns: 2, labelLimit: 400 } },
      strokeDash: { field: 'kind', type: 'nominal', title: null, scale: { domain: kinds, range: kinds.map((k) => (k.startsWith('train') ? [1, 0] : [6, 3])) } },
      detail: [{ field: 'run' }, { field: 'kind' }],
      tooltip: [{ field: 'run' }, { field: 'kind' }, { field: 'x', title: 'epoch', format: '.3f' }, { field: 'y', title: metric, format: '.5g' }],
    },
  };
}
