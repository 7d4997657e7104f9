/**
 * The safetensors file format (Hugging Face's; what `safetensors.torch.load_file` reads), for F64 and
 * F32 tensors:
 *
 *     [8 bytes: N, unsigned 64-bit little-endian] [N bytes: JSON header] [byte buffer]
 *     header = { "__metadata__"?: { string: string }, name: { dtype, shape, data_offsets: [begin, end] }, … }
 *
 * Offsets are relative to the byte buffer; the tensors must cover it exactly (no holes, no overlaps:
 * the spec forbids polyglot files); data is little-endian, row-major ('C' order).
 * We write strictly (header padded with spaces so the buffer starts 8-aligned, tensors back to back
 * in the order given, so every F64/F32 element sits at a multiple of its size) and read what the
 * spec allows: a misaligned tensor is read through a DataView, as the reference reader copies it.
 */
import { readFileSync } from 'node:fs';
import { UserError } from '../core/errors.js';

export type SafetensorsDtype = 'F64' | 'F32';
const BYTES: Record<SafetensorsDtype, number> = { F64: 8, F32: 4 };
/** The reference implementation refuses headers above 100 MB: a corrupt length must not allocate gigabytes. */
const MAX_HEADER_BYTES = 100_000_000;

/** One tensor: its shape (row-major) and its values, whatever the dtype on disk. */
export interface Tensor { shape: number[]; data: Float64Array }

export interface SafetensorsContent {
  tensors: Map<string, Tensor>;
  /** The header's __metadata__ (string to string), empty when absent. */
  metadata: Record<string, string>;
  /** The dtype of each tensor as stored. */
  dtypes: Map<string, SafetensorsDtype>;
}

/** A file that is not valid safetensors, or not one we can read: the user's to fix (exit 2). */
export class SafetensorsError extends UserError {
  constructor(readonly file: string, message: string) {
    super(`${file}: not a readable safetensors file: ${message}`);
    this.name = 'SafetensorsError';
  }
}

const elementsOf = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/** Serialises tensors (in the order given) as one safetensors file. F32 rounds each value to nearest. */
export function encodeSafetensors(
  tensors: ReadonlyMap<string, Tensor> | Record<string, Tensor>,
  options: { dtype?: SafetensorsDtype; metadata?: Record<string, string> } = {},
): Uint8Array {
  const dtype = options.dtype ?? 'F64';
  const size = BYTES[dtype];
  const entries = tensors instanceof Map ? [...tensors.entries()] : Object.entries(tensors);
  const header: Record<string, unknown> = {};
  if (options.metadata && Object.keys(options.metadata).length > 0) header.__metadata__ = options.metadata;
  let offset = 0;
  for (const [name, t] of entries) {
    if (name === '__metadata__') throw new RangeError('a tensor cannot be named "__metadata__" (the header\'s reserved key)');
    if (elementsOf(t.shape) !== t.data.length) {
      throw new RangeError(`tensor ${name}: shape [${t.shape.join(', ')}] holds ${elementsOf(t.shape)} values, data has ${t.data.length}`);
    }
    header[name] = { dtype, shape: t.shape, data_offsets: [offset, offset + t.data.length * size] };
    offset += t.data.length * size;
  }
  let json = Buffer.from(JSON.stringify(header), 'utf8');
  const pad = (8 - (json.length % 8)) % 8;
  if (pad > 0) json = Buffer.concat([json, Buffer.alloc(pad, 0x20)]);
  const out = new Uint8Array(8 + json.length + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  let at = 8 + json.length;
  for (const [, t] of entries) {
    for (let i = 0; i < t.data.length; i++, at += size) {
      if (dtype === 'F64') view.setFloat64(at, t.data[i], true);
      else view.setFloat32(at, t.data[i], true);
    }
  }
  return out;
}

/** Parses and checks a safetensors file's bytes; `file` names it in every error. */
export function decodeSafetensors(bytes: Uint8Array, file: string): SafetensorsContent {
  const fail = (message: string): never => { throw new SafetensorsError(file, message); };
  if (bytes.length < 8) fail(`${bytes.length} bytes; a safetensors file starts with an 8-byte header length`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerBytes = view.getBigUint64(0, true);
  if (headerBytes > BigInt(Math.min(MAX_HEADER_BYTES, bytes.length - 8))) {
    fail(`the header length says ${headerBytes} bytes but ${bytes.length - 8} follow (limit ${MAX_HEADER_BYTES}); the file is truncated or not safetensors`);
  }
  const n = Number(headerBytes);
  const text = Buffer.from(bytes.buffer, bytes.byteOffset + 8, n).toString('utf8');
  if (!text.startsWith('{')) fail('the JSON header must begin with "{"');
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch (e) {
    fail(`the header is not valid JSON (${(e as Error).message})`);
  }
  if (header === null || typeof header !== 'object' || Array.isArray(header)) fail('the header must be a JSON object');
  const bufferStart = 8 + n;
  const bufferLength = bytes.length - bufferStart;
  const metadata: Record<string, string> = {};
  const spans: { name: string; begin: number; end: number }[] = [];
  const tensors = new Map<string, Tensor>();
  const dtypes = new Map<string, SafetensorsDtype>();
  for (const [name, entry] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) fail('__metadata__ must be an object of strings');
      for (const [k, v] of Object.entries(entry as Record<string, unknown>)) {
        if (typeof v !== 'string') fail(`__metadata__.${k} must be a string, found ${JSON.stringify(v)}`);
        metadata[k] = v as string;
      }
      continue;
    }
    const e = entry as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    if (e === null || typeof e !== 'object') fail(`tensor ${name}: expected { dtype, shape, data_offsets }`);
    if (typeof e.dtype !== 'string') fail(`tensor ${name}: dtype missing`);
    if (!(e.dtype as string in BYTES)) fail(`tensor ${name}: dtype ${e.dtype} is not supported (rnnflow reads F64 and F32)`);
    const dtype = e.dtype as SafetensorsDtype;
    const shape = e.shape;
    if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
      fail(`tensor ${name}: shape must be a list of non-negative integers, found ${JSON.stringify(shape)}`);
    }
    const offsets = e.data_offsets;
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isSafeInteger(o) && o >= 0)) {
      fail(`tensor ${name}: data_offsets must be [begin, end], two non-negative integers, found ${JSON.stringify(offsets)}`);
    }
    const [begin, end] = offsets as [number, number];
    if (begin > end || end > bufferLength) {
      fail(`tensor ${name}: data_offsets [${begin}, ${end}] lie outside the ${bufferLength}-byte buffer`);
    }
    const count = elementsOf(shape as number[]);
    if (end - begin !== count * BYTES[dtype]) {
      fail(`tensor ${name}: shape [${(shape as number[]).join(', ')}] of ${dtype} needs ${count * BYTES[dtype]} bytes, data_offsets give ${end - begin}`);
    }
    const data = new Float64Array(count);
    const at = bufferStart + begin;
    for (let i = 0; i < count; i++) {
      data[i] = dtype === 'F64' ? view.getFloat64(at + 8 * i, true) : view.getFloat32(at + 4 * i, true);
    }
    spans.push({ name, begin, end });
    tensors.set(name, { shape: [...(shape as number[])], data });
    dtypes.set(name, dtype);
  }
  checkCoverage(spans, bufferLength, fail);
  return { tensors, metadata, dtypes };
}

/** The tensors must tile the buffer: sorted by offset, each begins where the last ended, the last ends at its end. */
function checkCoverage(spans: { name: string; begin: number; end: number }[], bufferLength: number, fail: (m: string) => never): void {
  const sorted = [...spans].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let expected = 0;
  for (const s of sorted) {
    if (s.begin < expected) fail(`tensor ${s.name}: data_offsets [${s.begin}, ${s.end}] overlap the tensor before it (which ends at ${expected})`);
    if (s.begin > expected) fail(`bytes ${expected} to ${s.begin} of the buffer belong to no tensor (a hole before ${s.name})`);
    expected = s.end;
  }
  if (expected !== bufferLength) fail(`bytes ${expected} to ${bufferLength} at the end of the buffer belong to no tensor`);
}

export function readSafetensorsFile(file: string): SafetensorsContent {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw new UserError(`${file}: cannot read the safetensors file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return decodeSafetensors(bytes, file);
}
