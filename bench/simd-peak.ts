/**
 * This machine's ceiling for WebAssembly SIMD multiply-add, the yardstick for the kernels' GFLOP/s:
 * a generated loop of f64x2 (or f32x4) multiply + add on CHAINS independent accumulators, so
 * neither the add's latency nor memory limits it, only the FP pipes and the front end.
 *
 *   per iteration:  acc_c = acc_c + x_c · y  (c < CHAINS),  x_c loaded from memory
 *
 * x_c is loaded as a gemm's operand is (so the 16 xmm registers hold the CHAINS accumulators), from
 * a pointer walking a 4 KiB window: L1-resident, and different every iteration, so no product is
 * loop-invariant. Not unrolled: V8 schedules all loads of a basic block first, and an unrolled body
 * then spills (measured: a third slower). Nothing else uses the FP pipes (an extra add per iteration
 * measured 12 % lower: the two add pipes are the limit).
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { buildModule, I32, op, V128 } from '../src/tensor/wasm/emit.js';
import { Wasm } from '../src/tensor/wasm/api.js';

/** Independent accumulator chains: ≥ 6 hides the 3-cycle add latency on 2 add pipes with room to spare. */
export const CHAINS = 8;
const N = 0, PTR = 1, ACC = 2, Y = ACC + CHAINS;
const WINDOW = 4096;
const simd = (code: number) => [0xfd, ...(code < 128 ? [code] : [(code & 0x7f) | 0x80, code >> 7])];
const LANES = {
  f64: { lanes: 2, splat: (v: number) => [...op.f64(v), ...op.f64x2Splat()], add: () => simd(0xf0), mul: () => simd(0xf2) },
  f32: { lanes: 4, splat: (v: number) => [0x43, ...new Uint8Array(new Float32Array([v]).buffer), ...simd(0x13)], add: () => simd(0xe4), mul: () => simd(0xe6) },
};
export type PeakType = keyof typeof LANES;

function peakModule(type: PeakType): Uint8Array {
  const t = LANES[type];
  const body: number[][] = [];
  for (let c = 0; c < CHAINS; c++) body.push(t.splat(0), op.set(ACC + c));
  for (let at = 0; at < WINDOW + 16 * CHAINS; at += 16) body.push(op.i32(at), t.splat(1e-3 * (1 + ((at >> 4) % 7))), op.v128Store());
  body.push(t.splat(0.999), op.set(Y));
  body.push(op.loop());
  for (let c = 0; c < CHAINS; c++) body.push(op.get(ACC + c), op.get(PTR), op.v128Load(16 * c), op.get(Y), t.mul(), t.add(), op.set(ACC + c));
  body.push(op.get(PTR), op.i32(16), op.i32Add(), op.i32(WINDOW - 1), [0x71] /* i32.and */, op.set(PTR));
  body.push(op.get(N), op.i32(1), op.i32Sub(), op.tee(N), op.brIf(0), op.end());
  // The sum is stored so the accumulators are live (memory[0..WINDOW + 16·CHAINS) is scratch).
  body.push(op.i32(0));
  for (let c = 0; c < CHAINS; c++) body.push(op.get(ACC + c), ...(c > 0 ? [t.add()] : []));
  body.push(op.v128Store());
  return buildModule([{ name: 'peak', params: [I32], locals: [I32, ...Array(CHAINS + 1).fill(V128)], body: body.flat() }]);
}

function peakLoop(type: PeakType): (n: number) => void {
  const memory = new Wasm.Memory({ initial: 1, maximum: 1, shared: true });
  return new Wasm.Instance(new Wasm.Module(peakModule(type)), { env: { memory } }).exports.peak as (n: number) => void;
}

const flopsPerIteration = (type: PeakType) => CHAINS * 2 * LANES[type].lanes;

/** Best GFLOP/s of `rounds` timed runs of `iterations` loop iterations, after a warm-up run. */
export function simdPeak(type: PeakType, iterations = 20_000_000, rounds = 7): number {
  const peak = peakLoop(type);
  peak(iterations / 10);
  let best = 0;
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    peak(iterations);
    const s = (performance.now() - t0) / 1000;
    best = Math.max(best, (iterations * flopsPerIteration(type)) / s / 1e9);
  }
  return best;
}

/** What each thread of simdPeakThreads runs. */
interface PeakWorker { simdPeakWorker: true; type: PeakType; iterations: number; rounds: number; threads: number; barrier: SharedArrayBuffer }

/**
 * The same loop on `threads` threads at once (worker threads, started together by a barrier before
 * every round): the machine's ceiling for that many threads, which is what a 2-thread training row
 * is held to. Each round counts all threads' work over the slowest thread's time; the best round wins.
 * (On 2 vCPUs that are hyperthreads of one core this would be ~1× the one-thread figure, not 2×.)
 */
export async function simdPeakThreads(type: PeakType, threads: number, iterations = 20_000_000, rounds = 7): Promise<number> {
  if (threads === 1) return simdPeak(type, iterations, rounds);
  const barrier = new SharedArrayBuffer(4 * (rounds + 1));
  const setup: PeakWorker = { simdPeakWorker: true, type, iterations, rounds, threads, barrier };
  const seconds = await Promise.all(Array.from({ length: threads }, () => new Promise<number[]>((resolve, reject) => {
    const w = new Worker(new URL(import.meta.url), { workerData: setup });
    w.once('message', resolve);
    w.once('error', reject);
  })));
  let best = 0;
  for (let r = 0; r < rounds; r++) {
    const slowest = Math.max(...seconds.map((s) => s[r]));
    best = Math.max(best, (threads * iterations * flopsPerIteration(type)) / slowest / 1e9);
  }
  return best;
}

/** A worker of simdPeakThreads: warms up, then per round waits for all threads, runs the loop, times it. */
function runPeakWorker(w: PeakWorker): void {
  const peak = peakLoop(w.type), count = new Int32Array(w.barrier);
  peak(w.iterations / 10);
  const seconds: number[] = [];
  for (let r = 0; r <= w.rounds; r++) {
    // Round r starts once every thread has arrived at slot r (slot `rounds`: the end, so none leaves early).
    Atomics.add(count, r, 1);
    while (Atomics.load(count, r) < w.threads) { /* spin: the other threads are about to arrive */ }
    if (r === w.rounds) break;
    const t0 = performance.now();
    peak(w.iterations);
    seconds.push((performance.now() - t0) / 1000);
  }
  parentPort!.postMessage(seconds);
}

if (!isMainThread && (workerData as PeakWorker | undefined)?.simdPeakWorker) runPeakWorker(workerData as PeakWorker);
