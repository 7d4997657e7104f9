/*
 * The runs list (and the sweeps): sortable, filtered by name and status, live (new runs appear and
 * running ones update without a reload), with boxes to pick runs to compare.
 */
import type { RunRow } from '../../run-reader.js';
import type { BoardIndex } from '../../scan.js';
import type { SweepRow } from '../../sweep-reader.js';
import { el, fmtTime, runLink, shortId, statusBadge } from '../dom.js';
import { metricKeys } from '../metric-keys.js';
import { sortableTable, type Column } from '../sortable-table.js';
import { dataSource } from '../source.js';
import type { ViewContext } from './view-context.js';

interface ListState { filter: string; status: string; sort: { col: number; desc: boolean }; picked: Set<string>; sweepSort: { col: number; desc: boolean } }
const listState: ListState = { filter: '', status: '', sort: { col: 2, desc: true }, picked: new Set(), sweepSort: { col: 1, desc: true } };

function runColumns(runs: RunRow[], rerender: () => void): Column<RunRow>[] {
  const cols: Column<RunRow>[] = [
    { title: '', value: (r) => (listState.picked.has(r.id) ? 1 : 0), cell: (r) => el('input', { type: 'checkbox', 'data-run': r.id, checked: listState.picked.has(r.id), change: (e) => { const box = e.target as HTMLInputElement; if (box.checked) listState.picked.add(r.id); else listState.picked.delete(r.id); rerender(); } }) },
    { title: 'name', value: (r) => r.name, cell: (r) => el('span', {}, runLink(r), ' ', el('span', { class: 'muted' }, shortId(r.id))) },
    { title: 'started', value: (r) => r.start, cell: (r) => fmtTime(r.start) },
    { title: 'status', value: (r) => r.status, cell: (r) => statusBadge(r.status) },
    { title: 'seed', value: (r) => r.seed, num: true },
    { title: 'epochs', value: (r) => r.epochs, num: true },
  ];
  for (const split of ['validation', 'test'] as const) {
    for (const k of metricKeys(runs, split)) cols.push({ title: `${split} ${k}`, value: (r) => r.metrics[split]?.[k], num: true });
  }
  const baselineKeys = new Set(runs.flatMap((r) => Object.keys(r.baseline?.test ?? {})));
  for (const k of ['r2', 'accuracy']) {
    if (baselineKeys.has(k)) cols.push({ title: `persistence test ${k}`, value: (r) => r.baseline?.test?.[k], num: true });
  }
  return cols;
}

function renderList(app: HTMLElement, index: BoardIndex): void {
  const statuses = [...new Set(index.runs.map((r) => r.status))].sort();
  const needle = listState.filter.toLowerCase();
  const shown = index.runs.filter((r) => (!listState.status || r.status === listState.status)
    && (!needle || `${r.name} ${r.id} ${r.description ?? ''}`.toLowerCase().includes(needle)));
  const rerender = () => renderList(app, index);
  const picked = [...listState.picked].filter((id) => index.runs.some((r) => r.id === id));
  const compare = el('a', { class: 'compare', href: picked.length >= 2 ? `#/compare/${picked.map(encodeURIComponent).join(',')}` : '#/' }, `compare ${picked.length} picked`);
  const search = el('input', { type: 'search', placeholder: 'filter by name', value: listState.filter, input: (e) => { listState.filter = (e.target as HTMLInputElement).value; rerender(); (app.querySelector('input[type=search]') as HTMLInputElement | null)?.focus(); } });
  const statusPick = el('select', { change: (e) => { listState.status = (e.target as HTMLSelectElement).value; rerender(); } },
    el('option', { value: '' }, 'any status'), ...statuses.map((s) => el('option', { value: s, selected: s === listState.status }, s)));
  app.replaceChildren(
    index.sweeps.length ? sweepsTable(index.sweeps, rerender) : '',
    el('h2', {}, `Runs (${shown.length} of ${index.runs.length})`, el('span', { class: 'muted' }, ` in ${index.roots.join(', ')}`)),
    el('div', { class: 'toolbar' }, search, statusPick, picked.length >= 2 ? compare : el('span', { class: 'muted' }, 'tick two or more runs to compare them')),
    el('div', { class: 'scroll' }, sortableTable(runColumns(index.runs, rerender), shown, listState.sort, rerender)),
  );
  const box = app.querySelector('input[type=search]') as HTMLInputElement | null;
  if (box && document.activeElement !== box && listState.filter) box.setSelectionRange(box.value.length, box.value.length);
}

function sweepsTable(sweeps: SweepRow[], rerender: () => void): HTMLElement {
  const cols: Column<SweepRow>[] = [
    { title: 'sweep', value: (s) => s.name, cell: (s) => el('span', {}, el('a', { href: `#/sweep/${encodeURIComponent(s.id)}` }, s.name), ' ', el('span', { class: 'muted' }, shortId(s.id))) },
    { title: 'started', value: (s) => s.start, cell: (s) => fmtTime(s.start) },
    { title: 'trials done', value: (s) => s.done, cell: (s) => `${s.done} / ${s.total}${s.pruned ? ` (${s.pruned} pruned)` : ''}` },
    { title: 'metric', value: (s) => s.metric, cell: (s) => `${s.metric ?? ''} (${s.goal ?? ''})` },
    { title: 'best', value: (s) => s.best?.metric, num: true },
  ];
  return el('div', {}, el('h2', {}, `Sweeps (${sweeps.length})`), sortableTable(cols, sweeps, listState.sweepSort, rerender));
}

export async function showList({ app, stops }: ViewContext): Promise<void> {
  let index = await dataSource.index();
  renderList(app, index);
  let last = JSON.stringify(index);
  stops.push(dataSource.watchIndex((next) => {
    const json = JSON.stringify(next);
    if (json === last) return; // the stream's first message repeats what was just drawn
    last = json;
    const typing = document.activeElement?.tagName === 'INPUT' && (document.activeElement as HTMLInputElement).type === 'search';
    index = next;
    renderList(app, index);
    if (typing) (app.querySelector('input[type=search]') as HTMLInputElement | null)?.focus();
  }));
}
