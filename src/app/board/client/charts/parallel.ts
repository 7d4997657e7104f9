/*
 * A sweep's parallel coordinates: one line per finished trial across the swept parameters and the
 * metric, each axis scaled to 0–1 (numbers by their range, other values spread evenly in sorted order).
 */
import type { Json } from '../../folder-files.js';
import type { SweepDetail, TrialRow } from '../../sweep-reader.js';
import { fmtNum } from '../dom.js';
import { BEST_COLOR } from '../draw.js';

/** `order`: the axis's place, so a line joins its points left to right (a field, not an expression holding the names). */
export interface ParallelRow { trial: string; axis: string; order: number; y: number; label: string; metric: number | null; best: boolean; pruned: boolean }
export interface AxisLabel { axis: string; y: number; label: string }

export function parallelData(s: SweepDetail, done: TrialRow[]): { rows: ParallelRow[]; labels: AxisLabel[]; axes: string[] } {
  const metricName = s.metric ?? 'metric';
  const axes = [...s.parameters, metricName];
  const valueOf = (t: TrialRow, axis: string): Json | undefined => (axis === metricName && !s.parameters.includes(axis) ? t.metric : t.params[axis]) ?? undefined;
  const rows: ParallelRow[] = [];
  const labels: AxisLabel[] = [];
  for (const [order, axis] of axes.entries()) {
    const values = done.map((t) => valueOf(t, axis));
    const numeric = values.every((v) => typeof v === 'number');
    let scale: (v: Json | undefined) => number;
    if (numeric) {
      const nums = values as number[];
      const lo = Math.min(...nums);
      const hi = Math.max(...nums);
      scale = (v) => (hi > lo ? ((v as number) - lo) / (hi - lo) : 0.5);
      labels.push({ axis, y: 0, label: fmtNum(lo, 3) }, { axis, y: 1, label: fmtNum(hi, 3) });
    } else {
      const kinds = [...new Set(values.map((v) => JSON.stringify(v)))].sort();
      scale = (v) => (kinds.length > 1 ? kinds.indexOf(JSON.stringify(v)) / (kinds.length - 1) : 0.5);
      kinds.forEach((k, i) => labels.push({ axis, y: kinds.length > 1 ? i / (kinds.length - 1) : 0.5, label: String(JSON.parse(k)) }));
    }
    done.forEach((t) => {
      const v = valueOf(t, axis);
      rows.push({ trial: t.trial, axis, order, y: scale(v), label: String(v), metric: t.metric ?? null, best: s.best?.trial === t.trial, pruned: t.runStatus === 'pruned' });
    });
  }
  return { rows, labels, axes };
}

export function parallelSpec(rows: ParallelRow[], axisLabels: AxisLabel[], axes: string[], metric: string): object {
  const x = { field: 'axis', type: 'nominal', sort: axes, title: null, axis: { labelAngle: 0, orient: 'bottom', domain: false, ticks: false, labelLimit: 160, labelPadding: 10 } };
  const y = { field: 'y', type: 'quantitative', axis: null, scale: { domain: [0, 1] } };
  return {
    width: Math.max(420, axes.length * 150), height: 260, title: { text: `Parallel coordinates (colour: ${metric}; the best trial red, pruned dashed)`, offset: 12 },
    layer: [
      { data: { values: axes.map((a) => ({ axis: a })) }, mark: { type: 'rule', color: '#bbb' }, encoding: { x } },
      {
        data: { values: rows }, mark: { type: 'line', strokeWidth: 1.5, opacity: 0.8 },
        encoding: {
          x, y, detail: { field: 'trial' }, order: { field: 'order' },
          color: { condition: { test: 'datum.best', value: BEST_COLOR }, field: 'metric', type: 'quantitative', title: metric, scale: { scheme: 'viridis' } },
          strokeWidth: { condition: { test: 'datum.best', value: 4 }, value: 1.5 },
          strokeDash: { condition: { test: 'datum.pruned', value: [4, 3] }, value: [1, 0] },
          tooltip: [{ field: 'trial' }, { field: 'axis' }, { field: 'label', title: 'value' }, { field: 'metric' }, { field: 'pruned' }],
        },
      },
      { data: { values: axisLabels }, mark: { type: 'text', dx: 4, align: 'left', fontSize: 10, color: '#555' }, encoding: { x, y, text: { field: 'label' } } },
    ],
  };
}
