/*
 * Compare runs (any runs, or a sweep's trials): a metric of their checks overlaid (the picker), named
 * by what differs, smoothed as the slider says; a table of only the experiment fields whose values
 * differ, and their headline metrics side by side.
 */
import type { RunDetail, RunRow } from '../../run-reader.js';
import { compareMetrics, compareRows, compareSpec } from '../charts/compare.js';
import { el, fmtNum, runLink, shortId, statusBadge } from '../dom.js';
import { drawChart } from '../draw.js';
import { metricKeys } from '../metric-keys.js';
import { differenceLabels, differingFields } from '../run-differences.js';
import { smoothingSlider, smoothingWeight } from '../smoothing.js';
import { dataSource } from '../source.js';
import type { ViewContext } from './view-context.js';

function runLabel(row: RunRow): string {
  return `${row.name} ${shortId(row.id)}`;
}

export async function showCompare({ app }: ViewContext, ids: string[]): Promise<void> {
  const runs = await Promise.all(ids.map((id) => dataSource.run(id)));
  const labels = differenceLabels(runs.map((r) => ({ id: r.row.id, name: r.row.name, experiment: r.experiment })));
  const diffs = differingFields(runs.map((r) => r.experiment));
  // Each run's column is headed by its legend's label, its folder on hover.
  const runHead = (r: RunDetail, i: number) => el('th', { title: runLabel(r.row) }, runLink(r.row, labels[i]));
  const head = el('tr', {}, el('th', {}, 'field'), ...runs.map(runHead));
  const diffTable = diffs.length
    ? el('table', { class: 'diff' }, el('thead', {}, head), el('tbody', {}, ...diffs.map((d) => el('tr', {}, el('td', { class: 'field' }, d.field), ...d.values.map((v) => el('td', {}, v ?? '(absent)'))))))
    : el('p', { class: 'muted' }, 'the resolved experiments are identical');
  const splits = ['validation', 'test'] as const;
  const keys = splits.flatMap((split) => metricKeys(runs.map((r) => r.row), split).map((k) => [split, k] as const));
  const metricTable = el('table', {}, el('thead', {}, el('tr', {}, el('th', {}, 'metric (best parameters)'), ...runs.map(runHead))),
    el('tbody', {},
      el('tr', {}, el('td', {}, 'status'), ...runs.map((r) => el('td', {}, statusBadge(r.row.status)))),
      el('tr', {}, el('td', {}, 'epochs'), ...runs.map((r) => el('td', { class: 'num' }, fmtNum(r.row.epochs, 3)))),
      ...keys.map(([split, k]) => el('tr', {}, el('td', {}, `${split} ${k}`), ...runs.map((r) => el('td', { class: 'num' }, fmtNum(r.row.metrics[split]?.[k])))))));
  const chart = el('div', {});
  const pick = { metric: 'loss' };
  const draw = () => drawCompare(chart, runs, labels, pick.metric);
  const metricPick = el('select', { 'aria-label': 'metric', change: (e) => { pick.metric = (e.target as HTMLSelectElement).value; void draw(); } },
    ...compareMetrics(runs).map((m) => el('option', { value: m }, m)));
  app.replaceChildren(
    el('h2', {}, `Compare ${runs.length} runs`),
    el('div', { class: 'card' }, el('div', { class: 'toolbar chart-controls' }, el('label', {}, 'metric ', metricPick), smoothingSlider(() => void draw())), chart),
    el('h3', {}, `Fields that differ (${diffs.length})`), el('div', { class: 'scroll-x' }, diffTable),
    el('h3', {}, 'Metrics'), el('div', { class: 'scroll-x' }, metricTable),
  );
  await draw();
}

async function drawCompare(chart: HTMLElement, runs: RunDetail[], labels: string[], metric: string): Promise<void> {
  window.rnnflowBoard.views.compare?.finalize();
  await drawChart(chart, 'compare', compareSpec(compareRows(runs, labels, metric, smoothingWeight()), labels, metric));
}
