/**
 * The chapter's three output heads. Each pairs an activation C with its loss L, chosen so that
 * ∂L/∂z = a − y for all three (the canonical-link property): the gradient lives in one place, dz().
 */
import { logisticInPlace, softmaxRowsInPlace } from '../tensor/elementwise.js';
import type { NetType } from './spec.js';
import type { FloatArray } from '../tensor/float-array.js';

export interface OutputHead {
  readonly netType: NetType;
  /** a = C(z) in place over [rows×cols] from off. */
  activate(Z: FloatArray, off: number, rows: number, cols: number): void;
  /** Σ over the [rows×cols] slice of the per-element loss L(a, y). */
  lossSum(A: FloatArray, aOff: number, Y: FloatArray, yOff: number, rows: number, cols: number): number;
}

/** dz = a − y for every head, written to dZ. */
export function outputGradient(
  A: FloatArray, aOff: number, Y: FloatArray, yOff: number, dZ: FloatArray, dOff: number, count: number,
): void {
  for (let i = 0; i < count; i++) dZ[dOff + i] = A[aOff + i] - Y[yOff + i];
}

/** Probabilities are clamped away from 0 so that ln never returns −∞ for a confident mistake. */
const EPS = 1e-15;

const regression: OutputHead = {
  netType: 'regression',
  activate() { /* identity */ },
  lossSum(A, aOff, Y, yOff, rows, cols) {
    let s = 0;
    for (let i = 0, n = rows * cols; i < n; i++) {
      const d = A[aOff + i] - Y[yOff + i];
      s += 0.5 * d * d;
    }
    return s;
  },
};

const binary: OutputHead = {
  netType: 'binary',
  activate(Z, off, rows, cols) { logisticInPlace(Z, off, rows * cols); },
  lossSum(A, aOff, Y, yOff, rows, cols) {
    let s = 0;
    for (let i = 0, n = rows * cols; i < n; i++) {
      const a = Math.min(Math.max(A[aOff + i], EPS), 1 - EPS);
      const y = Y[yOff + i];
      s -= y * Math.log(a) + (1 - y) * Math.log(1 - a);
    }
    return s;
  },
};

const multiclass: OutputHead = {
  netType: 'multiclass',
  activate(Z, off, rows, cols) { softmaxRowsInPlace(Z, off, rows, cols); },
  lossSum(A, aOff, Y, yOff, rows, cols) {
    let s = 0;
    for (let i = 0, n = rows * cols; i < n; i++) {
      const y = Y[yOff + i];
      if (y !== 0) s -= y * Math.log(Math.max(A[aOff + i], EPS));
    }
    return s;
  },
};

const HEADS: Record<NetType, OutputHead> = { regression, binary, multiclass };

export function outputHead(netType: NetType): OutputHead {
  return HEADS[netType];
}
