/**
 * Defensive reads for the board. Run and sweep folders are a contract that other engineers extend
 * while a board reads them (a run may be writing them right now): a missing or damaged file or a field
 * of an unexpected type gives `undefined`, never an exception that takes the page down. Run and sweep
 * folders' files are read by their own readers (run-folder/: inside the folder, regular files,
 * size-capped), a run's through runFolderJson().
 */
import { statSync, type Stats } from 'node:fs';
import { orUndefined } from '../../run-folder/index.js';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A run folder reader's result as JSON for a page, undefined when the file is missing or damaged. */
export function runFolderJson(read: () => object | undefined): Json | undefined {
  return orUndefined(read) as Json | undefined;
}

export function statOrUndefined(file: string): Stats | undefined {
  try {
    return statSync(file);
  } catch {
    return undefined;
  }
}

/** A number field, or undefined when absent or not a finite number. */
export function numberAt(o: Json | undefined, key: string): number | undefined {
  const v = isObject(o) ? o[key] : undefined;
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

export function stringAt(o: Json | undefined, key: string): string | undefined {
  const v = isObject(o) ? o[key] : undefined;
  return typeof v === 'string' ? v : undefined;
}

export function objectAt(o: Json | undefined, key: string): JsonObject | undefined {
  const v = isObject(o) ? o[key] : undefined;
  return isObject(v) ? v : undefined;
}
