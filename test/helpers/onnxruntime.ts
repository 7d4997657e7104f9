/**
 * onnxruntime-node for the export tests: skips with one line where it cannot load (a dev dependency:
 * npm ci installs it with its bundled CPU library), and fails instead under CI=true.
 */
import { createRequire } from 'node:module';

export type OnnxRuntime = typeof import('onnxruntime-node');
export const ONNXRUNTIME_MISSING = 'ONNX export tests skipped: onnxruntime-node does not load (run npm ci; .npmrc skips its download, its CPU library ships in the package)';

export function onnxRuntimeOrSkip(suite: Mocha.Context): OnnxRuntime {
  try {
    return createRequire(import.meta.url)('onnxruntime-node') as OnnxRuntime;
  } catch (e) {
    if (process.env.CI === 'true') throw new Error(`onnxruntime-node is required under CI=true: ${(e as Error).message}`, { cause: e });
    console.log(`      ${ONNXRUNTIME_MISSING}`);
    suite.skip();
    throw e;
  }
}
