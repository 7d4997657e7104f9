/** Tiny finished runs for the server's tests, trained in-process into temp folders (seconds each). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { root, tempDir, writeFile } from '../../helpers/cli.js';
import { runCollecting } from '../../helpers/run.js';

/** The project's own 72 hours of PM2.5 rows (data/pm25-last-days.csv, the end of 2014), as CSV text. */
export function lastDaysCsv(): string {
  return readFileSync(join(root, 'data', 'pm25-last-days.csv'), 'utf8');
}

/**
 * A PM2.5 value run (T = 3, one epoch) as `<parent>/<stamp>-seed1`, so that its parent folder
 * resolves to it as the latest run. Returns the run folder.
 */
export async function tinyPm25Run(parent = tempDir('rnnflow-serve-runs-')): Promise<string> {
  const { runDir } = await runCollecting({
    name: 'serve-pm25', seed: 1,
    data: {
      name: 'pm25', timesteps: 3, target: 'value', horizons: [1], validation: { method: 'holdout', size: 500 },
      features: ['pollution', 'dewPoint', 'temperature', 'pressure', 'windDirection', 'windSpeed', 'hourSin', 'hourCos', 'monthSin', 'monthCos', 'snowHours', 'rainHours'],
    },
    model: { netType: 'regression', outputMode: 'last', hiddenSize: 3 },
    train: { optimizer: 'adam', eta: 0.01, batchSize: 512, maxEpochs: 1 },
    sinks: ['checkpoint'],
  }, { outDir: join(parent, '2026-12-07T00-00-00-seed1') });
  return runDir;
}

/** A GRU text run: words labelled by their length, even or odd (3 epochs). */
export async function tinyTextRun(): Promise<string> {
  const letters = 'abcdefghijklmnopqrstuvwxy';
  const words = Array.from({ length: 100 }, (_, i) => letters[(i * 7) % 25] + letters[(i * 3) % 25].repeat(1 + (i % 5)));
  const file = writeFile(tempDir('rnnflow-serve-text-'), 'words.tsv', ['text\tlabel', ...words.map((w) => `${w}\t${w.length % 2 ? 'odd' : 'even'}`)].join('\n') + '\n');
  const { runDir } = await runCollecting({
    name: 'serve-text', seed: 1,
    data: { name: 'sequences', file, lowerCase: true, keep: letters },
    model: { netType: 'multiclass', outputMode: 'last', cell: 'gru', hiddenSize: 4 },
    train: { optimizer: 'adam', eta: 0.02, batchSize: 8, maxEpochs: 2 },
    sinks: ['checkpoint'],
  });
  return runDir;
}
