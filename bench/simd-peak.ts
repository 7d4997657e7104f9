/**
 * This machine's ceiling for WebAssembly SIMD multiply-add, the yardstick for the kernels' GFLOP/s:
 * a generated loop of f64x2 (or f32x4) multiply + add on CHAINS independent accumulators, so
 * neither the add's latency nor memory limits it, only the FP pipes and the front end.
 *
 *   per iteration (unrolled UNROLL times):  acc_c = acc_c + x_c · y  (c < CHAINS);  y = y + d
 *
 * x_c is loaded from memory, as a gemm's operand is (and so the 16 xmm registers hold the CHAINS
 * accumulators without spills); y changes every iteration so no compiler can hoist the products
 * out of the loop. Its one add per CHAINS multiply-adds is not counted as a flop (so the peak is,
 * if anything, understated slightly).
 */
import { buildModule, I32, op, V128 } from '../src/tensor/wasm/emit.js';
import { Wasm } from '../src/tensor/wasm/api.js';

/** Independent accumulator chains: ≥ 6 hides the 3-cycle add latency on 2 add pipes with room to spare. */
export const CHAINS = 8;
const UNROLL = 4;
const N = 0, ACC = 1, Y = ACC + CHAINS, D = Y + 1;
const simd = (code: number) => [0xfd, ...(code < 128 ? [code] : [(code & 0x7f) | 0x80, code >> 7])];
const LANES = {
  f64: { lanes: 2, splat: (v: number) => [...op.f64(v), ...op.f64x2Splat()], add: () => simd(0xf0), mul: () => simd(0xf2) },
  f32: { lanes: 4, splat: (v: number) => [0x43, ...new Uint8Array(new Float32Array([v]).buffer), ...simd(0x13)], add: () => simd(0xe4), mul: () => simd(0xe6) },
};
export type PeakType = keyof typeof LANES;

function peakModule(type: PeakType): Uint8Array {
  const t = LANES[type];
  const body: number[][] = [];
  for (let c = 0; c < CHAINS; c++) body.push(t.splat(0), op.set(ACC + c), op.i32(16 * c), t.splat(1e-3 * (c + 1)), op.v128Store());
  body.push(t.splat(1), op.set(Y), t.splat(1e-9), op.set(D));
  body.push(op.loop());
  for (let u = 0; u < UNROLL; u++) {
    for (let c = 0; c < CHAINS; c++) body.push(op.get(ACC + c), op.i32(0), op.v128Load(16 * c), op.get(Y), t.mul(), t.add(), op.set(ACC + c));
    body.push(op.get(Y), op.get(D), t.add(), op.set(Y));
  }
  body.push(op.get(N), op.i32(1), op.i32Sub(), op.tee(N), op.brIf(0), op.end());
  // The sum is stored so the accumulators are live (memory[0..16·CHAINS) is scratch).
  body.push(op.i32(0));
  for (let c = 0; c < CHAINS; c++) body.push(op.get(ACC + c), ...(c > 0 ? [t.add()] : []));
  body.push(op.v128Store());
  return buildModule([{ name: 'peak', params: [I32], locals: Array(CHAINS + 2).fill(V128), body: body.flat() }]);
}

/** Best GFLOP/s of `rounds` timed runs of `iterations` loop iterations, after a warm-up run. */
export function simdPeak(type: PeakType, iterations = 20_000_000, rounds = 7): number {
  const memory = new Wasm.Memory({ initial: 1, maximum: 1, shared: true });
  const peak = new Wasm.Instance(new Wasm.Module(peakModule(type)), { env: { memory } }).exports.peak as (n: number) => void;
  peak(iterations / 10);
  const flopsPerIteration = UNROLL * CHAINS * 2 * LANES[type].lanes;
  let best = 0;
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    peak(iterations);
    const s = (performance.now() - t0) / 1000;
    best = Math.max(best, (iterations * flopsPerIteration) / s / 1e9);
  }
  return best;
}
