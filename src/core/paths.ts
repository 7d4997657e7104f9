/** Where the rnnflow package lives (it holds data/, schemas/ and experiments/), wherever it is installed. */
import { fileURLToPath } from 'node:url';
import { dirname, relative, resolve } from 'node:path';

// This file compiles to dist/src/core/paths.js: the package root is three folders up.
export const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const schemaDir = resolve(packageDir, 'schemas');

/** Relative to the current folder when inside it, else absolute: what a user can paste. */
export function displayPath(p: string): string {
  const r = relative(process.cwd(), p);
  return r && !r.startsWith('..') ? r : p;
}
