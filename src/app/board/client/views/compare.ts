/*
 * Compare runs: their curves overlaid, a table of only the experiment fields whose values differ
 * (a field missing from some runs differs too), and their headline metrics side by side.
 */
import type { Json } from '../../folder-files.js';
import type { RunRow } from '../../run-reader.js';
import { compareRows, compareSpec } from '../charts/compare.js';
import { el, fmtNum, runLink, shortId, statusBadge } from '../dom.js';
import { drawChart } from '../draw.js';
import { isObj } from '../json-path.js';
import { metricKeys } from '../metric-keys.js';
import { dataSource } from '../source.js';
import type { ViewContext } from './view-context.js';

function flatten(value: Json | undefined, prefix = '', into: Record<string, string> = {}): Record<string, string> {
  if (isObj(value) && Object.keys(value).length) {
    for (const [k, v] of Object.entries(value)) if (k !== '$schema') flatten(v, prefix ? `${prefix}.${k}` : k, into);
  } else if (prefix) {
    into[prefix] = JSON.stringify(value);
  }
  return into;
}

function differingFields(experiments: (Json | undefined)[]): { field: string; values: (string | undefined)[] }[] {
  const flat = experiments.map((e) => flatten(e));
  const fields = [...new Set(flat.flatMap((f) => Object.keys(f)))].sort();
  return fields
    .map((field) => ({ field, values: flat.map((f) => f[field]) }))
    .filter((d) => new Set(d.values.map((v) => v ?? '(absent)')).size > 1);
}

function runLabel(row: RunRow): string {
  return `${row.name} ${shortId(row.id)}`;
}

export async function showCompare({ app }: ViewContext, ids: string[]): Promise<void> {
  const runs = await Promise.all(ids.map((id) => dataSource.run(id)));
  const rows = compareRows(runs, (r) => runLabel(r.row));
  const diffs = differingFields(runs.map((r) => r.experiment));
  const head = el('tr', {}, el('th', {}, 'field'), ...runs.map((r) => el('th', {}, runLink(r.row, runLabel(r.row)))));
  const diffTable = diffs.length
    ? el('table', { class: 'diff' }, el('thead', {}, head), el('tbody', {}, ...diffs.map((d) => el('tr', {}, el('td', { class: 'field' }, d.field), ...d.values.map((v) => el('td', {}, v ?? '(absent)'))))))
    : el('p', { class: 'muted' }, 'the resolved experiments are identical');
  const splits = ['validation', 'test'] as const;
  const keys = splits.flatMap((split) => metricKeys(runs.map((r) => r.row), split).map((k) => [split, k] as const));
  const metricTable = el('table', {}, el('thead', {}, el('tr', {}, el('th', {}, 'metric (best parameters)'), ...runs.map((r) => el('th', {}, runLabel(r.row))))),
    el('tbody', {},
      el('tr', {}, el('td', {}, 'status'), ...runs.map((r) => el('td', {}, statusBadge(r.row.status)))),
      el('tr', {}, el('td', {}, 'epochs'), ...runs.map((r) => el('td', { class: 'num' }, fmtNum(r.row.epochs, 3)))),
      ...keys.map(([split, k]) => el('tr', {}, el('td', {}, `${split} ${k}`), ...runs.map((r) => el('td', { class: 'num' }, fmtNum(r.row.metrics[split]?.[k])))))));
  const chart = el('div', { class: 'card' });
  app.replaceChildren(
    el('h2', {}, `Compare ${runs.length} runs`),
    chart,
    el('h3', {}, `Fields that differ (${diffs.length})`), diffTable,
    el('h3', {}, 'Metrics'), metricTable,
  );
  await drawChart(chart, 'compare', compareSpec(rows));
}
