/**
 * The products (and tanh) one 32-row block runs per training step, timed straight on one back end's
 * kernels (native or wasm) in float64 and in float32: what the kernels reach before any model code (the
 * training rows show what is left of it end to end). One thread; GFLOP/s counts the products as
 * flopsPerSample does.
 */
import { createKernels, type FloatType, type KernelName } from '../src/tensor/kernels.js';
import { Wasm } from '../src/tensor/wasm/api.js';
import { flopsPerSample, T, type TrainCase } from './cases.js';

const RC = 32;

/** Best GFLOP/s over `rounds` timed rounds of `steps` block steps each, after a warm-up round. */
export function productsGflops(c: TrainCase, dtype: FloatType, kernels: KernelName = 'wasm', steps = 20, rounds = 5): number {
  const { inputSize: n, hiddenSize: h, outputSize: o } = c;
  const outRows = (c.outputMode === 'each' ? T : 1) * RC;
  // Element offsets of x, W-ish operands, s, dh, a, dz and the gradient, each with room to spare.
  const sizes = [T * RC * n, n * h + h * h + h * o + o * h + h * h, T * RC * h, T * RC * h, outRows * o, outRows * o, n * h + 2 * h * h + h * o];
  const at: number[] = [];
  let end = 0;
  for (const s of sizes) { at.push(end); end += s + 4 - (s % 4); }
  const [X, P, S, DH, A, DZ, G] = at;
  const U = P, W = P + n * h, V = W + h * h, VT = V + h * o, WT = VT + o * h;
  const bytes = dtype === 'float32' ? 4 : 8;
  const pages = Math.ceil((end * bytes) / 65536) + 1;
  const memory = new Wasm.Memory({ initial: pages, maximum: pages, shared: true });
  const mem = dtype === 'float32' ? new Float32Array(memory.buffer) : new Float64Array(memory.buffer);
  // Values of the size a trained net's have (weights ~1/√h), so nothing overflows or goes subnormal.
  for (let i = 0; i < end; i++) mem[i] = Math.sin(i) / Math.sqrt(h);
  const k = createKernels(kernels, memory, [n, h, o], dtype);
  const step = () => {
    k.mm(X, U, S, T * RC, n, h, true);
    for (let t = 1; t < T; t++) k.mm(S + (t - 1) * RC * h, W, S + t * RC * h, RC, h, h, true);
    k.tanh(S, T * RC * h);
    k.mm(S + (T - 1) * RC * h - (outRows - RC) * h, V, A, outRows, h, o, true);
    k.mmTA(S, DZ, G + n * h + h * h, outRows, h, o);
    k.mm(DZ, VT, DH + (T - 1) * RC * h - (outRows - RC) * h, outRows, o, h, false);
    for (let t = T - 2; t >= 0; t--) k.mm(DH + (t + 1) * RC * h, WT, DH + t * RC * h, RC, h, h, c.outputMode === 'each');
    k.mmTA(X, DH, G, T * RC, n, h);
    k.mmTA(S, DH + RC * h, G + n * h, (T - 1) * RC, h, h);
    // Keep the values bounded from step to step (the products grow them).
    k.tanh(DH, T * RC * h);
  };
  step();
  let best = 0;
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    for (let i = 0; i < steps; i++) step();
    best = Math.max(best, (steps * RC * flopsPerSample(c)) / ((performance.now() - t0) / 1000) / 1e9);
  }
  return best;
}
