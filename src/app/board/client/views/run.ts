/*
 * One run: what it is, its numbers, its charts (live while it trains), the resolved experiment and
 * the dataset's facts. Each chart is a line of drawRunCharts: its rows and its spec from charts/.
 */
import type { CurvePoints } from '../../event-points.js';
import type { Json } from '../../folder-files.js';
import type { RunDetail, RunRow } from '../../run-reader.js';
import { classTable, confusionSpec, findConfusion } from '../charts/confusion.js';
import { horizonRows, horizonSpec, horizonUnit } from '../charts/horizons.js';
import { learningRateRows, learningRateSpec } from '../charts/learning-rate.js';
import { bestMarkRows, metricRows, metricSpec, monitoredPanel, naiveRows } from '../charts/metrics.js';
import { el, fmtNum, fmtTime, jsonBlock, shortId, statusBadge } from '../dom.js';
import { drawChart, replaceRows, type EmbedView } from '../draw.js';
import { at, isObj } from '../json-path.js';
import { dataSource } from '../source.js';
import { forecastCard, isPm25ValueRun } from './forecast-card.js';
import { lossCard, type LossCard } from './loss-card.js';
import type { ViewContext } from './view-context.js';

function numbersTable(detail: RunDetail): HTMLElement {
  const s = detail.summary;
  const sets: [string, Json | undefined][] = [['best parameters', at(s, 'bestParams')], ['final parameters', at(s, 'metrics')], [String(at(s, 'baseline', 'name') ?? 'baseline'), at(s, 'baseline')]];
  const keys = new Set<string>();
  for (const [, set] of sets) for (const split of ['validation', 'test']) for (const k of Object.keys(at(set, split) ?? {})) if (typeof at(set, split, k) === 'number') keys.add(k);
  const cols = [...keys];
  const rows = sets.flatMap(([label, set]) => isObj(set) ? ['validation', 'test'].map((split) => el('tr', {}, el('td', {}, label), el('td', {}, split), ...cols.map((k) => { const v = at(set, split, k); return el('td', { class: 'num' }, typeof v === 'number' ? fmtNum(v) : ''); }))) : []);
  if (!rows.length) return el('p', { class: 'muted' }, 'no summary yet (the run is training, or stopped before writing one)');
  return el('table', {}, el('thead', {}, el('tr', {}, el('th', {}, 'parameters'), el('th', {}, 'split'), ...cols.map((k) => el('th', {}, k)))), el('tbody', {}, ...rows));
}

function fileLinks(row: RunRow, names: string[]): HTMLElement | string {
  if (!dataSource.live || !names.length) return '';
  const m = /^(\d+):(.*)$/.exec(row.id);
  if (!m) return '';
  const base = `/files/${m[1]}/${m[2] ? m[2].split('/').map(encodeURIComponent).join('/') + '/' : ''}`;
  return el('p', { class: 'muted' }, 'files: ', ...names.flatMap((n) => [el('a', { href: base + n }, n), ' ']));
}

async function drawRunCharts(box: HTMLElement, detail: RunDetail): Promise<LossCard> {
  const p = detail.points;
  const charts: Promise<EmbedView>[] = [];
  const slot = (name: string) => box.appendChild(el('div', { class: `card chart-${name}` }));
  const loss = lossCard(p);
  box.append(loss.card);
  charts.push(loss.drawn);
  const metrics = metricRows(p);
  if (metrics.length) {
    const spec = metricSpec(metrics, naiveRows(detail.row, detail.summary, metrics.map((m) => m.metric)), bestMarkRows(p), monitoredPanel(detail.experiment));
    charts.push(drawChart(slot('metrics'), 'metrics', spec));
  }
  if (p.lr.length) charts.push(drawChart(slot('lr'), 'lr', learningRateSpec(learningRateRows(p))));
  const horizons = horizonRows(detail.summary, detail.experiment);
  if (horizons.length) charts.push(drawChart(slot('horizons'), 'horizons', horizonSpec(horizons, horizonUnit(detail.experiment))));
  const confusion = findConfusion(detail.summary);
  if (confusion) {
    const card = slot('confusion');
    const chart = card.appendChild(el('div', {}));
    card.append(classTable(confusion.classes));
    charts.push(drawChart(chart, 'confusion', confusionSpec(confusion.cells, confusion.where)));
  }
  const drawn: Promise<unknown>[] = [...charts];
  if (isPm25ValueRun(detail.experiment) && detail.summary) {
    const { card, drawn: forecast } = forecastCard(detail.row.id);
    box.append(card);
    drawn.push(forecast);
  }
  await Promise.all(drawn);
  return loss;
}

export async function showRun({ app, stops, redraw }: ViewContext, id: string): Promise<void> {
  const detail = await dataSource.run(id);
  const row = detail.row;
  const charts = el('div', { class: 'grid' });
  const statusSlot = el('span', {}, statusBadge(row.status));
  const ipe = detail.iterationsPerEpoch;
  const progressText = (epochs: number | undefined, iterations = epochs !== undefined && ipe ? Math.round(epochs * ipe) : undefined) =>
    `${fmtNum(epochs, 3)} epochs · ${iterations ?? '?'} iterations`;
  const progress = el('span', { class: 'progress' }, progressText(row.epochs, row.iterations));
  app.replaceChildren(
    el('h2', {}, `${row.name} `, el('span', { class: 'muted' }, shortId(row.id)), ' ', statusSlot),
    row.description ? el('p', { class: 'description' }, row.description) : '',
    detail.error ? el('p', { class: 'refused' }, detail.error) : '',
    el('p', { class: 'muted' }, `started ${fmtTime(row.start)} · seed ${row.seed ?? '?'} · `, progress, row.reason ? ` · ${row.reason}` : ''),
    row.sweep ? el('p', {}, 'trial of ', el('a', { href: `#/sweep/${encodeURIComponent(row.sweep)}` }, 'its sweep')) : '',
    numbersTable(detail),
    charts,
    el('div', { class: 'grid' },
      el('div', {}, el('h3', {}, 'Resolved experiment'), jsonBlock(detail.experiment)),
      el('div', {}, el('h3', {}, 'Dataset'), jsonBlock(detail.dataset))),
    fileLinks(row, detail.files ?? []),
  );
  const loss = await drawRunCharts(charts, detail);
  if (!dataSource.live || detail.points.status) return;
  let received = detail.points.train.length;
  stops.push(dataSource.watchRun(id, detail.offset, ({ points }) => {
    received += points.train.length;
    // The header follows the run: epochs completed so far (the last step or check received).
    const last = Math.max(points.train.at(-1)?.[0] ?? 0, points.evals.at(-1)?.epoch ?? 0);
    if (last > 0) progress.textContent = progressText(last);
    // Far past the downsampled history: draw again from the server's downsampled history.
    if (received > 3 * 2000 || points.status) return redraw();
    void addLivePoints(points, loss, redraw);
  }));
}

async function addLivePoints(p: CurvePoints, loss: LossCard, redraw: () => void): Promise<void> {
  const views = window.rnnflowBoard.views;
  const metrics = metricRows(p);
  // A chart that had nothing to draw yet (no check so far): draw the page again.
  if ((metrics.length && !views.metrics) || (p.lr.length && !views.lr)) return redraw();
  await loss.add(p);
  if (metrics.length && views.metrics) await views.metrics.insert('metrics', metrics).runAsync();
  const best = bestMarkRows(p);
  if (best.length && views.metrics) await replaceRows(views.metrics, 'best', best).runAsync();
  if (p.lr.length && views.lr) await views.lr.insert('lr', learningRateRows(p)).runAsync();
}
