/**
 * node dist/bench/ab-table.js OUT_DIR: the table of a bench/ab-torch.sh run (docs/speed.md). Per shape,
 * dtype and pass: rnnflow's samples/s on 1 and 2 threads (wall) and per CPU second on 1 thread, PyTorch's
 * best implementation the same way (bench/torch-cpu.py), the ratios, and the load average of each side.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { CaseResult } from './cases.js';

interface TorchLine { impl: string; dtype: string; threads: number; samples_per_s_median: number; cpu_samples_per_s_median: number; load: number }
interface Side { wall1: number; cpu1: number; wall2: number; best: string; load: string }

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node dist/bench/ab-table.js OUT_DIR (a bench/ab-torch.sh output folder)');
  process.exit(2);
}
const f = (x: number) => Math.round(x).toLocaleString('en-US');
console.log('| shape | pass | rnnflow 1t / 2t (wall), 1t per CPU s | PyTorch best 1t / 2t (wall), 1t per CPU s | 1 thread by CPU | best of 1t, 2t by wall | load: rnnflow, PyTorch |');
console.log('|---|---|---|---|---|---|---|');
for (const file of readdirSync(dir).filter((n) => n.startsWith('rnnflow-') && n.endsWith('.json')).sort()) {
  const tag = file.slice('rnnflow-'.length, -'.json'.length), pass = tag.replace(/.*-p/, '');
  const run = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as { results: CaseResult[]; machine: { loadAverage1m: { before: number; after: number } } };
  const torch = readFileSync(path.join(dir, `torch-${tag}.jsonl`), 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as TorchLine);
  const labels = [...new Set(run.results.filter((r) => r.case.kind === 'train').map((r) => r.case.label))];
  for (const label of labels) {
    const dtype = label.endsWith('float32') ? 'float32' : 'float64';
    const own = (threads: number) => run.results.find((r) => r.case.label === label && r.case.kind === 'train' && r.case.threads === threads)!;
    const ours: Side = {
      wall1: own(1).samplesPerSecond!, cpu1: own(1).cpuSamplesPerSecond!, wall2: own(2).samplesPerSecond!, best: own(1).kernels!,
      load: `${run.machine.loadAverage1m.before.toFixed(1)}–${run.machine.loadAverage1m.after.toFixed(1)}`,
    };
    const lines = torch.filter((t) => t.dtype === dtype);
    const best = (threads: number, key: 'samples_per_s_median' | 'cpu_samples_per_s_median') =>
      lines.filter((t) => t.threads === threads).reduce((a, b) => (b[key] > a[key] ? b : a));
    const theirs: Side = {
      wall1: best(1, 'samples_per_s_median').samples_per_s_median, cpu1: best(1, 'cpu_samples_per_s_median').cpu_samples_per_s_median,
      wall2: best(2, 'samples_per_s_median').samples_per_s_median, best: best(1, 'cpu_samples_per_s_median').impl,
      load: `${Math.min(...lines.map((t) => t.load)).toFixed(1)}–${Math.max(...lines.map((t) => t.load)).toFixed(1)}`,
    };
    const byCpu = ours.cpu1 / theirs.cpu1, byWall = Math.max(ours.wall1, ours.wall2) / Math.max(theirs.wall1, theirs.wall2);
    console.log(`| ${label} | ${pass} | ${f(ours.wall1)} / ${f(ours.wall2)}, ${f(ours.cpu1)} | ${f(theirs.wall1)} / ${f(theirs.wall2)}, ${f(theirs.cpu1)} (${theirs.best}) | ` +
      `${byCpu.toFixed(2)}× | ${byWall.toFixed(2)}× | ${ours.load}, ${theirs.load} |`);
  }
}
