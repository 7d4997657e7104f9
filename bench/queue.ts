/**
 * npm run bench:queue [-- --trials 12 --epochs 15 --workers 1,2,3]
 *
 * Sweeps on a Redis queue: trials per minute with 1, 2 and 3 worker processes (each trial on its own
 * worker thread, one trial per worker at a time), beside the same sweep on local worker threads; and
 * the engine's overhead per trial, from the times each trial's queue.json records: enqueue → start
 * on an idle worker, a worker's finish of one trial → its start of the next (fetching the job), and
 * finish → recorded by the coordinator (the answer through Redis, unpacked into the sweep folder).
 * Beside wall time, the CPU time each way spent (this process, plus each worker process from when it
 * was ready to when the sweep ended, read from /proc): on a shared machine wall time measures the
 * neighbours too, CPU time mostly what rnnflow did. Starts its own redis-server (Debian's package).
 * Never asserts on time.
 */
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runSweep } from '../src/app/sweep/index.js';
import { redisExecutor } from '../src/app/queue/redis-executor.js';
import { capture, writeSweep } from '../test/app/sweep/fixtures.js';
import { startRedis } from '../test/helpers/redis.js';
import { startWorker, stopWorker } from '../test/app/queue/helpers.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);
const opt = (name: string) => { const i = argv.indexOf(name); return i >= 0 ? argv[i + 1] : undefined; };
if (argv.includes('--help') || argv.includes('-h')) {
  process.stdout.write(`npm run bench:queue [-- options]: the same sweep on local threads and on 1, 2, 3 queue workers (starts its own redis-server)
  --trials N       trials of a 4-bit subtraction net (default 12)
  --epochs N       epochs per trial (default 15)
  --workers LIST   queue worker counts, e.g. 1,2 (default 1,2,3)
  -h, --help       this text
`);
  process.exit(0);
}
const trials = Number(opt('--trials') ?? 12);
const workerCounts = (opt('--workers') ?? '1,2,3').split(',').map(Number);
const epochs = Number(opt('--epochs') ?? 15);

const base = {
  name: 'bench', seed: 1,
  data: { name: 'minus', bits: 4 },
  model: { netType: 'binary', outputMode: 'each', hiddenSize: 6, bias: false },
  train: { eta: 0.3, maxEpochs: epochs, batchSize: 8 },
  sinks: ['jsonl', 'csv', 'checkpoint', 'summary'],
};
const sweep = { method: 'grid', parameters: { seed: Array.from({ length: trials }, (_, i) => i + 1) } };

interface QueueTimes { worker: string; enqueuedAt: number; startedAt: number; finishedAt: number; recordedAt: number }
const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[Math.floor(s.length / 2)] : NaN; };

/** Wall seconds and this process's CPU seconds (every thread) of one sweep. */
async function timed(run: () => Promise<number>): Promise<{ seconds: number; cpu: number }> {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const code = await run();
  if (code !== 0) throw new Error(`the sweep exited ${code}`);
  const c = process.cpuUsage(c0);
  return { seconds: (performance.now() - t0) / 1000, cpu: (c.user + c.system) / 1e6 };
}

const ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
/** CPU seconds a process (all its threads) has used so far: utime + stime of /proc/<pid>/stat. */
function cpuOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / ticks;
}

interface Row { how: string; seconds: number; perMinute: number; cpuSeconds: number; cpuSecondsPerTrial: number; load1m: number }
const row = (how: string, seconds: number, cpuSeconds: number, load1m: number): Row =>
  ({ how, seconds, perMinute: (trials / seconds) * 60, cpuSeconds, cpuSecondsPerTrial: cpuSeconds / trials, load1m });

const loadBefore = os.loadavg()[0];
const rows: Row[] = [];
for (const parallel of [1, 2]) {
  const file = writeSweep(sweep, base);
  const load = os.loadavg()[0];
  const t = await timed(() => runSweep(file, { parallel, out: capture(), plain: true, signal: new AbortController().signal }));
  rows.push(row(`local worker threads, --parallel ${parallel}`, t.seconds, t.cpu, load));
  process.stderr.write(`  ${rows.at(-1)!.how}: ${t.seconds.toFixed(1)} s, ${t.cpu.toFixed(1)} CPU s\n`);
}

const redis = await startRedis();
const pickup: number[] = [];
const recorded: number[] = [];
const idleStart: number[] = [];
try {
  for (const n of workerCounts) {
    const workers = Array.from({ length: n }, () => startWorker(redis.url));
    await Promise.all(workers.map((w) => w.waitFor(/^worker \S+ \(code/m)));
    const ready = workers.map((w) => cpuOf(w.proc.pid!));
    const file = writeSweep(sweep, base);
    const load = os.loadavg()[0];
    const t = await timed(() => runSweep(file, { executor: redisExecutor({ url: redis.url }), out: capture(), plain: true, signal: new AbortController().signal }));
    const workersCpu = workers.reduce((sum, w, i) => sum + cpuOf(w.proc.pid!) - ready[i], 0);
    await Promise.all(workers.map(stopWorker));
    rows.push(row(`queue, ${n} worker process${n > 1 ? 'es' : ''}`, t.seconds, t.cpu + workersCpu, load));
    process.stderr.write(`  ${rows.at(-1)!.how}: ${t.seconds.toFixed(1)} s, ${(t.cpu + workersCpu).toFixed(1)} CPU s (coordinator ${t.cpu.toFixed(1)})\n`);

    const dir = path.join(file, '..', 'out', 'sweep');
    const sweepDir = path.join(dir, readdirSync(dir)[0], 'trials');
    const times = readdirSync(sweepDir).map((id) => JSON.parse(readFileSync(path.join(sweepDir, id, 'queue.json'), 'utf8')) as QueueTimes);
    for (const t of times) recorded.push(t.recordedAt - t.finishedAt);
    const byWorker = new Map<string, QueueTimes[]>();
    for (const t of times) byWorker.set(t.worker, [...(byWorker.get(t.worker) ?? []), t]);
    for (const list of byWorker.values()) {
      list.sort((a, b) => a.startedAt - b.startedAt);
      idleStart.push(list[0].startedAt - list[0].enqueuedAt);
      for (let i = 1; i < list.length; i++) pickup.push(list[i].startedAt - list[i - 1].finishedAt);
    }
  }
} finally {
  await redis.stop();
}

const result = {
  date: new Date().toISOString(), trials, experiment: base,
  machine: { cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, node: process.version, loadAverage1m: { before: loadBefore, after: os.loadavg()[0] } },
  rows,
  overheadMs: { enqueueToStartOnIdleWorker: median(idleStart), finishToNextStartSameWorker: median(pickup), finishToRecorded: median(recorded) },
};
console.log(`rnnflow bench:queue: ${trials} trials of minus 4-bit, ${base.train.maxEpochs} epochs; ${result.machine.cores} cores, load ${loadBefore.toFixed(1)} → ${result.machine.loadAverage1m.after.toFixed(1)}`);
for (const r of rows) {
  console.log(`  ${r.how.padEnd(36)} ${r.seconds.toFixed(1).padStart(6)} s  ${r.perMinute.toFixed(1).padStart(6)} trials/min  ` +
    `${r.cpuSecondsPerTrial.toFixed(2)} CPU s/trial  (load ${r.load1m.toFixed(1)})`);
}
console.log(`  overhead per trial (median ms): enqueue → start on an idle worker ${result.overheadMs.enqueueToStartOnIdleWorker}, ` +
  `finish → next start on the same worker ${result.overheadMs.finishToNextStartSameWorker}, finish → recorded ${result.overheadMs.finishToRecorded}`);
const out = path.resolve(here, '..', '..', 'bench', 'results');
mkdirSync(out, { recursive: true });
writeFileSync(path.join(out, `${result.date.slice(0, 10)}-queue-${epochs}epochs.json`), JSON.stringify(result, null, 2) + '\n');
