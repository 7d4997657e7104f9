/**
 * The native kernels' ceiling, measured as bench/simd-peak.ts measures WebAssembly's: the addon's
 * multiply-add loop (native/src/isa.cc: 16 independent vector accumulators, acc = acc + x·y, x from an
 * L1-resident window, a separate multiply and add, no fusing) at the CPU's highest level, on one thread
 * and on n threads at once (worker threads started together by a barrier each round; the slowest
 * thread's time counts).
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { loadNative, type NativeAddon, type NativeIsa } from '../src/tensor/native/addon.js';
import type { FloatType } from '../src/tensor/float-array.js';

function addon(): NativeAddon {
  const a = loadNative();
  if ('why' in a) throw new Error(a.why);
  return a;
}

/** The highest level this CPU runs. */
export function topIsa(): NativeIsa {
  const isas = addon().isas();
  return isas[isas.length - 1];
}

/** Seconds of each of `rounds` runs of `iterations`, after a warm-up; and the multiply-adds per run. */
function timeRounds(isa: NativeIsa, dtype: FloatType, iterations: number, rounds: number, beforeEach = () => {}): { seconds: number[]; multiplyAdds: number } {
  const a = addon();
  a.peak(isa, dtype, iterations / 10);
  const seconds: number[] = [];
  let multiplyAdds = 0;
  for (let r = 0; r < rounds; r++) {
    beforeEach();
    const t0 = performance.now();
    multiplyAdds = a.peak(isa, dtype, iterations).multiplyAdds;
    seconds.push((performance.now() - t0) / 1000);
  }
  return { seconds, multiplyAdds };
}

interface PeakWorker { nativePeakWorker: true; isa: NativeIsa; dtype: FloatType; iterations: number; rounds: number; threads: number; barrier: SharedArrayBuffer }

/** Best GFLOP/s (2 per multiply-add) of the loop on `threads` threads at once. */
export async function nativePeak(dtype: FloatType, threads = 1, isa = topIsa(), iterations = 20_000_000, rounds = 7): Promise<number> {
  if (threads === 1) {
    const { seconds, multiplyAdds } = timeRounds(isa, dtype, iterations, rounds);
    return (2 * multiplyAdds) / Math.min(...seconds) / 1e9;
  }
  const barrier = new SharedArrayBuffer(4 * (rounds + 1));
  const setup: PeakWorker = { nativePeakWorker: true, isa, dtype, iterations, rounds, threads, barrier };
  const runs = await Promise.all(Array.from({ length: threads }, () => new Promise<{ seconds: number[]; multiplyAdds: number }>((resolve, reject) => {
    const w = new Worker(new URL(import.meta.url), { workerData: setup });
    w.once('message', resolve);
    w.once('error', reject);
  })));
  let best = 0;
  for (let r = 0; r < rounds; r++) {
    const slowest = Math.max(...runs.map((s) => s.seconds[r]));
    best = Math.max(best, (threads * 2 * runs[0].multiplyAdds) / slowest / 1e9);
  }
  return best;
}

/** A worker of nativePeak: each round waits for every thread at the barrier, then runs and times the loop. */
function runPeakWorker(w: PeakWorker): void {
  const count = new Int32Array(w.barrier);
  let round = 0;
  const result = timeRounds(w.isa, w.dtype, w.iterations, w.rounds, () => {
    Atomics.add(count, round, 1);
    while (Atomics.load(count, round) < w.threads) { /* spin: the other threads are about to arrive */ }
    round++;
  });
  parentPort!.postMessage(result);
}

if (!isMainThread && (workerData as PeakWorker | undefined)?.nativePeakWorker) runPeakWorker(workerData as PeakWorker);
