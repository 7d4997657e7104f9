/*
 * Building the page. Every string from a run goes in as a text node or an attribute value (never as
 * HTML), so a description holding "<script>" shows as those characters.
 */
type Child = Node | string | number | null | undefined | false;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string | boolean | ((e: Event) => void)> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (typeof v === 'function') node.addEventListener(k, v);
    else if (v === true) node.setAttribute(k, '');
    else if (v !== false) node.setAttribute(k, v);
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) node.append(typeof c === 'number' ? String(c) : c);
  return node;
}

function fmtNum(v: number | undefined, digits = 4): string {
  if (v === undefined || v === null || Number.isNaN(v)) return '';
  if (Number.isInteger(v)) return String(v);
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-3 || a >= 1e5) ? v.toExponential(2) : v.toPrecision(digits);
}

function fmtTime(ms: number | undefined): string {
  if (!ms) return '';
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

function statusBadge(status: string): HTMLElement {
  return el('span', { class: `status status-${status.replace(/[^a-z-]/g, '')}` }, status);
}

function runLink(row: { id: string; name: string }, text: string = row.name): HTMLAnchorElement {
  return el('a', { href: `#/run/${encodeURIComponent(row.id)}` }, text);
}

/** The last folder of an id ("0:minus/2026-…-seed1" → "2026-…-seed1"): tells runs of one name apart. */
function shortId(id: string): string {
  return id.split(/[/:]/).filter(Boolean).at(-1) ?? id;
}

function jsonBlock(value: Json | undefined): HTMLElement {
  return el('pre', { class: 'json' }, value === undefined ? '(not written)' : JSON.stringify(value, null, 2));
}

/** A table whose header sorts it (click: descending, again: ascending). */
interface Column<T> { title: string; value: (row: T) => string | number | undefined; cell?: (row: T) => Child; num?: boolean }

function sortableTable<T>(columns: Column<T>[], rows: T[], sort: { col: number; desc: boolean }, onSort: () => void, rowClass?: (row: T) => string): HTMLTableElement {
  const sorted = [...rows];
  const col = columns[sort.col];
  if (col) {
    sorted.sort((a, b) => {
      const x = col.value(a);
      const y = col.value(b);
      if (x === y) return 0;
      if (x === undefined || x === '') return 1; // blanks last, either way
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
