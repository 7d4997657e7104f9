/**
 * Child-process entry of the bench: runs one case (argv[2] is its JSON) and prints one CaseResult
 * line. A process per case keeps each peak RSS and each JIT warm-up its own.
 */
import { createBatchTrainer } from '../src/train/batch-trainer.js';
import { initParameters } from '../src/model/init.js';
import { Sgd } from '../src/model/optimizer.js';
import { Rnn } from '../src/model/rnn.js';
import { Random } from '../src/core/random.js';
import type { RnnSpec } from '../src/model/spec.js';
import { BATCH, ETA, SAMPLES, SEED, T, type BenchCase, type CaseResult, type LoadCase, type PeakCase, type ProductsCase, type TrainCase } from './cases.js';
import { loadPm25 } from './pm25.js';
import { csvMemory } from './csv-memory.js';
import { predictMemory } from './predict-memory.js';
import { simdPeak, simdPeakThreads } from './simd-peak.js';
import { nativePeak, topIsa } from './native-peak.js';
import { kernelsLabel, nativeStatus } from '../src/tensor/backend.js';
import { productsGflops } from './products.js';
import { teacherData } from './synthetic.js';
import { trainNames } from './names.js';
import { streamLatency } from './stream.js';
import { benchServe } from './serve.js';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Warm-up seconds; timed epochs: at least min, at most max, stopping once past `seconds`. */
interface Budget { warmup: number; min: number; max: number; seconds: number }

const peakRssMiB = () => process.resourceUsage().maxRSS / 1024;

/**
 * Like the peers: warm-up, then timed epochs (shuffle + every minibatch, last one smaller). Small
 * nets run an epoch in ~10 ms, so both phases are bounded by time too: the warm-up lasts until the
 * JIT has settled, and the median is taken over as many epochs as fit in the budget.
 */
async function runTrain(c: TrainCase, epochs: Budget): Promise<CaseResult> {
  const spec: RnnSpec = {
    netType: 'multiclass', outputMode: c.outputMode, timesteps: T, bias: true,
    inputSize: c.inputSize, hiddenSize: c.hiddenSize, outputSize: c.outputSize, cell: c.cell ?? 'elman', dtype: c.dtype ?? 'float64',
  };
  const data = teacherData({ ...spec, hiddenSize: c.hiddenSize }, SAMPLES, SEED);
  const net = new Rnn(spec, { batchCapacity: BATCH });
  initParameters(net.params, 'xavier', new Random(SEED, 'init'));
  const trainer = createBatchTrainer(net, new Sgd(), { threads: c.threads });
  const ySteps = c.outputMode === 'each' ? T : 1;
  const x = new Float64Array(T * BATCH * c.inputSize);
  const y = new Float64Array(ySteps * BATCH * c.outputSize);
  const order = Uint32Array.from({ length: data.size }, (_, i) => i);
  const shuffle = new Random(SEED, 'shuffle');
  const rates: number[] = [], cpuRates: number[] = [], losses: number[] = [];
  let start = performance.now(), warm = true;
  for (let epoch = 0; rates.length < epochs.max; epoch++) {
    const t0 = performance.now(), cpu0 = process.cpuUsage();
    shuffle.shuffle(order);
    let loss = 0;
    for (let from = 0; from < data.size; from += BATCH) {
      const rows = Math.min(BATCH, data.size - from);
      data.gather(order, from, rows, x, y);
      loss += trainer.step(x, y, rows, ETA);
    }
    const dt = (performance.now() - t0) / 1000, cpu = process.cpuUsage(cpu0);
    losses.push(loss / data.size);
    if (warm) { // JIT tiers, worker start, first allocations
      warm = epoch < 1 || (performance.now() - start) / 1000 < epochs.warmup;
      if (!warm) start = performance.now();
      continue;
    }
    rates.push(data.size / dt);
    cpuRates.push(data.size / ((cpu.user + cpu.system) / 1e6));
    if (rates.length >= epochs.min && (performance.now() - start) / 1000 > epochs.seconds) break;
  }
  await trainer.close();
  return {
    case: c, kernels: kernelsLabel(net.kernels), samplesPerSecond: median(rates), epochRates: rates.map((r) => Math.round(r)),
    cpuSamplesPerSecond: median(cpuRates),
    lossFirst: losses[0], lossLast: losses[losses.length - 1], peakRssMiB: peakRssMiB(),
  };
}

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b), mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function runPeak(c: PeakCase): Promise<CaseResult> {
  const peakGflops = { f64: simdPeak('f64'), f32: simdPeak('f32') };
  const peakGflopsThreads: Record<string, { f64: number; f32: number }> = {};
  for (const n of c.threads.filter((n) => n > 1)) peakGflopsThreads[n] = { f64: await simdPeakThreads('f64', n), f32: await simdPeakThreads('f32', n) };
  let nativePeakGflops: CaseResult['nativePeakGflops'];
  if (nativeStatus().ok) {
    nativePeakGflops = { isa: topIsa(), threads: {} };
    for (const n of c.threads) nativePeakGflops.threads[n] = { f64: await nativePeak('float64', n), f32: await nativePeak('float32', n) };
  }
  return { case: c, peakGflops, peakGflopsThreads, nativePeakGflops, peakRssMiB: peakRssMiB() };
}

function runProducts(c: ProductsCase): CaseResult {
  if (c.kernels === 'native' && !nativeStatus().ok) return { case: c, skipped: `native kernels not built: ${(nativeStatus() as { why: string }).why}`, peakRssMiB: peakRssMiB() };
  const productsGflops_ = { float64: productsGflops(c.shape, 'float64', c.kernels), float32: productsGflops(c.shape, 'float32', c.kernels) };
  return { case: c, kernels: kernelsLabel(c.kernels), productsGflops: productsGflops_, peakRssMiB: peakRssMiB() };
}

async function runLoad(c: LoadCase): Promise<CaseResult> {
  const r = await loadPm25(T);
  if ('skipped' in r) return { case: c, skipped: r.skipped, peakRssMiB: peakRssMiB() };
  return { case: c, seconds: r.seconds, peakRssMiB: peakRssMiB() };
}

const c = JSON.parse(process.argv[2]) as BenchCase;
const quick = process.argv.includes('--quick');
const epochs: Budget = quick ? { warmup: 0.3, min: 3, max: 100, seconds: 1 } : { warmup: 1, min: 5, max: 400, seconds: 4 };
const result = c.kind === 'train' ? await runTrain(c, epochs)
  : c.kind === 'simd-peak' ? await runPeak(c)
  : c.kind === 'load-csv' ? { case: c, csvMemory: csvMemory(quick ? 16 : 64, c.gzip), peakRssMiB: peakRssMiB() }
  : c.kind === 'predict-memory' ? { case: c, predictMemory: await predictMemory(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..'), quick ? 16 : 200), peakRssMiB: peakRssMiB() }
  : c.kind === 'names' ? { case: c, ...await trainNames(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..'), c.dtype, c.threads, epochs), peakRssMiB: peakRssMiB() }
  : c.kind === 'stream' ? { case: c, streamLatency: streamLatency(c.model, quick), peakRssMiB: peakRssMiB() }
  : c.kind === 'serve' ? { case: c, serve: await benchServe(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..'), quick ? 1 : 2), peakRssMiB: peakRssMiB() }
  : c.kind === 'products' ? runProducts(c)
  : await runLoad(c);
process.stdout.write(JSON.stringify(result) + '\n');
