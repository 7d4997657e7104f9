/**
 * Experiment files: JSON5 text → ajv validation against schemas/experiment.schema.json (defaults
 * filled in) → cross-field checks → a typed Experiment. Every failure is a UserError that names the
 * file and says what to change; nothing here trains.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { syntaxHint } from './syntax-hint.js';
import JSON5 from 'json5';
import { Ajv, type ValidateFunction } from 'ajv';
import { UserError } from '../core/errors.js';
import { schemaDir } from '../core/paths.js';
import { explainSchemaErrors } from './explain.js';
import { describeNonFinite, nonFiniteNumbers } from './finite-numbers.js';
import { applyOverrides, type Override } from './overrides.js';
import { pm25Problems } from './pm25-checks.js';
import { csvHorizonProblems } from './csv-checks.js';
import type { Experiment, ExperimentSource } from './types.js';

let validator: ValidateFunction | undefined;

/** The compiled experiment schema (compiled once per process). */
export function experimentValidator(): ValidateFunction {
  if (!validator) {
    const schema = JSON.parse(readFileSync(resolve(schemaDir, 'experiment.schema.json'), 'utf8'));
    const ajv = new Ajv({ allErrors: true, useDefaults: true, verbose: true, strict: false });
    validator = ajv.compile(schema);
  }
  return validator;
}

/** Reads and parses a JSON5 file; syntax errors carry the file, line and column. */
export function readJson5File(file: string, what = 'experiment file'): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UserError(`${file}: cannot read the ${what} (${code === 'ENOENT' ? `no such file: ${resolve(file)}` : code ?? (e as Error).message})`);
  }
  try {
    return JSON5.parse(text);
  } catch (e) {
    const err = e as SyntaxError & { lineNumber?: number; columnNumber?: number };
    const where = err.lineNumber !== undefined ? `:${err.lineNumber}:${err.columnNumber}` : '';
    const reason = err.message.replace(/^JSON5: /, '').replace(/ at \d+:\d+$/, '');
    const hint = syntaxHint(text, reason, err.lineNumber, err.columnNumber);
    throw new UserError(`${file}${where}: JSON5 syntax error: ${reason}${hint ? `; ${hint}` : ''}`);
  }
}

/**
 * Validates a parsed experiment (after overrides), fills defaults and checks what the schema
 * cannot say. `overrides` only improves messages: a bad value that came from --set says so.
 * Expressions inside (expect, etaSchedule) are compiled by the floors that own them: see
 * app/experiment-file.ts, which every command uses.
 */
export function validateExperimentSchema(doc: unknown, source: ExperimentSource, overrides: readonly Override[] = []): Experiment {
  const copy = structuredClone(doc);
  const validate = experimentValidator();
  const fromOverride = (line: string): string => {
    const o = overrides.find((ov) => {
      const parent = ov.path.split('.').slice(0, -1).join('.');
      return line.startsWith(ov.path + ' ') || (parent !== '' && line.includes(` in ${parent};`)) || (parent !== '' && line.includes(` in ${parent} `));
    });
    return o ? `${line} (from ${o.text.startsWith('--') ? o.text : `--set ${o.text}`})` : line;
  };
  // Before the schema: it would show such a number as null, or accept NaN where it takes any number.
  const nonFinite = nonFiniteNumbers(copy).map((n) => fromOverride(describeNonFinite(n)));
  if (nonFinite.length) throw new UserError(`${source.file}: invalid experiment:\n  - ${nonFinite.join('\n  - ')}`);
  if (!validate(copy)) {
    const lines = explainSchemaErrors(validate.errors ?? [], copy).map(fromOverride);
    throw new UserError(`${source.file}: invalid experiment:\n  - ${lines.join('\n  - ')}`);
  }
  const exp = copy as Experiment;
  checkCrossFields(exp, source);
  return exp;
}

/** The most input values an echo dataset may generate (its samples × timesteps). */
const ECHO_MAX_VALUES = 50_000_000;

function checkCrossFields(exp: Experiment, source: ExperimentSource): void {
  const problems: string[] = [];
  const { model, train, data } = exp;
  if (train.stopAtValidationAccuracy !== undefined && model.netType === 'regression') {
    problems.push('train.stopAtValidationAccuracy needs a classifier (model.netType binary or multiclass); a regression net reports r2, not accuracy. Remove it or use train.patience.');
  }
  const monitored = train.monitor?.metric;
  if (monitored === 'validation.accuracy' && model.netType === 'regression') {
    problems.push('train.monitor.metric "validation.accuracy" needs a classifier (model.netType binary or multiclass); a regression net reports R²: use "validation.r2" or "validation.loss".');
  }
  if (monitored === 'validation.r2' && model.netType !== 'regression') {
    problems.push(`train.monitor.metric "validation.r2" needs a regression net; a ${model.netType} net reports accuracy: use "validation.accuracy" or "validation.loss".`);
  }
  if (data.name === 'minus' && model.outputMode !== 'each') {
    problems.push('data minus has a label at every step: set model.outputMode to "each".');
  }
  if ((data.name === 'echo' || data.name === 'pm25' || data.name === 'csv' || data.name === 'mnist-rows') && model.outputMode === 'each') {
    problems.push(`data ${data.name} has a label only at the last step: set model.outputMode to "last".`);
  }
  if (data.name === 'pm25') problems.push(...pm25Problems(data));
  if (data.name === 'csv') problems.push(...csvHorizonProblems(data));
  if (data.name === 'echo') {
    // Each sample is generated and held in memory: 1e6 samples of 1000 steps would be 8 GB.
    const values = (data.trainSamples + data.validationSamples + data.testSamples) * data.timesteps;
    if (values > ECHO_MAX_VALUES) {
      problems.push(`data echo: (trainSamples + validationSamples + testSamples) × timesteps is ${values}, more than ${ECHO_MAX_VALUES} values (${ECHO_MAX_VALUES * 8 / 1e6} MB); use fewer samples or timesteps.`);
    }
  }
  if (data.name === 'mnist-rows' && model.netType !== 'multiclass') {
    problems.push('data mnist-rows labels each digit with one of 10 classes: set model.netType to "multiclass".');
  }
  if (data.name === 'mnist-rows' && data.validationFraction + data.testFraction >= 1) {
    problems.push(`data.validationFraction (${data.validationFraction}) + data.testFraction (${data.testFraction}) must be below 1, so that digits are left to train on.`);
  }
  const classTask = (data.name === 'csv' && data.task === 'classes') || (data.name === 'pm25' && data.target === 'class');
  if (classTask && model.netType === 'regression') {
    const field = data.name === 'csv' ? 'data.task "classes"' : 'data.target "class"';
    problems.push(`${field} labels each window with a class, which a regression net (identity output, squared error) cannot learn: set model.netType to "multiclass".`);
  }
  if (data.name === 'csv' && data.task === 'regression' && model.netType === 'multiclass') {
    problems.push('data.task "regression" gives one value per window, and a softmax over one output is always 1: set model.netType to "regression" (or data.task to "classes" with data.classes).');
  }
  if (data.name === 'csv' && data.decimal === ',' && (data.delimiter ?? ',') === ',') {
    problems.push('data.decimal "," needs another data.delimiter: with "," between cells, 12,5 would be two cells. Set data.delimiter to ";" (as spreadsheets that write 12,5 do).');
  }
  if (data.name === 'csv' && data.task === 'classes' && !data.classes) {
    problems.push('data.task "classes" needs data.classes, the ascending class thresholds, e.g. [50, 100, 150].');
  }
  if (data.name === 'sequences' && data.task === 'classes' && model.netType !== 'multiclass') {
    problems.push('data sequences with task "classes" gives each sample one of several classes (one-hot): set model.netType to "multiclass".');
  }
  if (data.name === 'sequences' && data.task === 'regression' && model.netType !== 'regression') {
    problems.push('data sequences with task "regression" gives numeric labels: set model.netType to "regression" (or data.task to "classes").');
  }
  if (problems.length) throw new UserError(`${source.file}: invalid experiment:\n  - ${problems.join('\n  - ')}`);
}

/** Reads an experiment file with --set overrides applied (not yet validated); relative paths in it resolve from its folder. */
export function readExperimentFile(file: string, overrides: readonly Override[] = []): { doc: object; source: ExperimentSource } {
  const source: ExperimentSource = { file, baseDir: dirname(resolve(file)) };
  const doc = readJson5File(file);
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    throw new UserError(`${file}: an experiment file holds one object { name, data, model, train, … }`);
  }
  return { doc: applyOverrides(doc as object, overrides), source };
}
