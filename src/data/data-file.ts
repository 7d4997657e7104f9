/** Finding and reading a dataset's file: plain or gzip-compressed text, relative to a list of folders. */
import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { DataError } from '../core/errors.js';
import type { DataConfig } from '../config/types.js';
import type { DatasetContext } from './types.js';

/**
 * The absolute path of `file`: itself when absolute, else the first folder of `dirs` that holds it.
 * Throws a DataError naming every path tried, so a user sees where rnnflow looked.
 */
export function resolveDataFile(file: string, dirs: readonly string[]): string {
  const tried = isAbsolute(file) ? [file] : dirs.map((dir) => resolve(dir, file));
  for (const path of tried) if (existsSync(path) && statSync(path).isFile()) return path;
  const folder = tried.find((path) => existsSync(path) && statSync(path).isDirectory());
  if (folder) throw new DataError(folder, 'is a folder, not a file; name the data file inside it (e.g. data.file "<folder>/<name>.csv")');
  const where = tried.length === 1 ? '' : ` (looked in: ${tried.join(', ')})`;
  throw new DataError(tried[0], `file not found${where}`);
}

/** The text of a data file; a name ending in .gz is gunzipped first. */
export function readDataText(path: string): string {
  return readDataBytes(path).toString('utf8');
}

/**
 * The most bytes a data file read whole (sequences files, `predict --input` texts, the PM2.5 CSV) may
 * have, gunzipped: its text must fit one JS string (V8's longest is 2^29 − 24 characters), and a small
 * .gz can expand to gigabytes (a "zip bomb"), so the limit is checked before the memory is taken.
 */
export const MAX_WHOLE_DATA_BYTES = 512 * 1024 * 1024 - 64;

/** The bytes of a data file, gunzipped when its name ends in .gz (for a caller that checks the encoding itself). */
export function readDataBytes(path: string, maxBytes = MAX_WHOLE_DATA_BYTES): Buffer {
  const tooLarge = (what: string) => new DataError(path, `${what} more than rnnflow reads whole (${maxBytes} bytes); split the file into smaller ones`);
  let bytes: Buffer;
  try {
    if (statSync(path).size > maxBytes) throw tooLarge(`is ${statSync(path).size} bytes,`);
    bytes = readFileSync(path);
  } catch (e) {
    if (e instanceof DataError) throw e;
    throw new DataError(path, `cannot read the file: ${(e as Error).message}`);
  }
  if (!path.endsWith('.gz')) return bytes;
  try {
    return gunzipSync(bytes, { maxOutputLength: maxBytes });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge('gunzips to');
    throw new DataError(path, `not a valid gzip file: ${(e as Error).message}`);
  }
}

/**
 * The file a dataset reads, found as its loader finds it (PM2.5: the package's data/ first, then the
 * experiment's folder; CSV: the experiment's folder; sequences: the experiment's folder, then the package's), or undefined for datasets made in code.
 */
export function dataFilePath(data: DataConfig, ctx: Pick<DatasetContext, 'baseDir' | 'packageDir' | 'files'>): string | undefined {
  if ((data.name === 'pm25' || data.name === 'csv' || data.name === 'sequences') && ctx.files?.[data.file]) return resolveDataFile(ctx.files[data.file], []);
  switch (data.name) {
    case 'pm25': return resolveDataFile(data.file, [ctx.packageDir, ctx.baseDir]);
    case 'csv': return resolveDataFile(data.file, [ctx.baseDir]);
    // The experiment's folder first; then the package's data/ (the shipped names).
    case 'sequences': return resolveDataFile(data.file, [ctx.baseDir, ctx.packageDir]);
    default: return undefined;
  }
}

/**
 * The SHA-256 of a data file's bytes (as stored, before any gunzip), read in 1 MiB pieces (a large
 * CSV is never held whole for it). run.json records it, so `eval` and `resume` can tell when the file changed.
 */
export function fileSha256(path: string): string {
  const hash = createHash('sha256');
  const piece = Buffer.alloc(1 << 20);
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw new DataError(path, `cannot read the file: ${(e as Error).message}`);
  }
  try {
    for (let n; (n = readSync(fd, piece, 0, piece.length, null)) > 0;) hash.update(piece.subarray(0, n));
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}
