/*
 * A table whose header sorts it (click: descending, again: ascending); blanks sort last either way.
 */
import { el, fmtNum, type Child } from './dom.js';

export interface Column<T> { title: string; value: (row: T) => string | number | undefined; cell?: (row: T) => Child; num?: boolean }

export function sortableTable<T>(columns: Column<T>[], rows: T[], sort: { col: number; desc: boolean }, onSort: () => void, rowClass?: (row: T) => string): HTMLTableElement {
  const sorted = [...rows];
  const col = columns[sort.col];
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
  const head = el('tr', {}, ...columns.map((c, i) => el('th', {
    class: `sortable${i === sort.col ? (sort.desc ? ' sorted-desc' : ' sorted-asc') : ''}`,
    click: () => { sort.desc = sort.col === i ? !sort.desc : true; sort.col = i; onSort(); },
  }, c.title)));
  const body = sorted.map((r) => el('tr', { class: rowClass?.(r) ?? '' }, ...columns.map((c) => {
    const v = c.cell ? c.cell(r) : c.value(r);
    return el('td', { class: c.num ? 'num' : '' }, typeof v === 'number' ? fmtNum(v) : v);
  })));
  return el('table', {}, el('thead', {}, head), el('tbody', {}, ...body));
}
