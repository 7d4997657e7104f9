/**
 * What the worker and the coordinator take from Redis, each taken here and only once it is well-formed
 * (job-schema.ts) and signed (signing.ts): a sweep's hash before its trials are served, a job before
 * anything of it is used, a job's files only as shipped by hash, a worker's answer before any of its
 * files is written. Text that comes back from a worker is cleaned before it is shown or written.
 */
import type { Job } from 'bullmq';
import { checkShape } from './job-schema.js';
import { checkSignature } from './signing.js';
import { JOB_FORMAT, type TrialJobAnswer, type TrialJobData } from './trial-job.js';

/** Why a worker of code `version` takes none of a sweep's trials (its hash unsigned, mis-signed or of other code); undefined: it may serve them. */
export function sweepRefusal(secret: Buffer | undefined, sweep: string, meta: Record<string, string>, version: string): string | undefined {
  try {
    checkSignature(secret, 'sweep', sweep, '', meta);
  } catch (e) {
    return (e as Error).message;
  }
  if (meta.codeVersion === version) return undefined;
  return `it runs rnnflow code version ${version}, the sweep's coordinator runs ${meta.codeVersion}; the same experiment could train a different model, ` +
    'so it takes none of them (install the same rnnflow on both machines)';
}

/** Throws unless a job is well-formed, names the sweep and trial it sits in, is signed, and is an rnnflow trial. */
export function checkJob(data: unknown, sweep: string, trial: string, secret: Buffer | undefined): asserts data is TrialJobData {
  checkShape('job', data);
  const job = data as TrialJobData;
  if (job.sweep !== sweep || job.id !== trial) throw new Error(`refused: the job names sweep ${job.sweep} trial ${job.id}, but sits in sweep ${sweep} as trial ${trial}`);
  checkSignature(secret, 'job', sweep, trial, job);
  if (job.format !== JOB_FORMAT) throw new Error(`not an rnnflow trial (format ${String(job.format)})`);
}

/** A job's data and init weights come only from files shipped with the sweep (by hash): a path it names is never read. */
export function checkShipsWhatItNames(data: TrialJobData): void {
  const e = data.experiment;
  const named = 'file' in e.data && typeof e.data.file === 'string';
  if (named && !data.dataFile) throw new Error('refused: the job names a data file but ships none (a worker reads only files shipped with the sweep)');
  if (typeof e.model?.init === 'object' && !data.initFile) throw new Error('refused: the job names init weights but ships none (a worker reads only files shipped with the sweep)');
}

/**
 * A finished job's answer, well-formed and signed (and its job too), its error text cleaned; and the
 * worker's paths in it with what they are here (`runDir`; the data and init files the job shipped).
 */
export function trustedAnswer(
  job: Job<TrialJobData, TrialJobAnswer>, sweep: string, trial: string, secret: Buffer | undefined, runDir: string,
): { answer: TrialJobAnswer; paths: [string, string][] } {
  const answer = job.returnvalue;
  checkShape('answer', answer);
  checkSignature(secret, 'answer', sweep, trial, answer);
  checkShape('job', job.data);
  checkSignature(secret, 'job', sweep, trial, job.data);
  if (!answer.result.ok) answer.result.error = plainText(answer.result.error);
  const paths: [string, string][] = [[answer.workerRunDir, runDir]];
  if (answer.workerDataFile && job.data.dataFile) paths.push([answer.workerDataFile, job.data.dataFile.path]);
  if (answer.workerInitFile && job.data.initFile) paths.push([answer.workerInitFile, job.data.initFile.path]);
  return { answer, paths };
}

/** A message from Redis, shown here and written to results.csv: no control characters but line breaks (no terminal escapes), bounded. */
export function plainText(text: string): string {
  // eslint-disable-next-line no-control-regex
  const line = String(text).replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]+/g, ' ').trim();
  return line.length > 20_000 ? `${line.slice(0, 20_000)}…` : line;
}
