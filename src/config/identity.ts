/**
 * An experiment's identity: one hash of what changes the trained model (a shared contract: sweep
 * trial ids, and resume's "same experiment" check, use it).
 *
 * Stable across versions: ids of existing sweeps never change when rnnflow learns something new.
 *  - Left out: what never changes the model (name, description, sinks, expect).
 *  - Execution-only fields that v1 ids already covered (threads, evalBatchSize) are hashed at their
 *    v1 default whatever their value: changing them keeps the id, and v1 ids stay valid.
 *  - Fields added after v1 are listed in ADDED_AFTER_V1 with the default that reproduces v1's
 *    behaviour: hashed only when they differ from it (execution-only ones never). A test pins ids
 *    computed by v1, so a new schema field with a default that is not listed here fails it.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../core/canonical-json.js';

/**
 * Top-level fields that never change the trained model. (`$schema`, an editor hint, stays in: v1
 * ids included it, and leaving it out now would change them.)
 */
const LEFT_OUT = ['name', 'description', 'sinks', 'expect'] as const;

/** Execution-only fields that were in v1 ids: hashed at these values whatever they are. */
const EXECUTION_ONLY_V1: Readonly<Record<string, unknown>> = {
  'train.threads': 1,
  'train.evalBatchSize': 512,
};

export interface AddedField {
  /** Dotted path in the resolved experiment, e.g. 'model.cell'. */
  path: string;
  /** The value that reproduces v1's training; absent = execution-only (never hashed). */
  v1Default?: unknown;
}

/**
 * Fields added to the experiment after v1 ids existed. Add a field here when you add it to the
 * schema with a default (the identity test tells you when one is missing).
 */
export const ADDED_AFTER_V1: readonly AddedField[] = [
  { path: 'model.cell', v1Default: 'elman' },
  { path: 'model.bidirectional', v1Default: false },
  { path: 'train.saveStateEvery' }, // execution-only: how often the state is saved
  { path: 'train.dtype', v1Default: 'float64' },
  { path: 'train.weightDecay', v1Default: 0 },
  { path: 'model.dropout', v1Default: 0 },
  { path: 'train.monitor', v1Default: { metric: 'validation.loss', mode: 'min' } },
  { path: 'data.delimiter', v1Default: ',' },
  { path: 'data.decimal', v1Default: '.' },
  { path: 'data.timeColumn' }, // execution-only: names predict's rows
];

/** The document that is hashed (useful to explain why two experiments differ). */
export function identityDocument(experiment: object): Record<string, unknown> {
  const doc = structuredClone(experiment) as Record<string, unknown>;
  for (const key of LEFT_OUT) delete doc[key];
  for (const [path, v1] of Object.entries(EXECUTION_ONLY_V1)) {
    if (getPath(doc, path) !== undefined) setPath(doc, path, v1);
  }
  for (const field of ADDED_AFTER_V1) {
    const value = getPath(doc, field.path);
    if (value === undefined) continue;
    if (!('v1Default' in field) || canonicalJson(value) === canonicalJson(field.v1Default)) deletePath(doc, field.path);
  }
  return doc;
}

/** 12 hex digits of sha256 over the canonical JSON of identityDocument(experiment), seed included. */
export function experimentIdentity(experiment: object): string {
  return createHash('sha256').update(canonicalJson(identityDocument(experiment))).digest('hex').slice(0, 12);
}

function getPath(doc: Record<string, unknown>, path: string): unknown {
  let at: unknown = doc;
  for (const key of path.split('.')) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}

function parentOf(doc: Record<string, unknown>, path: string): [Record<string, unknown> | undefined, string] {
  const keys = path.split('.');
  const last = keys.pop()!;
  const parent = keys.length ? getPath(doc, keys.join('.')) : doc;
  return [parent !== null && typeof parent === 'object' ? (parent as Record<string, unknown>) : undefined, last];
}

function setPath(doc: Record<string, unknown>, path: string, value: unknown): void {
  const [parent, key] = parentOf(doc, path);
  if (parent) parent[key] = value;
}

function deletePath(doc: Record<string, unknown>, path: string): void {
  const [parent, key] = parentOf(doc, path);
  if (parent) delete parent[key];
}
