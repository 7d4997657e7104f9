/** What the bench measures: one row per case, each run in a fresh child process (own RSS peak). */
import type { CellType } from '../src/model/spec.js';
import type { FloatType } from '../src/tensor/float-array.js';

export interface TrainCase {
  kind: 'train';
  /** The back end to force (RNNFLOW_KERNELS in the case's process); default the machine's. */
  kernels?: string;
  /** e.g. "8/32/6", "8/32/6 each", "lstm 8/32/6" or "8/32/6 float32" */ label: string;
  inputSize: number; hiddenSize: number; outputSize: number; outputMode: 'last' | 'each';
  /** The recurrent cell (absent: elman). */
  cell?: CellType;
  /** train.dtype (absent: float64). */
  dtype?: FloatType;
  threads: number;
}
export interface LoadCase { kind: 'load-pm25'; label: string }
/** A large CSV streamed in (bench/csv-memory.ts): peak memory as a multiple of the file; 64 MB (16 with --quick). */
export interface CsvLoadCase { kind: 'load-csv'; label: string; gzip?: boolean }
/** predict --input on a large PM2.5 input (bench/predict-memory.ts): peak memory as a multiple of the input; 200 MB (16 with --quick). */
export interface PredictMemoryCase { kind: 'predict-memory'; label: string }
/** This machine's WebAssembly SIMD multiply-add ceiling (bench/simd-peak.ts): one thread, and every other thread count measured, all threads at once. */
export interface PeakCase { kind: 'simd-peak'; label: string; threads: number[] }
/** The products of one shape's training step timed straight on one back end's kernels, float64 and float32 (bench/products.ts). */
export interface ProductsCase { kind: 'products'; label: string; shape: TrainCase; kernels: 'native' | 'wasm' }
/** Variable-length training on the surnames (bench/names.ts), beside torch_names.py's packed sequences. */
export interface NamesCase { kind: 'names'; label: string; dtype: FloatType; threads: number }
/** Streaming inference's per-step latency (bench/stream.ts). */
export interface StreamCase { kind: 'stream'; label: string; model: 'pm25-elman' | 'pm25-gru' | 'names-gru' }
/** `rnnflow serve` under autocannon beside onnxruntime-node in-process, 1 and 32 clients (bench/serve.ts). */
export interface ServeCase { kind: 'serve'; label: string }
export type BenchCase = TrainCase | LoadCase | CsvLoadCase | PeakCase | ProductsCase | NamesCase | StreamCase | ServeCase | PredictMemoryCase;

/** The names rows' label: "names gru 29/64/18" (+ " float32"), as the peer lines map to it (report.ts). */
export const namesLabel = (dtype: FloatType) => `names gru 29/64/18${dtype === 'float32' ? ' float32' : ''}`;

/** Fixed by the issue: T=24, batch 64, plain SGD, multiclass, float64 (and float32 rows); the peers' 2048 samples. */
export const T = 24, BATCH = 64, SAMPLES = 2048, ETA = 0.1, SEED = 1;

const SHAPES: [number, number, number, 'last' | 'each'][] = [
  [6, 4, 6, 'last'], [8, 8, 6, 'last'], [8, 32, 6, 'last'], [8, 128, 6, 'last'], [64, 256, 10, 'last'], [8, 32, 6, 'each'],
];

/** Issue 10's LSTM and GRU shapes (last-step, same teacher data as the Elman cases). */
const GATED_SHAPES: [number, number, number][] = [[8, 8, 6], [8, 32, 6], [8, 128, 6]];

/** The thread counts a run measures unless --threads says otherwise. */
export const DEFAULT_THREADS = [1, 2];

export function benchCases(threads: number[]): BenchCase[] {
  const out: BenchCase[] = [];
  for (const [i, h, o, mode] of SHAPES) {
    for (const th of threads) {
      out.push({ kind: 'train', label: `${i}/${h}/${o}${mode === 'each' ? ' each' : ''}`, inputSize: i, hiddenSize: h, outputSize: o, outputMode: mode, threads: th });
    }
  }
  // The same shapes in float32 (train.dtype), against PyTorch's float32 and rnnflow's own float64.
  for (const [i, h, o, mode] of SHAPES) {
    for (const th of threads) {
      out.push({ kind: 'train', label: `${i}/${h}/${o}${mode === 'each' ? ' each' : ''} float32`, inputSize: i, hiddenSize: h, outputSize: o, outputMode: mode, dtype: 'float32', threads: th });
    }
  }
  for (const dtype of ['float64', 'float32'] as const) {
    for (const cell of ['lstm', 'gru'] as const) {
      for (const [i, h, o] of GATED_SHAPES) {
        for (const th of threads) {
          const label = `${cell} ${i}/${h}/${o}${dtype === 'float32' ? ' float32' : ''}`;
          out.push({ kind: 'train', label, inputSize: i, hiddenSize: h, outputSize: o, outputMode: 'last', cell, threads: th, ...(dtype === 'float32' ? { dtype } : {}) });
        }
      }
    }
  }
  for (const [i, h, o, mode] of SHAPES) {
    if (mode !== 'last' || h < 32) continue;
    const shape: TrainCase = { kind: 'train', label: `${i}/${h}/${o}`, inputSize: i, hiddenSize: h, outputSize: o, outputMode: mode, threads: 1 };
    for (const kernels of ['native', 'wasm'] as const) out.push({ kind: 'products', label: `${shape.label} kernels only`, shape, kernels });
  }
  for (const dtype of ['float64', 'float32'] as const) {
    for (const th of threads) out.push({ kind: 'names', label: namesLabel(dtype), dtype, threads: th });
  }
  out.push({ kind: 'stream', label: 'stream pm25 elman 12/16/1 T=24', model: 'pm25-elman' });
  out.push({ kind: 'stream', label: 'stream pm25 gru 12/16/1 T=24', model: 'pm25-gru' });
  out.push({ kind: 'stream', label: 'stream names gru 29/64/18', model: 'names-gru' });
  out.push({ kind: 'load-pm25', label: 'PM2.5 load+prepare (T=24)' });
  out.push({ kind: 'load-csv', label: 'CSV load, memory (streamed)' });
  out.push({ kind: 'load-csv', label: 'CSV load, memory (streamed, .gz)', gzip: true });
  out.push({ kind: 'serve', label: SERVE_LABEL });
  out.push({ kind: 'predict-memory', label: 'predict --input memory (chunked)' });
  out.unshift({ kind: 'simd-peak', label: PEAK_LABEL, threads: [...new Set([1, ...threads])].sort((a, b) => a - b) });
  return out;
}

export const PEAK_LABEL = 'WebAssembly SIMD peak';
export const SERVE_LABEL = 'serve PM2.5 predict';

/**
 * Floating-point operations of one training sample's products (2·m·k·n each; tanh, biases and the
 * loss left out): x·U and dU 2·T·n·h each, the recurrence forward and back and dW 2·(T−1)·h² each,
 * z = s·V, dV and dz·Vᵀ 2·h·o each per output step.
 */
export function flopsPerSample(c: TrainCase): number {
  const { inputSize: n, hiddenSize: h, outputSize: o } = c;
  const outSteps = c.outputMode === 'each' ? T : 1;
  // LSTM and GRU products are gates·h wide (4 and 3 gates); their input gradient dx is not needed in one layer.
  const g = c.cell === 'lstm' ? 4 : c.cell === 'gru' ? 3 : 1;
  return 4 * T * n * g * h + 6 * (T - 1) * h * g * h + 6 * outSteps * h * o;
}

/** Result of one case, as the child prints it (one JSON line). */
export interface CaseResult {
  case: BenchCase;
  /** train: median samples/s over the timed epochs, and each epoch's figure. */
  samplesPerSecond?: number;
  epochRates?: number[];
  /**
   * train: median samples per second of the whole process's CPU time, per epoch. On one thread the
   * steadier figure on a shared machine (other processes take wall time, not this one's CPU time); on
   * more threads it counts every thread's time, the handoff's waiting spin included.
   */
  cpuSamplesPerSecond?: number;
  /** Mean training loss of the first and last epoch: shows the net actually learns. */
  lossFirst?: number;
  lossLast?: number;
  /** load: wall time of loading and preparing the dataset. */
  seconds?: number;
  /** simd-peak: GFLOP/s of the multiply-add loop on one thread, f64x2 and f32x4. */
  peakGflops?: { f64: number; f32: number };
  /** simd-peak: the same loop on n threads at once (all of them together), by n as a string ("2"). */
  peakGflopsThreads?: Record<string, { f64: number; f32: number }>;
  /** simd-peak: the native multiply-add loop (bench/native-peak.ts) at the CPU's highest level, by thread count ("1", "2"); absent without the addon. */
  nativePeakGflops?: { isa: string; threads: Record<string, { f64: number; f32: number }> };
  /** train: the kernels that ran ('native avx512', 'wasm', 'js'). */
  kernels?: string;
  /** products: GFLOP/s of one block's products per step, one thread, by dtype (kernels: which ran). */
  productsGflops?: { float64: number; float32: number };
  /** load-csv: the file, and the peak memory above the process before loading, also as a multiple of the file. */
  csvMemory?: { fileMiB: number; rows: number; aboveBeforeMiB: number; timesFile: number; seconds: number };
  /** stream: per-observation latency through the operator (median, p99) and the net's step alone, µs. */
  streamLatency?: { steps: number; medianUs: number; p99Us: number; netMedianUs: number };
  /** predict-memory: the input, and the peak memory above the process before predicting, also as a multiple of the input. */
  predictMemory?: { fileMiB: number; rows: number; windows: number; aboveBeforeMiB: number; timesFile: number; seconds: number };
  /** Wall time of the case's child process, start to exit (run.ts): what `--help` sums per section. */
  wallSeconds?: number;
  /** Peak resident set size of the child process, MiB. */
  peakRssMiB: number;
  /** names: padded row-steps ÷ all row-steps computed over the epochs run. */
  paddedShare?: number;
  /** serve: requests/s and latency of rnnflow serve and of onnxruntime-node in-process, by client count. */
  serve?: import('./serve.js').ServeBench;
  /** Why the case did not run (e.g. the dataset is not in this build yet). */
  skipped?: string;
}
