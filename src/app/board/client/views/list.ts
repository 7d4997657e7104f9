/*
 * The runs list (and the sweeps): sortable, filtered by name and status, live (new runs appear and
 * running ones update without a reload), with boxes to pick runs to compare.
 */
import type { RunRow } from '../../run-reader.js';
import type { BoardIndex } from '../../scan.js';
import type { SweepRow } from '../../sweep-reader.js';
import { el, fmtNum, fmtTime, runLink, shortId, statusBadge } from '../dom.js';
import { metricKeys } from '../metric-keys.js';
import { sortableTable, type Column, type TableSort } from '../sortable-table.js';
import { dataSource } from '../source.js';
import type { ViewContext } from './view-context.js';

interface ListState {
  filter: string; status: string; sort: TableSort; picked: Set<string>; sweepSort: TableSort;
  /** Also list the runs of `rnnflow regress` and of the tests. */
  everyOrigin: boolean;
}
const listState: ListState = { filter: '', status: '', sort: { by: 'started', desc: true }, picked: new Set(), sweepSort: { by: 'started', desc: true }, everyOrigin: false };

/** The run's own metric: what its task is judged by (accuracy, R²), else its loss. */
function ownMetric(r: RunRow): string {
  const has = (k: string) => r.metrics.test?.[k] !== undefined || r.metrics.validation?.[k] !== undefined;
  return ['accuracy', 'r2'].find(has) ?? 'loss';
}

const METRIC_NAMES: Record<string, string> = { accuracy: 'acc', r2: 'R²', loss: 'loss' };

function ownMetricColumn(split: 'test' | 'validation'): Column<RunRow> {
  return {
    title: split, num: true,
    value: (r) => r.metrics[split]?.[ownMetric(r)],
    cell: (r) => {
      const v = r.metrics[split]?.[ownMetric(r)];
      return v === undefined ? '' : el('span', {}, el('span', { class: 'muted metric-name' }, `${METRIC_NAMES[ownMetric(r)] ?? ownMetric(r)} `), fmtNum(v));
    },
  };
}

/**
 * What matters first: status, the run's own metric on test and validation, the date; then the
 * other metrics, only those some shown run has (and not the own metric again when every run's is it).
 */
function runColumns(shown: RunRow[], rerender: () => void): Column<RunRow>[] {
  const cols: Column<RunRow>[] = [
    { title: '', value: (r) => (listState.picked.has(r.id) ? 1 : 0), cell: (r) => el('input', { type: 'checkbox', 'data-run': r.id, checked: listState.picked.has(r.id), change: (e) => { const box = e.target as HTMLInputElement; if (box.checked) listState.picked.add(r.id); else listState.picked.delete(r.id); rerender(); } }) },
    { title: 'name', value: (r) => r.name, cell: (r) => el('span', {}, runLink(r), ' ', el('span', { class: 'muted' }, shortId(r.id))) },
    { title: 'status', value: (r) => r.status, cell: (r) => el('span', r.reason ? { title: r.reason } : {}, statusBadge(r.status)) },
    ownMetricColumn('test'),
    ownMetricColumn('validation'),
    { title: 'started', value: (r) => r.start, cell: (r) => fmtTime(r.start) },
    { title: 'epochs', value: (r) => r.epochs, num: true },
    { title: 'seed', value: (r) => r.seed, num: true },
  ];
  const owns = new Set(shown.map(ownMetric));
  for (const split of ['validation', 'test'] as const) {
    for (const k of metricKeys(shown, split)) {
      if (owns.size === 1 && owns.has(k)) continue;
      cols.push({ title: `${split} ${k}`, value: (r) => r.metrics[split]?.[k], num: true });
    }
  }
  const baselineKeys = new Set(shown.flatMap((r) => Object.keys(r.baseline?.test ?? {})));
  for (const k of ['r2', 'accuracy']) {
    if (baselineKeys.has(k)) cols.push({ title: `${shown.find((r) => r.baseline?.name)?.baseline?.name ?? 'baseline'} test ${k}`, value: (r) => r.baseline?.test?.[k], num: true });
  }
  // A column no shown run fills (seed of runs from code, epochs of runs not started) says nothing.
  return cols.filter((c, i) => i < 2 || shown.some((r) => c.value(r) !== undefined && c.value(r) !== ''));
}

function renderList(app: HTMLElement, index: BoardIndex): void {
  const own = index.runs.filter((r) => r.origin === 'user');
  const listed = listState.everyOrigin ? index.runs : own;
  const statuses = [...new Set(listed.map((r) => r.status))].sort();
  const needle = listState.filter.toLowerCase();
  const shown = listed.filter((r) => (!listState.status || r.status === listState.status)
    && (!needle || `${r.name} ${r.id} ${r.description ?? ''}`.toLowerCase().includes(needle)));
  const rerender = () => renderList(app, index);
  const picked = [...listState.picked].filter((id) => index.runs.some((r) => r.id === id));
  const compare = el('a', { class: 'compare', href: picked.length >= 2 ? `#/compare/${picked.map(encodeURIComponent).join(',')}` : '#/' }, `compare ${picked.length} picked`);
  const search = el('input', { type: 'search', placeholder: 'filter by name', value: listState.filter, input: (e) => { listState.filter = (e.target as HTMLInputElement).value; rerender(); (app.querySelector('input[type=search]') as HTMLInputElement | null)?.focus(); } });
  const statusPick = el('select', { change: (e) => { listState.status = (e.target as HTMLSelectElement).value; rerender(); } },
    el('option', { value: '' }, 'any status'), ...statuses.map((s) => el('option', { value: s, selected: s === listState.status }, s)));
  const others = index.runs.length - own.length;
  const originBox = others ? el('label', { class: 'muted', title: 'runs whose folder or experiment file says rnnflow regress or the test suite made them' },
    el('input', { type: 'checkbox', 'aria-label': 'runs of regress and tests', checked: listState.everyOrigin, change: (e) => { listState.everyOrigin = (e.target as HTMLInputElement).checked; rerender(); } }),
    ` also the ${others} run${others === 1 ? '' : 's'} of regress and tests`) : '';
  app.replaceChildren(
    index.sweeps.length ? sweepsTable(index.sweeps, rerender) : '',
    el('h2', {}, `Runs (${shown.length} of ${listed.length})`, el('span', { class: 'muted' }, ` in ${index.roots.join(', ')}`)),
    el('div', { class: 'toolbar' }, search, statusPick, originBox, picked.length >= 2 ? compare : el('span', { class: 'muted' }, 'tick two or more runs to compare them')),
    el('div', { class: 'scroll' }, sortableTable(runColumns(shown, rerender), shown, listState.sort, rerender)),
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
