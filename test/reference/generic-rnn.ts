/**
 * A slow, readable reference of the generic RNN written straight from the chapter's equations with
 * mathjs matrices. Test-only: it is the oracle the fast Float64Array kernels are held against.
 */
import { add, dotMultiply, exp, map, matrix, multiply, subtract, sum, transpose, zeros, type Matrix } from 'mathjs';
import type { RnnSpec } from '../../src/model/spec.js';
import type { NestedParameters } from '../../src/model/params.js';

type M = Matrix;

function activate(netType: RnnSpec['netType'], z: M): M {
  if (netType === 'regression') return z;
  if (netType === 'binary') return map(z, (v: number) => 1 / (1 + Math.exp(-v))) as M;
  // softmax by rows
  const rows = (z.toArray() as number[][]).map((r) => {
    const m = Math.max(...r);
    const e = r.map((v) => Math.exp(v - m));
    const s = e.reduce((a, b) => a + b, 0);
    return e.map((v) => v / s);
  });
  return matrix(rows);
}

function loss(netType: RnnSpec['netType'], a: M, y: M): number {
  const A = a.toArray() as number[][];
  const Y = y.toArray() as number[][];
  let s = 0;
  A.forEach((row, i) => row.forEach((av, j) => {
    const yv = Y[i][j];
    if (netType === 'regression') s += 0.5 * (av - yv) ** 2;
    else if (netType === 'binary') s -= yv * Math.log(av) + (1 - yv) * Math.log(1 - av);
    else if (yv !== 0) s -= yv * Math.log(av);
  }));
  return s;
}

/** Row vector broadcast: adds b [1×n] to every row of X [m×n]. */
function addRowVector(X: M, b: number[][]): M {
  const m = X.size()[0];
  return add(X, matrix(Array.from({ length: m }, () => b[0]))) as M;
}

/** Sum over rows: [m×n] → [1×n]. */
function columnSums(X: M): number[][] {
  const A = X.toArray() as number[][];
  return [A[0].map((_, j) => sum(A.map((r) => r[j])) as number)];
}

export interface ReferenceResult {
  /** a_t for every step that has an output, batch-major rows [rows][out] per step. */
  outputs: number[][][];
  loss: number;
  grads: NestedParameters;
}

/**
 * x: [T] of [rows][input] (one matrix per step); y: one [rows][out] per output step.
 */
export function referenceRnn(spec: RnnSpec, p: NestedParameters, x: number[][][], y: number[][][]): ReferenceResult {
  const T = spec.timesteps;
  const U = matrix(p.U), W = matrix(p.W), V = matrix(p.V);
  const hasOutput = (t: number) => spec.outputMode === 'each' || t === T - 1;
  const yAt = (t: number) => matrix(spec.outputMode === 'each' ? y[t] : y[0]);
  const s: M[] = [], a: M[] = [];
  let totalLoss = 0;
  for (let t = 0; t < T; t++) {
    // h_t = x_t·U + s_{t-1}·W + b_u  (no s_{t-1}·W at t = 1)
    let h = multiply(matrix(x[t]), U) as M;
    if (t > 0) h = add(h, multiply(s[t - 1], W)) as M;
    if (spec.bias) h = addRowVector(h, p.bu!);
    s[t] = map(h, (v: number) => Math.tanh(v)) as M;
    if (hasOutput(t)) {
      // z_t = s_t·V + b_v, a_t = C(z_t)
      let z = multiply(s[t], V) as M;
      if (spec.bias) z = addRowVector(z, p.bv!);
      a[t] = activate(spec.netType, z);
      totalLoss += loss(spec.netType, a[t], yAt(t));
    }
  }
  const H = spec.hiddenSize;
  let dU = zeros(spec.inputSize, H) as M, dW = zeros(H, H) as M, dV = zeros(H, spec.outputSize) as M;
  let dbu = zeros(1, H) as M, dbv = zeros(1, spec.outputSize) as M;
  let dhNext: M | null = null;
  for (let t = T - 1; t >= 0; t--) {
    const rows = s[t].size()[0];
    let g = zeros(rows, H) as M;
    if (hasOutput(t)) {
      const dz = subtract(a[t], yAt(t)) as M;                    // dz = a − y for all three heads
      dV = add(dV, multiply(transpose(s[t]), dz)) as M;          // dV += s_tᵀ·dz_t
      dbv = add(dbv, matrix(columnSums(dz))) as M;               // db_v += Σ dz_t
      g = add(g, multiply(dz, transpose(V))) as M;               // dz_t·Vᵀ
    }
    if (dhNext !== null) g = add(g, multiply(dhNext, transpose(W))) as M;   // + dh_{t+1}·Wᵀ
    const dh = dotMultiply(g, map(s[t], (v: number) => 1 - v * v)) as M;    // ⊙ (1 − s_t²)
    dU = add(dU, multiply(transpose(matrix(x[t])), dh)) as M;    // dU += x_tᵀ·dh_t
    dbu = add(dbu, matrix(columnSums(dh))) as M;                 // db_u += Σ dh_t
    if (t > 0) dW = add(dW, multiply(transpose(s[t - 1]), dh)) as M;   // dW += s_{t-1}ᵀ·dh_t
    dhNext = dh;
  }
  const grads: NestedParameters = {
    U: dU.toArray() as number[][], W: dW.toArray() as number[][], V: dV.toArray() as number[][],
  };
  if (spec.bias) { grads.bu = dbu.toArray() as number[][]; grads.bv = dbv.toArray() as number[][]; }
  void exp;
  return { outputs: a.filter((m) => m !== undefined).map((m) => m.toArray() as number[][]), loss: totalLoss, grads };
}
