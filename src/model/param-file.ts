/**
 * Parameter sets on disk: JSON with a format name and version, the spec, and each tensor's shape
 * and values (default layout names, net-plan.ts). Version 2 added the spec's cell and
 * bidirectional fields and list hiddenSize; version-1 files (one Elman layer) still load. JSON's shortest round-trip number form makes save → load bit-exact for finite values.
 * Writes are atomic (temp file, then rename), so a crash never leaves half a file where a good one was.
 */
import { closeSync, fstatSync, openSync, readFileSync } from 'node:fs';
import { UserError } from '../core/errors.js';
import { writeFileAtomic } from '../core/atomic-write.js';
import { ParamSet, tensorShapes } from './params.js';
import { checkSpec, fullSpec, specDifferences, SPEC_FIELDS, type RnnSpec } from './spec.js';

export const PARAM_FORMAT = 'rnnflow-params';
export const PARAM_FORMAT_VERSION = 2;
/** Versions this rnnflow reads. */
const READABLE_VERSIONS = [1, 2];

export interface ParamFile {
  format: typeof PARAM_FORMAT;
  version: number;
  spec: RnnSpec;
  tensors: Record<string, { shape: [number, number]; values: number[] }>;
  /** Free-form context: which checkpoint, epoch, iteration, validation loss … */
  meta?: Record<string, unknown>;
}

/** A parameter file that cannot be used: the user's to fix (exit code 2), never a stack trace. */
export class ParamFileError extends UserError {
  constructor(readonly file: string, message: string) {
    super(`${file}: ${message}`);
    this.name = 'ParamFileError';
  }
}

export function paramsToJson(P: ParamSet, meta?: Record<string, unknown>): ParamFile {
  const tensors: ParamFile['tensors'] = {};
  for (const [name, shape] of tensorShapes(P.spec)) tensors[name] = { shape, values: Array.from(P.tensor(name)) };
  // dtype is written only for float32 nets, so float64 files stay as every earlier version wrote them.
  const { dtype, ...spec } = fullSpec(P.spec);
  return { format: PARAM_FORMAT, version: PARAM_FORMAT_VERSION, spec: dtype === 'float64' ? spec : { ...spec, dtype }, tensors, ...(meta ? { meta } : {}) };
}

export function saveParams(file: string, P: ParamSet, meta?: Record<string, unknown>): void {
  writeFileAtomic(file, JSON.stringify(paramsToJson(P, meta)) + '\n');
}

/**
 * The largest parameter file read: JSON text longer than V8's longest string (2^29 − 24 characters)
 * cannot be parsed at all, and a file this size would hold some 25 million parameters.
 */
export const MAX_PARAM_FILE_BYTES = 500 * 1024 * 1024;

/** Reads, parses and checks a parameter file; every failure is a ParamFileError naming the file. */
export function readParamFile(file: string): ParamFile {
  let text: string;
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const size = fstatSync(fd).size;
    if (size > MAX_PARAM_FILE_BYTES) throw new ParamFileError(file, `${size} bytes, more than a parameter file can be (${MAX_PARAM_FILE_BYTES}); refused`);
    text = readFileSync(fd, 'utf8');
  } catch (e) {
    if (e instanceof ParamFileError) throw e;
    throw new ParamFileError(file, `cannot read the parameter file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  return parseParamFile(file, text);
}

/** Parses and checks the text of a parameter file (`file` names it in errors). */
export function parseParamFile(file: string, text: string): ParamFile {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new ParamFileError(file, `not valid JSON, the file may be truncated (${(e as Error).message})`);
  }
  return checkParamFile(file, doc);
}

export function checkParamFile(file: string, doc: unknown): ParamFile {
  const d = doc as Partial<ParamFile>;
  if (d === null || typeof d !== 'object' || d.format !== PARAM_FORMAT) {
    throw new ParamFileError(file, `not an rnnflow parameter file (expected "format": "${PARAM_FORMAT}")`);
  }
  if (!READABLE_VERSIONS.includes(d.version as number)) {
    throw new ParamFileError(file, `format version ${JSON.stringify(d.version)} is not supported (this rnnflow reads versions ${READABLE_VERSIONS.join(' and ')})`);
  }
  const spec = d.spec as RnnSpec;
  // Version 1 knew one Elman layer only: its spec has no cell, bidirectional or list hiddenSize.
  const fields = d.version === 1 ? SPEC_FIELDS.filter((f) => f !== 'cell' && f !== 'bidirectional' && f !== 'dtype') : SPEC_FIELDS;
  try {
    checkSpec(spec);
    for (const k of Object.keys(spec)) if (!fields.includes(k as keyof RnnSpec)) throw new Error(`unknown spec field ${k}`);
    if (d.version === 1 && Array.isArray(spec.hiddenSize)) throw new Error('a version-1 file has one layer: hiddenSize must be a number');
  } catch (e) {
    throw new ParamFileError(file, `bad spec: ${(e as Error).message}`);
  }
  if (d.tensors === null || typeof d.tensors !== 'object') throw new ParamFileError(file, 'missing "tensors"');
  for (const [name, [r, c]] of tensorShapes(spec)) {
    const t = d.tensors[name];
    if (!t) throw new ParamFileError(file, `tensor ${name} is missing`);
    if (!Array.isArray(t.shape) || t.shape[0] !== r || t.shape[1] !== c) {
      throw new ParamFileError(file, `tensor ${name} has shape ${JSON.stringify(t.shape)}, the spec needs [${r},${c}]`);
    }
    if (!Array.isArray(t.values) || t.values.length !== r * c) {
      throw new ParamFileError(file, `tensor ${name} has ${Array.isArray(t.values) ? t.values.length : 'no'} values, its shape needs ${r * c}`);
    }
    const bad = t.values.findIndex((v) => typeof v !== 'number' || !Number.isFinite(v));
    if (bad >= 0) {
      const v = t.values[bad];
      // JSON.parse reads 1e999 as Infinity, which JSON.stringify would print as null.
      const shown = typeof v === 'number' ? `${v} (a number beyond about ±1.8e308, such as 1e999, reads as Infinity)` : JSON.stringify(v);
      throw new ParamFileError(file, `tensor ${name} value ${bad} (row ${Math.floor(bad / c)}, column ${bad % c}) is ${shown}, not a finite number; ` +
        'a saved parameter file holds finite numbers only, so this one was damaged or edited: use another (params/best.json, params/final.json) or train again');
    }
  }
  const extra = Object.keys(d.tensors).filter((k) => !tensorShapes(spec).some(([n]) => n === k));
  if (extra.length) throw new ParamFileError(file, `unexpected tensors ${extra.join(', ')}: a net with this spec (bias: ${spec.bias}) has ${tensorShapes(spec).map(([n]) => n).join(', ')}`);
  return d as ParamFile;
}

/** Loads a file into a new ParamSet; when `expected` is given, a differing spec is an error naming each field. */
export function loadParams(file: string, expected?: RnnSpec): ParamSet {
  return paramSetOf(file, readParamFile(file), expected);
}

/** A checked parameter file (of `file`) as a new ParamSet, which must fit `expected` when given. */
export function paramSetOf(file: string, doc: ParamFile, expected?: RnnSpec): ParamSet {
  if (expected) {
    const diff = specDifferences(expected, doc.spec);
    if (diff.length) throw new ParamFileError(file, `parameters do not fit this net: ${diff.join('; ')}`);
  }
  const P = new ParamSet({ ...doc.spec });
  for (const [name] of tensorShapes(P.spec)) P.tensor(name).set(doc.tensors[name].values);
  return P;
}
