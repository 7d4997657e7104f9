/**
 * Defensive reads of run-folder files. The files are a contract that other engineers extend while a
 * board reads them (a run may be writing them right now): a missing file, a half-written line or a
 * field of an unexpected type gives `undefined`, never an exception that takes the page down.
 */
import { closeSync, openSync, readFileSync, readSync, statSync, type Stats } from 'node:fs';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function readJsonFile(file: string): Json | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Json;
  } catch {
    return undefined;
  }
}

export function statOrUndefined(file: string): Stats | undefined {
  try {
    return statSync(file);
  } catch {
    return undefined;
  }
}

/** Bytes [from, to) of a file as text (to is clamped to the file's size). */
export function readRange(file: string, from: number, to: number): string {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(Math.max(0, to - from));
    const n = readSync(fd, buffer, 0, buffer.length, from);
    return buffer.subarray(0, n).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/** The first line of a file (up to 64 KB), parsed; the start event of an events.jsonl. */
export function readFirstJsonLine(file: string): Json | undefined {
  try {
    const head = readRange(file, 0, 65536);
    const end = head.indexOf('\n');
    return end < 0 ? undefined : (JSON.parse(head.slice(0, end)) as Json);
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
