/**
 * onnxruntime-node for the export tests: skips with one line where it cannot load (a dev dependency:
 * npm ci installs it with its bundled CPU library), and fails instead under CI=true.
 */
import { createRequire } from 'node:module';
import { requireOrSkip } from './requires.js';

export type OnnxRuntime = typeof import('onnxruntime-node');

export function onnxRuntimeOrSkip(suite: Mocha.Context): OnnxRuntime {
  try {
    return createRequire(import.meta.url)('onnxruntime-node') as OnnxRuntime;
  } catch (e) {
    // The one skip-or-fail rule of the suite (requires.ts): skips with one line elsewhere, fails under CI.
    requireOrSkip(suite, false, { missing: `onnxruntime-node does not load (${(e as Error).message.split('\n')[0]})`, fix: 'run npm ci; .npmrc skips its download, its CPU library ships in the package' });
    throw e;
  }
}
