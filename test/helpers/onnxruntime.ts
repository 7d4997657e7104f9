/**
 * onnxruntime-node for the export tests: skips with one line where it cannot load (a dev dependency:
 * npm ci installs it with its bundled CPU library), and fails instead under CI=true. Also the one
 * measure every ONNX test reports: the worst |ONNX Runtime − rnnflow| over the largest |rnnflow|.
 */
import { createRequire } from 'node:module';
import { requireOrSkip } from './requires.js';

export type OnnxRuntime = typeof import('onnxruntime-node');
export type OnnxDtype = 'float32' | 'float64';

/** The bound on relativeError, by the model's dtype. */
export const ONNX_TOLERANCE: Record<OnnxDtype, number> = { float32: 1e-6, float64: 1e-12 };

export function onnxRuntimeOrSkip(suite: Mocha.Context): OnnxRuntime {
  try {
    return createRequire(import.meta.url)('onnxruntime-node') as OnnxRuntime;
  } catch (e) {
    // The one skip-or-fail rule of the suite (requires.ts): skips with one line elsewhere, fails under CI.
    requireOrSkip(suite, false, { missing: `onnxruntime-node does not load (${(e as Error).message.split('\n')[0]})`, fix: 'run npm ci; .npmrc skips its download, its CPU library ships in the package' });
    throw e;
  }
}

/**
 * The worst |theirs − ours| over the largest |ours|, over everything added (a split compared chunk
 * by chunk is measured against its own largest output); a NaN in theirs is an error of Infinity.
 */
export class RelativeError {
  private worst = 0;
  private scale = 1e-300;

  add(ours: ArrayLike<number>, theirs: ArrayLike<number>): this {
    if (theirs.length !== ours.length) throw new Error(`ONNX Runtime gave ${theirs.length} outputs, rnnflow ${ours.length}`);
    for (let i = 0; i < ours.length; i++) {
      this.scale = Math.max(this.scale, Math.abs(ours[i]));
      const d = Math.abs(ours[i] - theirs[i]);
      this.worst = Number.isNaN(d) ? Infinity : Math.max(this.worst, d);
    }
    return this;
  }

  get value(): number { return this.worst / this.scale; }
}

export function relativeError(ours: ArrayLike<number>, theirs: ArrayLike<number>): number {
  return new RelativeError().add(ours, theirs).value;
}
