/*
 * A table whose header sorts it (click: descending, again: ascending); blanks sort last either way.
 * The sort names its column by title, so it holds when columns come and go (a list hides empty ones).
 * A long value is cut to the cell's width, its whole text shown on hover.
 */
import { el, fmtNum, type Child } from './dom.js';

export interface TableSort { by: string; desc: boolean }

export interface Column<T> { title: string; value: (row: T) => string | number | undefined; cell?: (row: T) => Child; num?: boolean }

export function sortableTable<T>(columns: Column<T>[], rows: T[], sort: TableSort, onSort: () => void, rowClass?: (row: T) => string): HTMLTableElement {
  const sorted = [...rows];
  const col = columns.find((c) => c.title === sort.by);
  if (col) {
    sorted.sort((a, b) => {
      const x = col.value(a);
      const y = col.value(b);
      if (x === y) return 0;
      if (x === undefined || x === '') return 1;
      if (y === undefined || y === '') return -1;
      const order = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
      return sort.desc ? -order : order;
    });
  }
  const head = el('tr', {}, ...columns.map((c) => el('th', {
    class: `sortable${c.title === sort.by ? (sort.desc ? ' sorted-desc' : ' sorted-asc') : ''}`,
    click: () => { sort.desc = sort.by === c.title ? !sort.desc : true; sort.by = c.title; onSort(); },
  }, c.title)));
  const body = sorted.map((r) => el('tr', { class: rowClass?.(r) ?? '' }, ...columns.map((c) => {
    const v = c.cell ? c.cell(r) : c.value(r);
    const cell = el('div', { class: 'cell' }, typeof v === 'number' ? fmtNum(v) : v);
    if (cell.textContent) cell.title = cell.textContent;
    return el('td', { class: c.num ? 'num' : '' }, cell);
  })));
  return el('table', {}, el('thead', {}, head), el('tbody', {}, ...body));
}
