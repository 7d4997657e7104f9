/*
 * What tells runs apart: the fields of their resolved experiments whose values differ (a field
 * missing from some runs differs too), and short names for them, as legends use (`h=8, η=0.02`).
 */
import type { Json } from '../folder-files.js';
import { shortId } from './dom.js';
import { isObj } from './json-path.js';

export interface Difference { field: string; values: (string | undefined)[] }

/** Short names of the fields a sweep or a comparison most often varies, in the order a legend names them. */
const SHORT: [string, string][] = [
  ['name', 'name'], ['model.cell', 'cell'], ['model.layers', 'layers'], ['model.hiddenSize', 'h'], ['train.eta', 'η'],
  ['train.batchSize', 'batch'], ['train.optimizer', 'opt'], ['model.init', 'init'], ['seed', 'seed'],
];
/** Fields that say nothing about how a run was made. */
const IGNORED = new Set(['description', 'expect']);

function flatten(value: Json | undefined, prefix = '', into: Record<string, string> = {}): Record<string, string> {
  if (isObj(value) && Object.keys(value).length) {
    for (const [k, v] of Object.entries(value)) if (k !== '$schema') flatten(v, prefix ? `${prefix}.${k}` : k, into);
  } else if (prefix) {
    into[prefix] = JSON.stringify(value);
  }
  return into;
}

export function differingFields(experiments: (Json | undefined)[]): Difference[] {
  const flat = experiments.map((e) => flatten(e));
  const fields = [...new Set(flat.flatMap((f) => Object.keys(f)))].sort();
  return fields
    .map((field) => ({ field, values: flat.map((f) => f[field]) }))
    .filter((d) => new Set(d.values.map((v) => v ?? '(absent)')).size > 1);
}

function shortName(field: string): string {
  return SHORT.find(([f]) => f === field)?.[1] ?? field.split('.').at(-1)!;
}

function shown(value: string | undefined): string {
  if (value === undefined) return '–';
  const v = JSON.parse(value) as Json;
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/**
 * One label per run from the fields that differ (at most four, the best-known first), e.g.
 * `h=8, η=0.02`; the run's folder name is added when that leaves two runs alike.
 */
export function differenceLabels(runs: { id: string; name: string; experiment?: Json }[]): string[] {
  const diffs = differingFields(runs.map((r) => r.experiment)).filter((d) => !IGNORED.has(d.field.split('.')[0]));
  const rank = (field: string) => { const i = SHORT.findIndex(([f]) => f === field); return i < 0 ? SHORT.length : i; };
  const named = [...diffs].sort((a, b) => rank(a.field) - rank(b.field)).slice(0, 4);
  const labels = runs.map((_, i) => named.map((d) => `${shortName(d.field)}=${shown(d.values[i])}`).join(', '));
  return labels.map((label, i) => {
    const alike = !label || labels.filter((l) => l === label).length > 1;
    return alike ? [label, `${runs[i].name} ${shortId(runs[i].id)}`].filter(Boolean).join(' · ') : label;
  });
}
