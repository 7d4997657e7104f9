/**
 * Memory of loading a large CSV (issue 11: a 200 MB file peaked at 16× its size when read whole; the
 * streamed reader aims at ≤ 3×). Writes a synthetic hourly series of about `megabytes` MB (7 numeric
 * columns, as the PRSA file has), loads it as a run would (5 features, 1 target, windows of 24), and
 * reports the peak resident memory above what the process held just before, as a multiple of the file.
 * With `gzip`, the same file gzipped (by the gzip program, so compressing it costs this process no
 * memory) is loaded instead, and the multiple is still of the CSV text.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, openSync, rmSync, statSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCsv } from '../src/data/csv.js';

export interface CsvMemory { fileMiB: number; rows: number; aboveBeforeMiB: number; timesFile: number; seconds: number }

function writeSeries(file: string, megabytes: number): number {
  const fd = openSync(file, 'w');
  writeSync(fd, 'time,temp,pressure,humidity,wind,rain,load\n');
  let rows = 0;
  for (let bytes = 0; bytes < megabytes * 1e6;) {
    const lines: string[] = [];
    for (let k = 0; k < 10_000; k++, rows++) {
      const i = rows;
      lines.push(`${i},${(20 + 10 * Math.sin(i / 24)).toFixed(3)},${(1013 + Math.cos(i / 100) * 8).toFixed(2)},${(50 + 30 * Math.sin(i / 7)).toFixed(1)},` +
        `${((i * 7919) % 130 / 10).toFixed(1)},${i % 17 === 0 ? '0.4' : '0'},${(300 + 100 * Math.sin(i / 24 + 1)).toFixed(2)}`);
    }
    const text = lines.join('\n') + '\n';
    writeSync(fd, text);
    bytes += text.length;
  }
  closeSync(fd);
  return rows;
}

export function csvMemory(megabytes: number, gzip = false): CsvMemory {
  const dir = mkdtempSync(join(tmpdir(), 'rnnflow-bench-csv-'));
  try {
    const file = join(dir, 'series.csv');
    const rows = writeSeries(file, megabytes);
    const size = statSync(file).size;
    if (gzip) execFileSync('gzip', ['-6', file]);
    const before = process.memoryUsage().rss;
    const t0 = performance.now();
    const d = loadCsv({
      name: 'csv', file: gzip ? `${file}.gz` : file, features: ['temp', 'pressure', 'humidity', 'wind', 'rain'], target: 'load', task: 'regression',
      timesteps: 24, predictNext: true, validationFraction: 0.1, testFraction: 0.2, missing: 'error',
    }, { seed: 1, baseDir: dir, packageDir: dir });
    const seconds = (performance.now() - t0) / 1000;
    const above = process.resourceUsage().maxRSS * 1024 - before;
    if (d.info.rows === undefined || (d.info.rows as { total: number }).total !== rows) throw new Error('csv bench: rows lost');
    return { fileMiB: size / 2 ** 20, rows, aboveBeforeMiB: above / 2 ** 20, timesFile: above / size, seconds };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
