/**
 * The JSON files of a run folder, read and written in one place: summary.json, run.json,
 * dataset.json and experiment.resolved.json. A run folder is untrusted input (copied between machines,
 * edited by hand, cut short by a full disk): each reader checks what its callers rely on, and a damaged
 * file is a RunFolderError naming the file, what is wrong and what to do. A missing file reads as
 * undefined: what that means (a run still training, not a run folder) is the caller's to say.
 */
import { writeFileAtomic } from '../core/atomic-write.js';
import type { ExperimentSource } from '../config/types.js';
import type { RunStatus, RunSummary } from '../events/run-event.js';
import { runFiles } from './files.js';
import { readFolderText, RunFolderError } from './folder-access.js';

/** Every status a run can end with (RunStatus), for checking summary.json. */
export const RUN_STATUSES: readonly RunStatus[] = ['running', 'completed', 'early-stopped', 'interrupted', 'diverged', 'failed', 'pruned'];

/** Larger than any file a run writes here (the biggest, a csv run's dataset.json, is a few KB). */
const MAX_JSON_BYTES = 64 * 1024 * 1024;

type JsonObject = Record<string, unknown>;

/** The parsed object in `file` (of the folder `dir`), undefined when the file does not exist. */
export function readFolderObject(dir: string, file: string, what: string): JsonObject | undefined {
  const text = readFolderText(dir, file, what, MAX_JSON_BYTES);
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new RunFolderError(file, `not valid JSON, the file may be truncated (${(e as Error).message}); the ${what} is damaged: copy the run folder again, or run it again`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new RunFolderError(file, `holds ${Array.isArray(value) ? 'an array' : String(value)}, not the ${what} (a JSON object)`);
  return value as JsonObject;
}

/** Checks that the fields present have the types `kinds` gives ('?' suffix: may be absent). */
function checkFields(file: string, what: string, o: JsonObject, kinds: Record<string, string>): void {
  for (const [key, kind] of Object.entries(kinds)) {
    const optional = kind.endsWith('?');
    const type = optional ? kind.slice(0, -1) : kind;
    const v = o[key];
    if (v === undefined && optional) continue;
    // A non-finite number is written as null (JSON has no NaN).
    const ok = type === 'object' ? typeof v === 'object' && v !== null && !Array.isArray(v) : type === 'number' ? typeof v === 'number' || v === null : typeof v === type;
    if (!ok) throw new RunFolderError(file, `${key} is ${v === undefined ? 'missing' : JSON.stringify(v)?.slice(0, 40)}, expected ${type === 'object' ? 'an object' : `a ${type}`} in a ${what}`);
  }
}

/** summary.json, or undefined while the run has none (still training, or killed). */
export function readSummary(runDir: string): RunSummary | undefined {
  const file = runFiles(runDir).summary;
  const o = readFolderObject(runDir, file, 'run summary');
  if (!o) return undefined;
  checkFields(file, 'run summary', o, { status: 'string', name: 'string?', seed: 'number?', epochs: 'number?', iterations: 'number?', seconds: 'number?', reason: 'string?', metrics: 'object?', bestParams: 'object?' });
  if (!RUN_STATUSES.includes(o.status as RunStatus)) throw new RunFolderError(file, `status "${String(o.status)}" is none of ${RUN_STATUSES.join(', ')}`);
  return o as unknown as RunSummary;
}

export function writeSummary(runDir: string, summary: RunSummary): void {
  writeFileAtomic(runFiles(runDir).summary, JSON.stringify(summary, null, 2) + '\n');
}

/** run.json: where the run came from, and what it ran on. */
export interface RunInfo {
  /** The experiment file and the folder its relative paths resolve from (this machine's). */
  source: ExperimentSource;
  node?: string;
  codeVersion?: string;
  experimentId?: string;
  /** sha256 of the data file the run started on; absent for datasets made in code. */
  dataSha256?: string;
  /** The queue worker that ran it. */
  worker?: string;
  /** Which kernels ran (tensor/backend.ts kernelsLabel): a fact of the machine; every back end gives the same bits. */
  kernels?: string;
}

export function readRunInfo(runDir: string): RunInfo | undefined {
  const file = runFiles(runDir).run;
  const o = readFolderObject(runDir, file, 'run record');
  if (!o) return undefined;
  checkFields(file, 'run record', o, { source: 'object', node: 'string?', codeVersion: 'string?', experimentId: 'string?', dataSha256: 'string?', worker: 'string?', kernels: 'string?' });
  const source = o.source as JsonObject;
  checkFields(file, 'run record\'s source', source, { file: 'string', baseDir: 'string', files: 'object?' });
  if (source.files && !Object.values(source.files).every((v) => typeof v === 'string')) throw new RunFolderError(file, 'source.files maps paths to paths; a value is not a path');
  return o as unknown as RunInfo;
}

export function writeRunInfo(runDir: string, info: RunInfo): void {
  writeFileAtomic(runFiles(runDir).run, JSON.stringify(info, null, 2) + '\n');
}

/** dataset.json: the dataset's facts (sizes, scales); each dataset writes its own fields. */
export function readDatasetFacts(runDir: string): Record<string, unknown> | undefined {
  return readFolderObject(runDir, runFiles(runDir).dataset, 'dataset facts');
}

export function writeDatasetFacts(runDir: string, facts: Record<string, unknown>): void {
  writeFileAtomic(runFiles(runDir).dataset, JSON.stringify(facts, null, 2) + '\n');
}

/** experiment.resolved.json as parsed JSON: the caller validates it as an experiment (app/experiment-file.ts). */
export function readResolvedExperiment(runDir: string): Record<string, unknown> | undefined {
  return readFolderObject(runDir, runFiles(runDir).experiment, 'resolved experiment');
}

export function writeResolvedExperiment(runDir: string, experiment: object): void {
  writeFileAtomic(runFiles(runDir).experiment, JSON.stringify(experiment, null, 2) + '\n');
}

/** A reader's result, or undefined when the file is damaged: for views that show what they can (the board, run lists). */
export function orUndefined<T>(read: () => T | undefined): T | undefined {
  try {
    return read();
  } catch (e) {
    if (e instanceof RunFolderError) return undefined;
    throw e;
  }
}
