/**
 * `rnnflow serve` under load, beside ONNX Runtime in-process: requests/s and p50/p99 latency at 1 and
 * 32 concurrent clients, for a PM2.5 value run (experiments/pm25-regression.json5, one epoch: the
 * weights do not change the time) forecasting the hour after each window of data/pm25-last-days.csv.
 *
 * serve: the CLI in its own process, autocannon (a pinned devDependency) in this one sending the CSV
 * as POST /predict, each answer the JSON forecasts: HTTP, parsing, preparation, the net and JSON.
 * onnxruntime-node: the run exported as ONNX (float64, the server's arithmetic) run in this process
 * on the same windows, already prepared: the net alone, for as many calls at once as there are clients.
 * The two must agree (the largest difference is in the row) or the row is not written.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { mkdtempSync } from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';
import type { Pm25Data, Pm25Feature } from '../src/config/types.js';
import { loadRun } from '../src/app/predict/run-model.js';
import { parseCsvTable } from '../src/data/csv-table.js';
import { unscaleValue } from '../src/data/normalize.js';
import { preparePm25Rows } from '../src/data/pm25/input.js';

export interface LoadFigures { clients: number; requestsPerSecond: number; p50Ms: number; p99Ms: number; requests: number }
export interface ServeBench { windows: number; serve: LoadFigures[]; onnx: LoadFigures[]; maxDifference: number }

const CLIENTS = [1, 32];

export async function benchServe(repo: string, seconds: number): Promise<ServeBench> {
  const work = mkdtempSync(path.join(tmpdir(), 'rnnflow-bench-serve-'));
  const runDir = path.join(work, 'run'), onnxFile = path.join(work, 'model.onnx');
  const cli = (args: string[]) => {
    const r = spawnSync(process.execPath, [path.join(repo, 'dist', 'src', 'app', 'cli.js'), ...args], { cwd: repo, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
    if (r.status !== 0) throw new Error(`rnnflow ${args.join(' ')}: exit ${r.status}\n${r.stderr}`);
  };
  cli(['exp', 'experiments/pm25-regression.json5', '--set', 'train.maxEpochs=1', '--no-expect', '--out', runDir, '--plain']);
  cli(['export', runDir, '--format', 'onnx', '--dtype', 'float64', '--out', onnxFile]);
  const csv = readFileSync(path.join(repo, 'data', 'pm25-last-days.csv'), 'utf8');

  const server = spawn(process.execPath, [path.join(repo, 'dist', 'src', 'app', 'cli.js'), 'serve', runDir, '--port', '0'], { cwd: repo, stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      server.stdout.on('data', (d: Buffer) => { out += d.toString(); const m = /(http:\/\/\S+\/) /.exec(out); if (m) resolve(m[1]); });
      server.on('close', (code) => reject(new Error(`rnnflow serve exited ${code}`)));
    });
    const request = { method: 'POST' as const, headers: { 'content-type': 'text/csv' }, body: csv };
    const served = await (await fetch(new URL('/predict', url), request)).json() as { rows: { forecasts: { value: number }[] }[] };
    const serve: LoadFigures[] = [];
    for (const clients of CLIENTS) serve.push(await loadServer(new URL('/predict', url).href, request, clients, seconds));
    const { figures: onnx, values } = await loadOnnx(runDir, onnxFile, csv, seconds);
    const want = served.rows.map((r) => r.forecasts[0].value);
    if (want.length !== values.length) throw new Error(`serve gave ${want.length} forecasts, ONNX Runtime ${values.length}`);
    const maxDifference = Math.max(...want.map((v, i) => Math.abs(v - values[i]) / Math.max(1, Math.abs(v))));
    if (!(maxDifference < 1e-9)) throw new Error(`serve and ONNX Runtime disagree by ${maxDifference} (relative): not the same inputs`);
    return { windows: want.length, serve, onnx, maxDifference };
  } finally {
    server.kill('SIGINT');
  }
}

async function loadServer(url: string, request: { method: 'POST'; headers: Record<string, string>; body: string }, clients: number, seconds: number): Promise<LoadFigures> {
  const r = await autocannon({ url, connections: clients, duration: seconds, ...request });
  if (r.non2xx > 0 || r.errors > 0) throw new Error(`autocannon: ${r.non2xx} answers other than 2xx, ${r.errors} errors`);
  return { clients, requestsPerSecond: r.requests.total / seconds, p50Ms: r.latency.p50, p99Ms: r.latency.p99, requests: r.requests.total };
}

/** The windows predict would make of the CSV, as ONNX's x [windows, T, features], and ONNX Runtime timed on them. */
async function loadOnnx(runDir: string, onnxFile: string, csv: string, seconds: number): Promise<{ figures: LoadFigures[]; values: number[] }> {
  const ort = createRequire(import.meta.url)('onnxruntime-node') as typeof import('onnxruntime-node');
  const model = await loadRun(runDir);
  const data = model.experiment.data as Pm25Data;
  const { timesteps: T, inputSize: F } = model.net.spec;
  const prepared = preparePm25Rows(parseCsvTable(csv, 'data/pm25-last-days.csv'), data.features as Pm25Feature[], model.facts.featureScale, T, 0);
  const windows = prepared.rows - prepared.firstWindowEnd;
  const x = new Float64Array(windows * T * F);
  for (let w = 0; w < windows; w++) x.set(prepared.series.subarray((prepared.firstWindowEnd + w - T + 1) * F, (prepared.firstWindowEnd + w + 1) * F), w * T * F);
  const session = await ort.InferenceSession.create(onnxFile);
  const feeds = { x: new ort.Tensor('float64', x, [windows, T, F]) };
  const y = (await session.run(feeds)).y.data as Float64Array;
  const { min, max } = model.facts.labelScale!;
  const values = Array.from(y, (s) => unscaleValue(s, min, max));
  const figures: LoadFigures[] = [];
  for (const clients of CLIENTS) {
    const latencies: number[] = [];
    const end = performance.now() + seconds * 1000;
    const client = async () => {
      while (performance.now() < end) {
        const t0 = performance.now();
        await session.run(feeds);
        latencies.push(performance.now() - t0);
      }
    };
    const t0 = performance.now();
    await Promise.all(Array.from({ length: clients }, client));
    const wall = (performance.now() - t0) / 1000;
    latencies.sort((a, b) => a - b);
    const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
    figures.push({ clients, requestsPerSecond: latencies.length / wall, p50Ms: at(0.5), p99Ms: at(0.99), requests: latencies.length });
  }
  await session.release();
  return { figures, values };
}
