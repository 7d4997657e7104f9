/**
 * `--set path=value` overrides and dotted-path access, shared by the CLI and sweeps. Values are
 * parsed as JSON5 (so `0.05`, `true`, `[1,2]` and `"text"` work) and fall back to the raw string;
 * the resulting document is validated against the schema like the file itself.
 */
import JSON5 from 'json5';
import { UserError } from '../core/errors.js';

export interface Override { path: string; value: unknown; text: string }

/** Path parts that would reach an object's prototype instead of a field of the experiment. */
const FORBIDDEN_PARTS = new Set(['__proto__', 'prototype', 'constructor']);

/** Throws a UserError when a dotted path would step into a prototype (`__proto__`, `constructor` …). */
export function checkPathParts(path: string, where: string): void {
  const bad = path.split('.').find((p) => FORBIDDEN_PARTS.has(p));
  if (bad !== undefined) throw new UserError(`${where}: "${path}" is not a field of an experiment ("${bad}" is not allowed in a path)`);
}

export function parseOverride(text: string): Override {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new UserError(`--set ${text}: expected path=value, e.g. --set train.eta=0.05`);
  const path = text.slice(0, eq).trim();
  const raw = text.slice(eq + 1).trim();
  if (!/^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*|\.\d+)*$/.test(path)) {
    throw new UserError(`--set ${text}: "${path}" is not a dotted path such as train.eta or data.timesteps`);
  }
  checkPathParts(path, `--set ${text}`);
  let value: unknown;
  try {
    value = JSON5.parse(raw);
  } catch {
    value = raw;
  }
  return { path, value, text };
}

/** Sets doc.a.b.c = value, creating objects on the way; arrays are indexed by number parts. */
export function setByPath(doc: Record<string, unknown>, path: string, value: unknown): void {
  checkPathParts(path, 'cannot set');
  const parts = path.split('.');
  let cur: Record<string, unknown> = doc;
  for (const part of parts.slice(0, -1)) {
    const next = Object.hasOwn(cur, part) ? cur[part] : undefined;
    if (next === undefined) cur[part] = {};
    else if (next === null || typeof next !== 'object') {
      throw new UserError(`cannot set ${path}: ${part} holds ${JSON.stringify(next)}, not an object`);
    }
    cur = cur[part] as Record<string, unknown>;
  }
  cur[parts[parts.length - 1]] = value;
}

export function getByPath(doc: unknown, path: string): unknown {
  let cur = doc;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object' || !Object.hasOwn(cur, part)) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

/** A deep copy of doc with every override applied, in order. */
export function applyOverrides<T extends object>(doc: T, overrides: readonly Override[]): T {
  const copy = structuredClone(doc) as Record<string, unknown>;
  for (const o of overrides) setByPath(copy, o.path, o.value);
  return copy as T;
}
