/**
 * A run folder as one value that can travel (through Redis, between machines): every file gzipped,
 * by relative path. Unpacking writes them under another folder and replaces the paths that meant the
 * folder (and its data file) on the machine that packed it by the paths that mean them here.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { LOCK_FILE } from '../../core/run-lock.js';
import { pathInside } from '../../core/path-inside.js';

/** Relative path → gzipped content, base64 (BullMQ and Redis values are JSON / strings). */
export type PackedFiles = Record<string, string>;

/**
 * Every file under `dir`, gzipped; `replace` gives some files' content instead of what is on disk.
 * Left out: the folder's writer lock (a pid means nothing on another machine) and files being
 * written atomically (name.<pid>.tmp, not part of the folder yet).
 */
export function packRunDir(dir: string, replace: Readonly<Record<string, string>> = {}): PackedFiles {
  const files: PackedFiles = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, e.name);
      if (e.isDirectory()) walk(path);
      else if (e.isFile() && !e.name.endsWith('.tmp') && !(d === dir && e.name === LOCK_FILE)) files[relative(dir, path)] = gzipSync(readFileSync(path)).toString('base64');
    }
  };
  walk(dir);
  for (const [name, text] of Object.entries(replace)) files[name] = gzipSync(Buffer.from(text)).toString('base64');
  return files;
}

/** Writes packed files under `dir`, replacing each path of the packing machine with its path here (JSON-escaped, as files hold them). */
export function unpackRunDir(files: PackedFiles, dir: string, paths: readonly (readonly [string, string])[]): void {
  for (const [name, packed] of Object.entries(files)) {
    // Never outside the folder, by name or through a symlink: the files may come from another machine.
    const target = pathInside(dir, name);
    mkdirSync(dirname(target), { recursive: true });
    const bytes = gunzipSync(Buffer.from(packed, 'base64'));
    writeFileSync(target, /\.(json|jsonl|csv|txt|html|svg|vl\.json)$/.test(name) ? replacePaths(bytes.toString('utf8'), paths) : bytes);
  }
}

/** Every path `from` in `text` (as it appears inside JSON strings) replaced by its `to`. */
export function replacePaths(text: string, paths: readonly (readonly [string, string])[]): string {
  let out = text;
  for (const [from, to] of paths) {
    if (from === to) continue;
    const inJson = (p: string) => JSON.stringify(p).slice(1, -1);
    out = out.split(inJson(from)).join(inJson(to));
  }
  return out;
}
