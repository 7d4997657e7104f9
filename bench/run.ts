/**
 * npm run bench [-- --quick] [--peers FILE.jsonl[,FILE32.jsonl]] [--threads 1,2] [--only LABEL[,LABEL…]]
 *
 * Training throughput (samples/s through forward + backward + SGD update, shuffled minibatches of 64,
 * median of the timed epochs after a warm-up) and peak RSS for the issue's shapes, each case in its
 * own child process; plus the PM2.5 load and preparation time. Prints a table and writes
 * bench/results/<date>.json (<date>-quick.json, <date>-only-<label>.json for partial runs). Never asserts on time. --peers adds the PyTorch figures of
 * bench/peers.sh (measured separately: the project does not depend on torch); float32 rows compare
 * with the peers' float32 lines (DTYPE=float32 bench/peers.sh), so give both files.
 */
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BATCH, benchCases, DEFAULT_THREADS, SAMPLES, T, type CaseResult } from './cases.js';
import { durationLines } from './durations.js';
import { asPeerResult, bestPeers, rows, table, type PeerResult } from './report.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');
const USAGE = `npm run bench [-- options]
  --quick          fewer samples and epochs; writes no file unless --out is given
  --threads LIST   thread counts to measure, e.g. 1,2 (default 1,2)
  --only LABELS    these cases (and the SIMD peak), e.g. "8/32/6,8/32/6 float32"
  --peers FILES    PyTorch figures from bench/peers.sh (JSON lines), e.g. float64.jsonl,float32.jsonl
  --kernels LIST   run each training case on these back ends in turn, e.g. native,wasm (default: the
                   machine's, RNNFLOW_KERNELS or native where built); the rows say which ran
  --out FILE       where the results go (default bench/results/<date>[-quick][-only-<label>].json)
  -h, --help       this text`;
let args: ReturnType<typeof parseBenchArgs>;
function parseBenchArgs() {
  return parseArgs({
    options: {
      quick: { type: 'boolean' }, threads: { type: 'string' }, only: { type: 'string' }, peers: { type: 'string' }, kernels: { type: 'string' },
      out: { type: 'string' }, help: { type: 'boolean', short: 'h' },
    },
    strict: true, allowPositionals: false,
  }).values;
}
try {
  args = parseBenchArgs();
} catch (e) {
  console.error(`bench: ${(e as Error).message}\n\n${USAGE}`);
  process.exit(2);
}
if (args.help) {
  // Measured, not guessed: each section's last recorded wall time, and the ones never measured named.
  console.log(`${USAGE}\n\nHow long it takes, as last measured (time scales with the machine and its load):\n${durationLines(path.join(repo, 'bench', 'results')).join('\n')}`);
  process.exit(0);
}
const quick = args.quick ?? false;
const threads = args.threads?.split(',').map(Number) ?? DEFAULT_THREADS;
if (threads.some((n) => !Number.isInteger(n) || n < 1)) {
  console.error(`bench: --threads ${args.threads}: expected whole numbers ≥ 1, e.g. 1,2`);
  process.exit(2);
}
const only = args.only?.split(',');
const kernelsList = args.kernels?.split(',');
if (kernelsList?.some((k) => !['native', 'wasm', 'js'].includes(k))) {
  console.error(`bench: --kernels ${args.kernels}: expected native, wasm or js, e.g. native,wasm`);
  process.exit(2);
}
const peersFile = args.peers;

const peers: PeerResult[] = (peersFile?.split(',') ?? [])
  .flatMap((f) => readFileSync(f, 'utf8').split('\n').filter((l) => l.trim()).map((l) => asPeerResult(JSON.parse(l) as PeerResult)));

// Other processes on the machine skew every figure (a 2-core box with a load of 4 halves them):
// the load average before and after goes into the results, beside the figures it qualifies.
const loadBefore = os.loadavg();
const results: CaseResult[] = [];
const t0 = performance.now();
// --only keeps the SIMD peak too: the GFLOP/s column is a fraction of it.
// --kernels: each training case once per back end, one after the other (an A/B pair in the same minutes).
const cases = benchCases(threads).filter((c) => !only || only.includes(c.label) || c.kind === 'simd-peak')
  .flatMap((c) => (c.kind === 'train' && kernelsList ? kernelsList.map((kernels) => ({ ...c, kernels })) : [c]))
  .filter((c) => c.kind !== 'products' || !kernelsList || kernelsList.includes(c.kernels));
if (cases.length === 1) {
  console.error(`bench: no case is labelled "${only?.join('", "')}"; labels: ${[...new Set(benchCases(threads).map((c) => c.label))].join(', ')}`);
  process.exit(2);
}
for (const c of cases) {
  const started = performance.now();
  const env = c.kind === 'train' && c.kernels ? { ...process.env, RNNFLOW_KERNELS: c.kernels } : process.env;
  const child = spawnSync(process.execPath, [path.join(here, 'case.js'), JSON.stringify(c), ...(quick ? ['--quick'] : [])],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], env });
  if (child.status !== 0) throw new Error(`bench case ${c.label} exited with ${child.status}`);
  const r = JSON.parse(child.stdout.trim().split('\n').pop()!) as CaseResult;
  // The child's whole life (start, warm-up, timed part): what --help sums per section.
  r.wallSeconds = (performance.now() - started) / 1000;
  results.push(r);
  const what = r.samplesPerSecond ? `${Math.round(r.samplesPerSecond)} samples/s (${r.kernels})`
    : r.peakGflops ? `f64x2 ${r.peakGflops.f64.toFixed(1)}, f32x4 ${r.peakGflops.f32.toFixed(1)} GFLOP/s${Object.entries(r.peakGflopsThreads ?? {}).map(([n, g]) => `; ${n} threads: ${g.f64.toFixed(1)}, ${g.f32.toFixed(1)}`).join('')}${
      r.nativePeakGflops ? `; native ${r.nativePeakGflops.isa}${Object.entries(r.nativePeakGflops.threads).map(([n, g]) => ` ${n} thr: ${g.f64.toFixed(1)}, ${g.f32.toFixed(1)}`).join(';')}` : ''}`
    : r.productsGflops ? `float64 ${r.productsGflops.float64.toFixed(1)}, float32 ${r.productsGflops.float32.toFixed(1)} GFLOP/s (${r.kernels})`
    : r.streamLatency ? `${r.streamLatency.medianUs.toFixed(1)} µs/step median, ${r.streamLatency.p99Us.toFixed(1)} p99 (net ${r.streamLatency.netMedianUs.toFixed(1)})`
    : r.serve ? r.serve.serve.map((s, i) => `${s.clients} client(s): serve ${Math.round(s.requestsPerSecond)}/s p99 ${s.p99Ms} ms, onnx ${Math.round(r.serve!.onnx[i].requestsPerSecond)}/s`).join('; ')
    : r.csvMemory ? `${r.csvMemory.timesFile.toFixed(2)}× the ${r.csvMemory.fileMiB.toFixed(0)} MiB file at peak`
    : r.predictMemory ? `${r.predictMemory.timesFile.toFixed(2)}× the ${r.predictMemory.fileMiB.toFixed(0)} MiB input at peak`
    : r.skipped ?? `${r.seconds?.toFixed(3)} s`;
  process.stderr.write(`  ${c.label}${c.kind === 'train' ? ` threads=${c.threads}` : ''}: ${what}\n`);
}
const seconds = (performance.now() - t0) / 1000;

const machine = {
  cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, node: process.version, platform: `${os.platform()} ${os.arch()}`,
  loadAverage1m: { before: loadBefore[0], after: os.loadavg()[0] },
};
const table_ = rows(results, bestPeers(peers));
console.log(`rnnflow bench: T=${T}, batch ${BATCH}, ${SAMPLES} samples, multiclass, last-step unless "each", SGD, float64 unless "float32" (the "kernels only" rows: both)`);
console.log(`${machine.cpu}, ${machine.cores} cores, Node ${machine.node}${quick ? ', --quick' : ''}; ${seconds.toFixed(0)} s; ` +
  `load average ${machine.loadAverage1m.before.toFixed(1)} → ${machine.loadAverage1m.after.toFixed(1)}\n`);
console.log(table(table_));

const date = new Date().toISOString().slice(0, 10);
// A quick run is a smoke test: it writes nothing into the repo unless asked (--out).
if (quick && !args.out) {
  console.log('\n(--quick: no results file written; add --out FILE to keep one)');
  process.exit(0);
}
const outDir = path.join(repo, 'bench', 'results');
// A partial or quick run never overwrites the day's full record.
const out = args.out ? path.resolve(args.out) : path.join(outDir, `${date}${quick ? '-quick' : ''}${only ? `-only-${only.join(',').replace(/[^\w.-]+/g, '_')}` : ''}.json`);
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify({
  date: new Date().toISOString(), machine, quick, seconds,
  settings: { timesteps: T, batch: BATCH, samples: SAMPLES, netType: 'multiclass', optimizer: 'sgd', dtype: 'float64; float32 where the label says' },
  results, peers: peersFile ? { file: peersFile.split(',').map((f) => path.basename(f)).join(','), best: Object.fromEntries(bestPeers(peers)) } : undefined,
  table: table_,
}, null, 2) + '\n');
console.log(`\nwrote ${path.relative(process.cwd(), out)}`);
