/*
 * Building the page. Every string from a run goes in as a text node or an attribute value (never as
 * HTML), so a description holding "<script>" shows as those characters.
 */
import type { Json } from '../folder-files.js';

export type Child = Node | string | number | null | undefined | false;

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string | boolean | ((e: Event) => void)> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (typeof v === 'function') node.addEventListener(k, v);
    else if (v === true) node.setAttribute(k, '');
    else if (v !== false) node.setAttribute(k, v);
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) node.append(typeof c === 'number' ? String(c) : c);
  return node;
}

export function fmtNum(v: number | undefined, digits = 4): string {
  if (v === undefined || v === null || Number.isNaN(v)) return '';
  if (Number.isInteger(v)) return String(v);
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-3 || a >= 1e5) ? v.toExponential(2) : v.toPrecision(digits);
}

export function fmtTime(ms: number | undefined): string {
  if (!ms) return '';
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

export function statusBadge(status: string): HTMLElement {
  return el('span', { class: `status status-${status.replace(/[^a-z-]/g, '')}` }, status);
}

export function runLink(row: { id: string; name: string }, text: string = row.name): HTMLAnchorElement {
  return el('a', { href: `#/run/${encodeURIComponent(row.id)}` }, text);
}

/** The last folder of an id ("0:minus/2026-…-seed1" → "2026-…-seed1"): tells runs of one name apart. */
export function shortId(id: string): string {
  return id.split(/[/:]/).filter(Boolean).at(-1) ?? id;
}

export function jsonBlock(value: Json | undefined): HTMLElement {
  return el('pre', { class: 'json' }, value === undefined ? '(not written)' : JSON.stringify(value, null, 2));
}
