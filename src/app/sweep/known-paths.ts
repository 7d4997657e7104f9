/**
 * The dotted paths an experiment file can hold, read from schemas/experiment.schema.json, so a sweep
 * over `model.hiddenSiz` is refused before any trial runs instead of failing every trial.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { schemaDir } from '../../core/paths.js';

interface SchemaNode {
  properties?: Record<string, SchemaNode>;
  allOf?: { then?: SchemaNode }[];
  $ref?: string;
  type?: string;
}

let cached: Map<string, boolean> | undefined;

/** path → whether the value there is opaque (an array or a free-form object, so deeper paths are allowed too). */
export function experimentPaths(): Map<string, boolean> {
  if (cached) return cached;
  const schema = JSON.parse(readFileSync(resolve(schemaDir, 'experiment.schema.json'), 'utf8')) as SchemaNode & { definitions: Record<string, SchemaNode> };
  const deref = (n: SchemaNode): SchemaNode => (n.$ref ? schema.definitions[n.$ref.replace('#/definitions/', '')] : n);
  const paths = new Map<string, boolean>();
  const walk = (node: SchemaNode, prefix: string): void => {
    node = deref(node);
    // data's properties depend on data.name: every variant's properties are valid paths.
    const variants = [node, ...(node.allOf ?? []).map((a) => (a.then ? deref(a.then) : {}))];
    for (const v of variants) {
      for (const [key, child] of Object.entries(v.properties ?? {})) {
        if (key === '$schema') continue;
        const path = prefix ? `${prefix}.${key}` : key;
        const c = deref(child);
        const opaque = !c.properties && !c.allOf;
        paths.set(path, (paths.get(path) ?? false) || opaque);
        if (!opaque) walk(c, path);
      }
    }
  };
  walk(schema, '');
  cached = paths;
  return paths;
}

/** Whether `path` names a place in an experiment file (`train.eta`, `data.bits`, `sinks.0`). */
export function isExperimentPath(path: string): boolean {
  const paths = experimentPaths();
  if (paths.has(path)) return true;
  const parts = path.split('.');
  // Below an opaque value any key is allowed, except those that reach a prototype.
  if (parts.some((p) => p === '__proto__' || p === 'prototype' || p === 'constructor')) return false;
  for (let i = parts.length - 1; i > 0; i--) {
    if (paths.get(parts.slice(0, i).join('.')) === true) return true;
  }
  return false;
}
