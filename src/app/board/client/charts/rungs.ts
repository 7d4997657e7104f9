/*
 * A pruning sweep: every trial's pruning metric at each check, the asha rungs as dashed rules, the
 * pruned trials grey with a cross where they stopped, the best trial red.
 */
import type { PruneInfo, SweepDetail } from '../../sweep-reader.js';
import { BEST_COLOR, positive } from '../draw.js';

export interface RungRow { trial: string; epoch: number; value: number; kind: 'best' | 'pruned' | 'trial'; last: boolean }

export function rungRows(s: SweepDetail): RungRow[] {
  return s.trials.flatMap((t) => {
    const checks = t.checks ?? [];
    const kind = s.best?.trial === t.trial ? 'best' : t.runStatus === 'pruned' ? 'pruned' : 'trial';
    return checks.map(([epoch, value], i) => ({ trial: t.trial, epoch, value, kind, last: i === checks.length - 1 }));
  });
}

export function rungSpec(rows: RungRow[], prune: PruneInfo): object {
  const x = { field: 'epoch', type: 'quantitative', title: 'epoch' };
  const y = { field: 'value', type: 'quantitative', title: prune.metric, scale: positive(rows.map((r) => ({ y: r.value }))) && /loss/.test(prune.metric) ? { type: 'log' } : { zero: false } };
  const color = { field: 'kind', type: 'nominal', title: null, scale: { domain: ['best', 'trial', 'pruned'], range: [BEST_COLOR, '#2f6fd0', '#9aa1ab'] }, legend: { orient: 'bottom', labelExpr: "datum.label === 'trial' ? 'not pruned' : datum.label" } };
  const rungs = (prune.rungs ?? []).slice(0, -1).map((epoch) => ({ epoch, label: `rung ${epoch}` }));
  return {
    width: 420, height: 260, title: `${prune.metric} at each check (${prune.method}${rungs.length ? ', rungs dashed' : ''}; ✕ where a pruned trial stopped)`,
    layer: [
      { data: { values: rungs }, mark: { type: 'rule', strokeDash: [5, 4], color: '#777' }, encoding: { x } },
      { data: { values: rungs }, mark: { type: 'text', align: 'left', dx: 3, dy: -4, fontSize: 10, color: '#555' }, encoding: { x, y: { value: 0 }, text: { field: 'label' } } },
      { data: { values: rows }, mark: { type: 'line', strokeWidth: 1.4, opacity: 0.85 }, encoding: { x, y, color, detail: { field: 'trial' }, order: { field: 'epoch' }, tooltip: [{ field: 'trial' }, { field: 'epoch' }, { field: 'value', title: prune.metric, format: '.5g' }] } },
      { data: { values: rows }, transform: [{ filter: "datum.last && datum.kind === 'pruned'" }], mark: { type: 'point', shape: 'cross', size: 90, filled: true, color: '#5d6778' }, encoding: { x, y, tooltip: [{ field: 'trial' }, { field: 'epoch', title: 'pruned at epoch' }, { field: 'value', title: prune.metric, format: '.5g' }] } },
    ],
  };
}
