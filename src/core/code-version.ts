/**
 * The engine's code version: one content hash of the built engine (every file under dist/src, and
 * the schemas, which decide defaults), so two installs that would train a different model from the
 * same experiment never claim the same version. Recorded where results must match (queue workers).
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { schemaDir } from './paths.js';

// This file compiles to dist/src/core/code-version.js: the engine is its parent folder.
const engineDir = dirname(dirname(fileURLToPath(import.meta.url)));
let cached: string | undefined;

/** 12 hex digits of sha256 over the engine's files (relative path and content, in sorted order). */
export function codeVersion(): string {
  if (cached) return cached;
  const hash = createHash('sha256');
  for (const root of [engineDir, schemaDir]) {
    for (const file of filesUnder(root)) {
      if (file.endsWith('.map') || file.endsWith('.d.ts')) continue;
      hash.update(`${relative(root, file)}\0`).update(readFileSync(file)).update('\0');
    }
  }
  cached = hash.digest('hex').slice(0, 12);
  return cached;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : e.isFile() ? [join(dir, e.name)] : []));
}
