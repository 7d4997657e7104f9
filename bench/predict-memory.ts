/**
 * Memory of `predict --input` on a large PM2.5 input (issue 28: a 50 MB input peaked at 1.94 GB when read
 * whole; the chunked read aims at ≤ 3× the input at 200 MB). Trains a tiny PM2.5 value run (one epoch,
 * 3 hidden units, windows of 3 hours), writes about `megabytes` MB of consecutive hours (the 2014 rows'
 * weather repeated), forecasts every window 3 hours ahead into a file as the CLI does (app/predict/predict-file.ts),
 * and reports the peak resident memory above what the process held just before, as a multiple of the input.
 */
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { executeRun } from '../src/app/execute.js';
import { validateExperiment } from '../src/app/experiment-file.js';
import { predictFile } from '../src/app/predict/predict-file.js';
import { loadRun } from '../src/app/predict/run-model.js';
import { readDataText } from '../src/data/data-file.js';

export interface PredictMemory { fileMiB: number; rows: number; windows: number; aboveBeforeMiB: number; timesFile: number; seconds: number }

/** The shipped PM2.5 file's header and its rows of 2014. */
function lines2014(repo: string): string[] {
  const lines = readDataText(join(repo, 'data', 'PRSA_data_2010.1.1-2014.12.31.csv.gz')).trim().split('\n');
  return [lines[0], ...lines.filter((l) => l.split(',')[1] === '2014')];
}

/** Writes `rows` consecutive hours from 2014-01-01 on in the UCI columns, the 2014 weather repeated (or about `megabytes` MB, rows −1). */
export function writePm25Hours(repo: string, file: string, size: { rows?: number; megabytes?: number }): number {
  const year = lines2014(repo);
  const fd = openSync(file, 'w');
  writeSync(fd, `${year[0]}\n`);
  const start = Date.UTC(2014, 0, 1);
  let rows = 0;
  for (let bytes = 0; size.rows !== undefined ? rows < size.rows : bytes < size.megabytes! * 1e6;) {
    const piece: string[] = [];
    for (let k = 0; k < 10_000 && (size.rows === undefined || rows < size.rows); k++, rows++) {
      const at = new Date(start + rows * 3_600_000);
      const cells = year[1 + (rows % (year.length - 1))].split(',');
      cells.splice(0, 5, String(rows + 1), String(at.getUTCFullYear()), String(at.getUTCMonth() + 1), String(at.getUTCDate()), String(at.getUTCHours()));
      piece.push(cells.join(','));
    }
    const text = piece.join('\n') + '\n';
    writeSync(fd, text);
    bytes += text.length;
  }
  closeSync(fd);
  return rows;
}

export async function predictMemory(repo: string, megabytes: number): Promise<PredictMemory> {
  const dir = mkdtempSync(join(tmpdir(), 'rnnflow-bench-predict-'));
  try {
    const experiment = validateExperiment({
      name: 'predict-bench', seed: 1,
      data: { name: 'pm25', timesteps: 3, target: 'value', horizons: [1], validation: { method: 'holdout', size: 500 } },
      model: { netType: 'regression', outputMode: 'last', hiddenSize: 3 },
      train: { optimizer: 'adam', eta: 0.01, batchSize: 512, maxEpochs: 1 },
      sinks: ['checkpoint'],
    }, { file: '<bench>', baseDir: repo });
    const runDir = join(dir, 'run');
    await executeRun(experiment, { file: '<bench>', baseDir: repo }, { outDir: runDir });
    const model = await loadRun(runDir, { say: () => {} });
    const input = join(dir, 'hours.csv');
    const rows = writePm25Hours(repo, input, { megabytes });
    const size = statSync(input).size;
    const out = openSync(join(dir, 'preds.csv'), 'w');
    const before = process.memoryUsage().rss;
    const t0 = performance.now();
    const r = predictFile(model, input, { horizon: 3, precision: 9, runDir, params: 'best' }, (text) => { writeSync(out, text); });
    const seconds = (performance.now() - t0) / 1000;
    const above = process.resourceUsage().maxRSS * 1024 - before;
    closeSync(out);
    if (r.windows !== rows - 3) throw new Error(`predict bench: ${r.windows} windows from ${rows} rows`);
    return { fileMiB: size / 2 ** 20, rows, windows: r.windows, aboveBeforeMiB: above / 2 ** 20, timesFile: above / size, seconds };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
