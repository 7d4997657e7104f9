/*
 * A sweep: the trials table (the parameters that vary, the metric, sortable), parallel coordinates
 * and one scatter per parameter with the best trial marked, the rungs of a pruning sweep, the best
 * trial's folder with the commands that use it; live while the sweep runs.
 */
import type { SweepDetail, TrialRow } from '../../sweep-reader.js';
import { heatmapCells, heatmapSpec } from '../charts/heatmap.js';
import { parallelData, parallelSpec } from '../charts/parallel.js';
import { rungRows, rungSpec } from '../charts/rungs.js';
import { scatterRows, scatterSpec } from '../charts/scatter.js';
import { el, fmtNum, runLink, shortId, statusBadge } from '../dom.js';
import { drawChart } from '../draw.js';
import { metricKeys } from '../metric-keys.js';
import { sortableTable, type Column, type TableSort } from '../sortable-table.js';
import { dataSource } from '../source.js';
import type { ViewContext } from './view-context.js';

const sweepSort: TableSort = { by: 'rank', desc: false };
const sweepPicked = new Set<string>();

/**
 * The sweep with only the parameters whose value differs between its trials (as the sweep's own results
 * table); the others are named once, with their value, in the header.
 */
function varyingOnly(s: SweepDetail): SweepDetail & { constant: string[] } {
  if (s.trials.length < 2) return { ...s, constant: [] };
  const values = (p: string) => new Set(s.trials.map((t) => JSON.stringify(t.params[p] ?? null)));
  const varying = s.parameters.filter((p) => values(p).size > 1);
  const constant = s.parameters.filter((p) => values(p).size === 1).map((p) => `${p} = ${[...values(p)][0]}`);
  return { ...s, parameters: varying.length ? varying : s.parameters, constant: varying.length ? constant : [] };
}

/** A done trial's own ending (completed, early-stopped, pruned), else the sweep's word for it. */
function trialStatus(t: TrialRow): string {
  return t.status === 'done' ? (t.runStatus ?? 'done') : t.status;
}

function sweepColumns(s: SweepDetail, rerender: () => void): Column<TrialRow>[] {
  const metricName = s.metric ?? 'metric';
  return [
    { title: '', value: (t) => (sweepPicked.has(t.run?.id ?? '') ? 1 : 0), cell: (t) => t.run ? el('input', { type: 'checkbox', checked: sweepPicked.has(t.run.id), change: (e) => { if ((e.target as HTMLInputElement).checked) sweepPicked.add(t.run!.id); else sweepPicked.delete(t.run!.id); rerender(); } }) : '' },
    { title: 'rank', value: (t) => t.rank, num: true },
    { title: 'trial', value: (t) => t.trial, cell: (t) => (t.run ? runLink(t.run, t.trial) : t.trial) },
    { title: 'status', value: trialStatus, cell: (t) => el('span', { title: t.reason ?? t.error ?? '' }, statusBadge(trialStatus(t))) },
    { title: 'epochs', value: (t) => t.run?.epochs, num: true },
    ...s.parameters.map((p): Column<TrialRow> => ({ title: p, value: (t) => { const v = t.params[p]; return typeof v === 'number' || typeof v === 'string' ? v : JSON.stringify(v); }, num: true })),
    { title: `${metricName} (${s.goal ?? ''})`, value: (t) => t.metric, num: true },
    ...metricKeys(s.trials.flatMap((t) => (t.run ? [t.run] : [])), 'validation').map((k): Column<TrialRow> => ({ title: `validation ${k}`, value: (t) => t.run?.metrics.validation?.[k], num: true })),
  ];
}

function pruneLine(s: SweepDetail): string {
  const p = s.prune;
  if (!p) return '';
  const how = (p.method === 'asha' || p.method === 'hyperband') && p.rungs
    ? `${p.method} on ${p.metric}, rungs at ${p.rungs.slice(0, -1).join(', ')} epochs (the best 1/${Math.round(p.rungs[1] / p.rungs[0]) || '?'} go on; ${p.rungs.at(-1)} is the end${p.method === 'hyperband' ? '; each bracket starts at a later rung' : ''})`
    : `${p.method} on ${p.metric}${p.after !== undefined ? ` after ${p.after} checks` : ''}`;
  return ` · pruning: ${how} · ${s.pruned} pruned`;
}

/** What the charts show: when only running trials' progress changed, the charts are not drawn again. */
function sweepChartKey(s: SweepDetail): string {
  return JSON.stringify([s.best, s.trials.map((t) => [t.trial, t.status, t.runStatus, t.metric, t.checks?.length])]);
}

interface SweepView { sweep: SweepDetail; chartKey: string; header: HTMLElement; toolbar: HTMLElement; table: HTMLElement }
let sweepView: SweepView | undefined;

/** The header line, the compare link and the table: redrawn on every change (cheap, keeps the charts). */
function renderSweepTable(v: SweepView): void {
  const s = v.sweep;
  const rerender = () => renderSweepTable(v);
  const picked = [...sweepPicked];
  const constant = varyingOnly(s).constant;
  v.header.replaceChildren(`${s.done} of ${s.total} trials done · ranked by ${s.metric ?? 'metric'} (${s.goal ?? '?'})`, s.best ? ` · best ${s.best.trial} (${fmtNum(s.best.metric)})` : '', pruneLine(s),
    constant.length ? ` · the same in every trial: ${constant.join(', ')}` : '');
  v.toolbar.replaceChildren(picked.length >= 2 ? el('a', { href: `#/compare/${picked.map(encodeURIComponent).join(',')}` }, `compare ${picked.length} picked`) : el('span', { class: 'muted' }, 'tick two or more trials to compare them'));
  v.table.replaceChildren(sortableTable(sweepColumns(varyingOnly(s), rerender), s.trials, sweepSort, rerender, (t) => [t.trial === s.best?.trial ? 'best' : '', t.runStatus === 'pruned' ? 'pruned' : ''].join(' ').trim()));
}

/** The winner's folder and the commands that take it onward: the same lines as the sweep's final table. */
function bestTrialCard(s: SweepDetail): HTMLElement | string {
  if (!s.next || !s.best) return '';
  return el('div', { class: 'card best-trial' },
    el('div', {}, `Best trial ${s.best.trial}: `, el('code', {}, s.next.folder), el('span', { class: 'muted' }, ' (the sweep folder also means it)')),
    el('pre', { class: 'commands' }, s.next.commands.join('\n')));
}

function renderSweep(app: HTMLElement, all: SweepDetail): Promise<unknown> {
  const s = varyingOnly(all);
  const metricName = s.metric ?? 'metric';
  const done = s.trials.filter((t) => t.metric !== undefined);
  const parallel = el('div', { class: 'card' });
  const scatter = el('div', { class: 'card' });
  const rungs = el('div', { class: 'card' });
  const heat = el('div', { class: 'card' });
  const grid = heatmapCells(s);
  const v: SweepView = { sweep: all, chartKey: sweepChartKey(s), header: el('p', { class: 'muted' }), toolbar: el('div', { class: 'toolbar' }), table: el('div', { class: 'scroll' }) };
  sweepView = v;
  const withChecks = s.trials.filter((t) => t.checks?.length);
  app.replaceChildren(
    el('h2', {}, `Sweep ${s.name} `, el('span', { class: 'muted' }, shortId(s.id))),
    s.description ? el('p', { class: 'description' }, s.description) : '',
    s.error ? el('p', { class: 'refused' }, s.error) : '',
    v.header, bestTrialCard(all), v.toolbar,
    el('div', { class: 'grid' }, parallel, grid ? heat : '', scatter, s.prune && withChecks.length ? rungs : ''),
    v.table,
  );
  renderSweepTable(v);
  const charts: Promise<unknown>[] = [];
  if (done.length) {
    const { rows, labels, axes } = parallelData(s, done);
    charts.push(drawChart(parallel, 'parallel', parallelSpec(rows, labels, axes, metricName)), drawChart(scatter, 'scatter', scatterSpec(scatterRows(s, done), s.parameters, metricName)));
  }
  if (grid) charts.push(drawChart(heat, 'heatmap', heatmapSpec(grid, s.parameters, metricName, s.goal)));
  if (s.prune && withChecks.length) charts.push(drawChart(rungs, 'rungs', rungSpec(rungRows(s), s.prune)));
  return Promise.all(charts);
}

export async function showSweep({ app, stops }: ViewContext, id: string): Promise<void> {
  const sweep = await dataSource.sweep(id);
  await renderSweep(app, sweep);
  let last = JSON.stringify(sweep);
  stops.push(dataSource.watchSweep(id, (next) => {
    const json = JSON.stringify(next);
    if (json === last) return;
    last = json;
    const v = sweepView;
    // Only running trials moved on (epochs, their latest check): the table alone is redrawn.
    if (v && v.chartKey === sweepChartKey(next)) {
      v.sweep = next;
      renderSweepTable(v);
    } else {
      void renderSweep(app, next);
    }
  }));
}
