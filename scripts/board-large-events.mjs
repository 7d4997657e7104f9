#!/usr/bin/env node
/**
 * The board over one run with a large events.jsonl (issue 28's 600 MB case), measured once by hand:
 *
 *   node scripts/board-large-events.mjs [megabytes, default 600] [seconds of live stream, default 30]
 *
 * Writes a run folder in a temporary folder (batched `steps` lines, as a long run writes them), starts
 * the board in this process (dist/: `npm run build` first), and prints as JSON: the run page's answer
 * time and size, this process's peak RSS, the CPU it spent on one live stream while the file was quiet
 * and while a line was appended every 250 ms, and the bytes that stream sent. Removes the folder after.
 */
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { clearInterval, setInterval, setTimeout } from 'node:timers';
import { URL } from 'node:url';
import { startBoard } from '../dist/src/app/board/server.js';

const megabytes = Number(process.argv[2] ?? 600);
const liveSeconds = Number(process.argv[3] ?? 30);
const PER_LINE = 200;

function stepsLine(first) {
  const losses = Array.from({ length: PER_LINE }, (_, k) => Number((1 / (1 + (first + k) / 1e6) + 0.01 * Math.sin(first + k)).toPrecision(6)));
  return JSON.stringify({ type: 'steps', firstIteration: first, iteration: first + PER_LINE - 1, epoch: 0, losses, eta: 0.01, rows: PER_LINE }) + '\n';
}

const root = mkdtempSync(join(tmpdir(), 'rnnflow-large-events-'));
const run = join(root, 'big', 'run1');
try {
  mkdirSync(run, { recursive: true });
  const file = join(run, 'events.jsonl');
  writeFileSync(file, JSON.stringify({ type: 'start', iterationsPerEpoch: 10_000, time: Date.now() }) + '\n');
  let next = 1;
  while (statSync(file).size < megabytes * 1e6) {
    let chunk = '';
    for (let i = 0; i < 2000; i++, next += PER_LINE) chunk += stepsLine(next);
    appendFileSync(file, chunk);
  }
  const size = statSync(file).size;
  const board = await startBoard({ dirs: [root], port: 0, host: '127.0.0.1' });
  const { port } = new URL(board.url);
  const get = (path) => new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path }, (res) => {
      let bytes = 0;
      res.on('data', (c) => (bytes += c.length));
      res.on('end', () => resolve({ status: res.statusCode, bytes }));
    });
    req.on('error', reject);
    req.end();
  });
  const id = encodeURIComponent('0:big/run1');
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const page = await get(`/api/run?id=${id}`);
  const pageSeconds = (performance.now() - t0) / 1000;
  const pageCpu = process.cpuUsage(cpu0);
  const t1 = performance.now();
  const again = await get(`/api/run?id=${id}`);
  const againSeconds = (performance.now() - t1) / 1000;

  // One live stream from the end of the file: CPU of this process while quiet, then with appends.
  let streamed = 0;
  const stream = request({ host: '127.0.0.1', port, path: `/api/live/run?id=${id}&offset=${size}` }, (res) => res.on('data', (c) => (streamed += c.length)));
  stream.end();
  const cpuOver = async (seconds, during) => {
    const before = process.cpuUsage();
    const timer = during ? setInterval(during, 250) : undefined;
    await new Promise((r) => setTimeout(r, seconds * 1000));
    clearInterval(timer);
    const used = process.cpuUsage(before);
    return (used.user + used.system) / 1e6 / seconds;
  };
  const quietCpu = await cpuOver(liveSeconds);
  const quietBytes = streamed;
  const growingCpu = await cpuOver(liveSeconds, () => appendFileSync(file, stepsLine((next += PER_LINE))));
  stream.destroy();
  await board.close();
  console.log(JSON.stringify({
    eventsBytes: size, steps: next - 1,
    page: { status: page.status, seconds: Number(pageSeconds.toFixed(2)), cpuSeconds: Number(((pageCpu.user + pageCpu.system) / 1e6).toFixed(2)), bytes: page.bytes },
    pageAgain: { status: again.status, seconds: Number(againSeconds.toFixed(3)) },
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    live: { seconds: liveSeconds, quietCoreShare: Number(quietCpu.toFixed(4)), quietBytesSent: quietBytes, growingCoreShare: Number(growingCpu.toFixed(4)), growingBytesSent: streamed - quietBytes },
    loadAverage: (await import('node:os')).loadavg().map((l) => Number(l.toFixed(1))),
  }, null, 2));
} finally {
  rmSync(root, { recursive: true, force: true });
}
