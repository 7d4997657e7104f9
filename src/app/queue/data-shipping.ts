/**
 * Data files, and the weights a trial starts from (model.init.from), travel with the sweep. The
 * coordinator reads the file a trial's loader would read,
 * stores it once per sweep in Redis under its sha256, and each job names that hash; a worker fetches
 * it once into its cache and trains on exactly those bytes.
 *
 * Why ship rather than ask every machine for its own copy (and compare hashes): a worker then needs
 * nothing but rnnflow, no copy can silently differ or sit at another path, and a sweep over several
 * CSV files works without preparing any machine. The cost is the file's size in Redis, once per sweep
 * (the PM2.5 file, gzipped, is under 1 MB), deleted with the sweep.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { Redis } from 'ioredis';
import type { Experiment, ExperimentSource } from '../../config/types.js';
import { dataFilePath } from '../../data/data-file.js';
import { packageDir } from '../../core/paths.js';
import { UserError } from '../../core/errors.js';
import { keys } from './redis.js';
import { checkShipsWhatItNames } from './from-redis.js';
import { pathInside } from '../../core/path-inside.js';
import type { ShippedFile, TrialJobData } from './trial-job.js';

/**
 * Coordinator: the trial's data file, stored under the sweep once per content (`shipped` remembers
 * each path's upload, so a thousand trials of one file send it once); undefined for datasets made in code.
 */
export function shipDataFile(redis: Redis, sweepId: string, experiment: Experiment, source: ExperimentSource, shipped: Map<string, Promise<ShippedFile>>): Promise<ShippedFile | undefined> {
  const path = dataFilePath(experiment.data, { baseDir: source.baseDir, packageDir });
  return path ? shipFile(redis, sweepId, path, shipped) : Promise.resolve(undefined);
}

/** Coordinator: the weights file a trial starts from (model.init.from), shipped like its data file; undefined for a drawn init. */
export function shipInitFile(redis: Redis, sweepId: string, experiment: Experiment, source: ExperimentSource, shipped: Map<string, Promise<ShippedFile>>): Promise<ShippedFile | undefined> {
  const { init } = experiment.model;
  return typeof init === 'object' ? shipFile(redis, sweepId, resolve(source.baseDir, init.from), shipped) : Promise.resolve(undefined);
}

function shipFile(redis: Redis, sweepId: string, path: string, shipped: Map<string, Promise<ShippedFile>>): Promise<ShippedFile> {
  let upload = shipped.get(path);
  if (!upload) {
    const bytes = readFileSync(path);
    const file: ShippedFile = { sha256: createHash('sha256').update(bytes).digest('hex'), name: basename(path), path };
    upload = redis.set(keys.file(sweepId, file.sha256), bytes, 'NX').then(() => file);
    shipped.set(path, upload);
    upload.catch(() => shipped.delete(path));
  }
  return upload;
}

/** Worker: the local copy of a shipped file (fetched once, checked against its hash). */
export async function fetchShippedFile(redis: Redis, sweepId: string, file: ShippedFile, cacheDir: string): Promise<string> {
  const dir = pathInside(cacheDir, file.sha256);
  const local = pathInside(dir, file.name);
  if (existsSync(local)) return local;
  const bytes = await redis.getBuffer(keys.file(sweepId, file.sha256));
  if (!bytes) throw new UserError(`${file.path} (sha256 ${file.sha256.slice(0, 12)}) is no longer on the queue; was the sweep cleaned (rnnflow queue clean)?`);
  const sha = createHash('sha256').update(bytes).digest('hex');
  if (sha !== file.sha256) throw new UserError(`${file.path}: the queue holds content with sha256 ${sha.slice(0, 12)}, the trial needs ${file.sha256.slice(0, 12)}`);
  mkdirSync(dir, { recursive: true });
  // Written whole, then renamed: two trials fetching at once never read half a file.
  const partial = `${local}.${process.pid}.partial`;
  writeFileSync(partial, bytes);
  renameSync(partial, local);
  return local;
}

/**
 * Worker: a job's shipped files (data, init weights) in the local cache, and the map from each name as
 * the experiment writes it to the local copy (ExperimentSource.files), so the experiment stays as written.
 */
export async function fetchJobFiles(redis: Redis, sweepId: string, job: Pick<TrialJobData, 'experiment' | 'dataFile' | 'initFile'>, cacheDir: string):
  Promise<{ files: Record<string, string>; dataFile?: string; initFile?: string }> {
  const { data, model } = job.experiment;
  const files: Record<string, string> = {};
  let dataFile: string | undefined, initFile: string | undefined;
  if (job.dataFile && 'file' in data && data.file !== undefined) files[data.file] = dataFile = await fetchShippedFile(redis, sweepId, job.dataFile, cacheDir);
  if (job.initFile && typeof model.init === 'object') files[model.init.from] = initFile = await fetchShippedFile(redis, sweepId, job.initFile, cacheDir);
  return { files, dataFile, initFile };
}

/**
 * The job's experiment as a worker runs it (built-in sinks only, --threads applied) and where its
 * files are there, fetched into `cacheDir`: only files shipped with the sweep (from-redis.ts
 * checkShipsWhatItNames). data.file stays as the sweep file wrote it, so the experiment's identity is the
 * coordinator's on every worker (resume compares it); the source says that this name's bytes are in
 * the cache of shipped files (resume also compares their sha256, run.json's dataSha256). The same
 * for model.init.from's weights.
 */
export async function localTrial(redis: Redis, data: TrialJobData, sweep: string, runDir: string, cacheDir: string, threads?: number):
  Promise<{ experiment: Experiment; source: ExperimentSource; dataFile?: string; initFile?: string }> {
  const e = data.experiment;
  checkShipsWhatItNames(data);
  const experiment: Experiment = { ...e, sinks: e.sinks?.filter((s) => typeof s === 'string'), train: { ...e.train, ...(threads ? { threads } : {}) } };
  const { files, dataFile, initFile } = await fetchJobFiles(redis, sweep, data, cacheDir);
  const source: ExperimentSource = { file: data.source.file, baseDir: runDir, ...(Object.keys(files).length ? { files } : {}) };
  return { experiment, source, dataFile, initFile };
}
