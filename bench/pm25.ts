/**
 * Time and memory to load and prepare the PM2.5 data (T=24) through the project's own loader.
 * The loader (src/data/index.ts loadDataset) is written in parallel with the bench, so it is imported
 * by a computed specifier and any absence or mismatch becomes a skipped row, never a failed bench.
 */
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { Pm25Data } from '../src/config/types.js';

/** Loads with the book's settings; wall seconds, or why it could not run. */
export async function loadPm25(timesteps: number): Promise<{ seconds: number; windows: number } | { skipped: string }> {
  const specifier = '../src/data/index.js';
  let mod: Record<string, unknown>;
  try {
    mod = await import(specifier) as Record<string, unknown>;
  } catch {
    return { skipped: 'src/data/index.ts not in this build yet' };
  }
  const loadDataset = mod.loadDataset;
  if (typeof loadDataset !== 'function') return { skipped: 'src/data/index.ts has no loadDataset yet' };
  const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
  const config: Pm25Data = {
    name: 'pm25', file: 'data/PRSA_data_2010.1.1-2014.12.31.csv.gz', timesteps, target: 'class',
    features: ['pollution', 'dewPoint', 'temperature', 'pressure', 'windDirection', 'windSpeed'],
    validation: { method: 'sample', size: 1000 }, horizons: [],
  };
  try {
    const t0 = performance.now();
    const set = await loadDataset(config, { seed: 1, baseDir: packageDir, packageDir });
    const seconds = (performance.now() - t0) / 1000;
    return { seconds, windows: set?.train?.size ?? 0 };
  } catch (e) {
    return { skipped: `loadDataset failed: ${(e as Error).message}` };
  }
}
