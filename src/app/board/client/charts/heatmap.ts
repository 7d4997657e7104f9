/*
 * A sweep over a grid of two parameters: the metric of each combination as a cell coloured by it,
 * its value written in it, the best trial's cell outlined. Only for a full grid (every combination
 * of the two parameters' values tried), where a heat map reads better than two scatters.
 */
import type { Json } from '../../folder-files.js';
import type { SweepDetail } from '../../sweep-reader.js';
import { fmtNum } from '../dom.js';
import { BEST_COLOR } from '../draw.js';

export interface HeatCell { across: string; down: string; metric: number | null; text: string; trial: string; best: boolean }

function label(v: Json | undefined): string {
  return typeof v === 'string' ? v : JSON.stringify(v ?? null);
}

/** Values in order: numbers by size, others as text. */
function ordered(values: Json[]): string[] {
  const unique = [...new Map(values.map((v) => [label(v), v])).values()];
  unique.sort((a, b) => (typeof a === 'number' && typeof b === 'number' ? a - b : label(a).localeCompare(label(b))));
  return unique.map(label);
}

/** The cells when the sweep varies exactly two parameters over a full grid, else undefined. */
export function heatmapCells(s: SweepDetail): { cells: HeatCell[]; across: string[]; down: string[] } | undefined {
  if (s.parameters.length !== 2) return undefined;
  const [pa, pb] = s.parameters;
  const across = ordered(s.trials.map((t) => t.params[pa] ?? null));
  const down = ordered(s.trials.map((t) => t.params[pb] ?? null));
  const combos = new Set(s.trials.map((t) => `${label(t.params[pa])}\u0000${label(t.params[pb])}`));
  if (across.length < 2 || down.length < 2 || combos.size !== across.length * down.length) return undefined;
  const cells = s.trials.map((t) => ({
    across: label(t.params[pa]), down: label(t.params[pb]), metric: t.metric ?? null,
    text: t.metric === undefined ? t.status : fmtNum(t.metric, 3), trial: t.trial, best: s.best?.trial === t.trial,
  }));
  return { cells, across, down };
}

/** `goal` min: the lowest metric brightest; max: the highest. */
export function heatmapSpec(grid: { cells: HeatCell[]; across: string[]; down: string[] }, parameters: string[], metric: string, goal: string | undefined): object {
  const values = grid.cells.flatMap((c) => (c.metric === null ? [] : [c.metric]));
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  // viridis is bright at its yellow end (the better end here): dark text there, white elsewhere.
  const bright = (m: number | null) => m !== null && hi > lo && (goal === 'max' ? (m - lo) / (hi - lo) > 0.6 : (m - lo) / (hi - lo) < 0.4);
  return {
    width: Math.min(420, 60 * grid.across.length), height: Math.min(300, 36 * grid.down.length),
    title: `${metric} over the grid (the best outlined)`,
    datasets: { heat: grid.cells.map((c) => ({ ...c, bright: bright(c.metric) })) }, data: { name: 'heat' },
    encoding: {
      x: { field: 'across', type: 'ordinal', sort: grid.across, title: parameters[0], axis: { labelAngle: 0 } },
      y: { field: 'down', type: 'ordinal', sort: grid.down, title: parameters[1] },
    },
    layer: [
      {
        mark: { type: 'rect', stroke: '#fff', strokeWidth: 1 },
        encoding: {
          color: { field: 'metric', type: 'quantitative', title: metric, scale: { scheme: 'viridis', reverse: goal !== 'max' } },
          tooltip: [{ field: 'trial' }, { field: 'across', title: parameters[0] }, { field: 'down', title: parameters[1] }, { field: 'metric', title: metric, format: '.5g' }],
        },
      },
      { transform: [{ filter: 'datum.best' }], mark: { type: 'rect', filled: false, stroke: BEST_COLOR, strokeWidth: 3 } },
      { mark: { type: 'text', fontSize: 11 }, encoding: { text: { field: 'text' }, color: { condition: { test: 'datum.bright', value: '#111' }, value: '#fff' } } },
    ],
  };
}
