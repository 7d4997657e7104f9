/*
 * Reading the loosely shaped JSON a run folder holds (summary.json, the resolved experiment): a path
 * that is not there gives undefined.
 */
import type { Json, JsonObject } from '../folder-files.js';

export function isObj(v: Json | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function at(v: Json | undefined, ...path: string[]): Json | undefined {
  let cur = v;
  for (const p of path) cur = isObj(cur) ? cur[p] : undefined;
  return cur;
}
