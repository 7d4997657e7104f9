/**
 * A worker's answer taken into the trial's folder on the coordinator: checked first (from-redis.ts:
 * well-formed, signed, its text cleaned), then its files unpacked inside the folder (never outside:
 * run-folder-pack.ts) with the worker's paths replaced by ours, and the trial's result returned as a
 * local trial returns it.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Job } from 'bullmq';
import { readRunInfo, writeResolvedExperiment, writeRunInfo } from '../../run-folder/index.js';
import type { TrialInput } from '../run-pool/pool.js';
import type { TrialTaskResult } from '../run-pool/trial-task.js';
import { trustedAnswer } from './from-redis.js';
import { replacePaths, unpackRunDir, type TrialJobAnswer, type TrialJobData } from './trial-job.js';

/** Throws when the answer is refused or cannot be written; the trial's folder is then the caller's to report. */
export function takeAnswer(job: Job<TrialJobData, TrialJobAnswer>, sweep: string, trial: string, secret: Buffer | undefined, task: TrialInput): TrialTaskResult {
  const { answer, paths } = trustedAnswer(job, sweep, trial, secret, task.runDir);
  // The answer is the worker's whole folder: files of an earlier attempt here (a resumed trial's
  // params/interrupted.json) go, as a local resume removes them.
  if (Object.keys(answer.files).length) rmSync(task.runDir, { recursive: true, force: true });
  mkdirSync(task.runDir, { recursive: true });
  unpackRunDir(answer.files, task.runDir, paths);
  // A trial that failed before its run folder existed (bad data) sent no files: as locally, none are made.
  if (Object.keys(answer.files).length) restoreOwnFiles(task, answer.worker);
  const recordedAt = Date.now();
  writeFileSync(join(task.runDir, 'queue.json'), JSON.stringify({
    worker: answer.worker, enqueuedAt: job.data.enqueuedAt, startedAt: answer.startedAt, finishedAt: answer.finishedAt, recordedAt,
  }, null, 2) + '\n');
  return JSON.parse(replacePaths(JSON.stringify(answer.result), paths)) as TrialTaskResult;
}

/**
 * The two files that say where the trial came from are written as a local run writes them: the
 * experiment as the coordinator resolved it (the worker's copy names its cached data file), and the
 * source paths of this machine (so `rnnflow eval` works on the trial), plus which worker ran it.
 */
function restoreOwnFiles(task: TrialInput, worker: string): void {
  writeResolvedExperiment(task.runDir, task.experiment);
  const source = { file: resolve(task.source.file), baseDir: task.source.baseDir };
  writeRunInfo(task.runDir, { ...readRunInfo(task.runDir), source, worker });
}
