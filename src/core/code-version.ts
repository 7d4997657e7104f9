/**
 * The code version: one content hash of the built engine (every .js file under dist/src, by path and
 * content), computed once per process. Recorded in every run folder (summary.json, the start event)
 * and in state files, so resume and queue workers can refuse to mix results of different engines
 * and say which versions differ. Same build = same version on any machine; any change to the
 * compiled engine changes it (comments too: tsc keeps them).
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** This file compiles to <engine>/core/code-version.js: the engine is one folder up. */
const engineDir = join(dirname(fileURLToPath(import.meta.url)), '..');

let cached: string | undefined;

/** 12 hex digits of sha256 over the engine's .js files (sorted paths, each path and content). */
export function codeVersion(): string {
  cached ??= hashEngine(engineDir);
  return cached;
}

/** The hash of the .js files under `dir` (exported for tests). */
export function hashEngine(dir: string): string {
  const hash = createHash('sha256');
  for (const file of jsFiles(dir)) {
    hash.update(relative(dir, file).split(sep).join('/'));
    hash.update('\0');
    hash.update(readFileSync(file));
    hash.update('\0');
  }
  return hash.digest('hex').slice(0, 12);
}

function jsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...jsFiles(path));
    else if (entry.isFile() && entry.name.endsWith('.js')) out.push(path);
  }
  return out;
}
