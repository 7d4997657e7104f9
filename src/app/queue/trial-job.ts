/**
 * What travels through Redis for one trial: the job (the resolved experiment and where its data file
 * is) and its answer (the trial's result and every file of its run folder, gzipped). Nothing else
 * is shared between the coordinator and its workers: no file system, no paths that must exist on both.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { Experiment, ExperimentSource } from '../../config/types.js';
import type { TrialTaskResult } from '../run-pool/trial-task.js';
import type { TrialInput } from '../run-pool/pool.js';

export const JOB_FORMAT = 'rnnflow-trial-job';

/** A data file shipped with the sweep (see data-shipping.ts). */
export interface ShippedFile {
  sha256: string;
  /** Its name (for the worker's cache and messages). */
  name: string;
  /** Where it is on the coordinator, as the trial's loader resolved it. */
  path: string;
}

export interface TrialJobData {
  format: typeof JOB_FORMAT;
  sweep: string;
  id: string;
  /** The coordinator's codeVersion(); a worker with another one refuses the trial. */
  codeVersion: string;
  experiment: Experiment;
  source: ExperimentSource;
  /** The trial's folder on the coordinator (paths in the returned files are rewritten to it). */
  runDir: string;
  dataFile?: ShippedFile;
  /** The sweep's pruning rule for this trial (method prune), applied by the worker at the trial's checks. */
  prune?: TrialInput['prune'];
  /** When the coordinator queued it (ms since 1970), for the overhead measurement. */
  enqueuedAt: number;
}

/** Relative path → gzipped content, base64 (BullMQ stores a job's answer as JSON). */
export type PackedFiles = Record<string, string>;

export interface TrialJobAnswer {
  result: TrialTaskResult;
  files: PackedFiles;
  /** host:pid of the worker that ran it. */
  worker: string;
  /** Paths on the worker that mean paths on the coordinator: its run folder, its copy of the data file. */
  workerRunDir: string;
  workerDataFile?: string;
  startedAt: number;
  finishedAt: number;
}

/** Every file under `dir`, gzipped. */
export function packRunDir(dir: string): PackedFiles {
  const files: PackedFiles = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, e.name);
      if (e.isDirectory()) walk(path);
      else if (e.isFile()) files[relative(dir, path)] = gzipSync(readFileSync(path)).toString('base64');
    }
  };
  walk(dir);
  return files;
}

/** Writes packed files under `dir`, replacing each worker path with its coordinator path (JSON-escaped, as files hold them). */
export function unpackRunDir(files: PackedFiles, dir: string, paths: readonly (readonly [string, string])[]): void {
  for (const [name, packed] of Object.entries(files)) {
    const target = join(dir, name);
    if (relative(dir, target).startsWith('..')) continue; // never outside the trial's folder
    mkdirSync(dirname(target), { recursive: true });
    const bytes = gunzipSync(Buffer.from(packed, 'base64'));
    writeFileSync(target, /\.(json|jsonl|csv|txt|html|svg|vl\.json)$/.test(name) ? replacePaths(bytes.toString('utf8'), paths) : bytes);
  }
}

/** Every worker path in `text` (as it appears inside JSON strings) replaced by its coordinator path. */
export function replacePaths(text: string, paths: readonly (readonly [string, string])[]): string {
  let out = text;
  for (const [from, to] of paths) {
    const inJson = (p: string) => JSON.stringify(p).slice(1, -1);
    out = out.split(inJson(from)).join(inJson(to));
  }
  return out;
}
