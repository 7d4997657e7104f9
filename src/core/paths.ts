/** Where the rnnflow package lives (it holds data/, schemas/ and experiments/), wherever it is installed. */
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';

// This file compiles to dist/src/core/paths.js: the package root is three folders up.
export const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const schemaDir = resolve(packageDir, 'schemas');
