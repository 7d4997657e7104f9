/**
 * What a worker takes from Redis, and what the coordinator takes back, checked against a schema
 * before anything else is done with it: ids are strict hex patterns, a shipped file's name is a base
 * name (no separator, no `..`), a packed file's name is a relative path without `..`, and fields
 * the format does not have are refused. A value that fails is refused whole, with the first reason.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import { TRIAL_ID } from '../../run-folder/index.js';

/** A sweep id (redis.ts sweepIdOf); a trial id is run-folder/sweep-files.ts's TRIAL_ID (sweep/trials.ts: 12 hex digits, or x + 11 for an invalid point). */
export const SWEEP_ID = '^[0-9a-f]{12}$';
export { TRIAL_ID };
/** A file name alone: no separator, no NUL, not `.` or `..`, at most 255 characters. */
const BASE_NAME = '^(?!\\.{1,2}$)[^/\\\\\\u0000]{1,255}$';
/** A path inside a run folder: parts separated by /, none of them `..` or empty, never absolute. */
const RELATIVE_PATH = '^(?!/)(?!.*(?:^|/)\\.\\.(?:/|$))(?!.*//)[^\\\\\\u0000]{1,1000}$';
const SIGNATURE = { type: 'string', pattern: '^[0-9a-f]{64}$' };
const TEXT = { type: 'string', maxLength: 4096 };
const TIME = { type: 'number', minimum: 0 };

const packedFiles = { type: 'object', propertyNames: { pattern: RELATIVE_PATH }, additionalProperties: { type: 'string' } };

const shippedFile = {
  type: 'object', additionalProperties: false, required: ['sha256', 'name', 'path'],
  properties: { sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' }, name: { type: 'string', pattern: BASE_NAME }, path: TEXT },
};

const jobSchema = {
  type: 'object', additionalProperties: false,
  required: ['format', 'sweep', 'id', 'codeVersion', 'experiment', 'source', 'runDir', 'enqueuedAt'],
  properties: {
    format: { const: 'rnnflow-trial-job' },
    sweep: { type: 'string', pattern: SWEEP_ID },
    id: { type: 'string', pattern: TRIAL_ID },
    codeVersion: { type: 'string', pattern: '^[0-9A-Za-z._+-]{1,100}$' },
    experiment: { type: 'object', required: ['data', 'model', 'train'], properties: { data: { type: 'object' }, model: { type: 'object' }, train: { type: 'object' } } },
    source: {
      type: 'object', additionalProperties: false, required: ['file', 'baseDir'],
      properties: { file: TEXT, baseDir: TEXT, files: { type: 'object', additionalProperties: TEXT } },
    },
    runDir: TEXT,
    dataFile: shippedFile,
    initFile: shippedFile,
    prune: { type: 'object' },
    enqueuedAt: TIME,
    signature: SIGNATURE,
  },
};

const finite = { type: 'number' };
/** Metric names become results.csv columns: plain names only. */
const metrics = { type: 'object', propertyNames: { pattern: '^[A-Za-z0-9_.%-]{1,64}$' }, additionalProperties: { not: { type: 'string' } } };

const answerSchema = {
  type: 'object', additionalProperties: false,
  required: ['result', 'files', 'worker', 'workerRunDir', 'startedAt', 'finishedAt'],
  properties: {
    result: {
      oneOf: [
        {
          type: 'object', additionalProperties: false, required: ['ok', 'summary'],
          properties: {
            ok: { const: true },
            summary: {
              type: 'object', required: ['status', 'epochs', 'iterations', 'seconds', 'metrics', 'bestParams'],
              properties: {
                status: { enum: ['running', 'completed', 'early-stopped', 'interrupted', 'diverged', 'failed', 'pruned'] },
                epochs: finite, iterations: finite, seconds: finite,
                metrics: { type: 'object', additionalProperties: metrics }, bestParams: { type: 'object', additionalProperties: metrics },
              },
            },
          },
        },
        { type: 'object', additionalProperties: false, required: ['ok', 'error', 'user'], properties: { ok: { const: false }, error: { type: 'string', maxLength: 100_000 }, user: { type: 'boolean' } } },
      ],
    },
    files: packedFiles,
    worker: { type: 'string', pattern: '^[^\\u0000-\\u001f\\u007f]{1,300}$' },
    workerRunDir: TEXT, workerDataFile: TEXT, workerInitFile: TEXT,
    startedAt: TIME, finishedAt: TIME,
    signature: SIGNATURE,
  },
};

const partialSchema = {
  type: 'object', additionalProperties: false, required: ['iteration', 'runDir', 'files', 'by'],
  properties: { iteration: { type: 'integer', minimum: -1 }, runDir: TEXT, dataFile: TEXT, files: packedFiles, by: TEXT, signature: SIGNATURE },
};

const ajv = new Ajv({ allErrors: false, strict: false });
const validators: Record<'job' | 'answer' | 'partial', ValidateFunction> = {
  job: ajv.compile(jobSchema), answer: ajv.compile(answerSchema), partial: ajv.compile(partialSchema),
};

/** Throws "refused: <what> <where> <why>" unless `value` fits the format of its kind. */
export function checkShape(kind: 'job' | 'answer' | 'partial', value: unknown): void {
  const validate = validators[kind];
  if (validate(value)) return;
  const e = validate.errors?.[0];
  const where = e?.instancePath || '(top)';
  const extra = e?.params && 'additionalProperty' in e.params ? ` (${JSON.stringify(e.params.additionalProperty).slice(0, 80)})` : '';
  throw new Error(`refused: the ${kind} is not an rnnflow ${kind}: ${where} ${e?.message ?? 'is malformed'}${extra}`);
}
