/**
 * Sweep files: JSON5 → ajv (schemas/sweep.schema.json, defaults filled in) → checks the schema
 * cannot express → a typed SweepSpec. Every problem is a UserError naming the file and the field;
 * nothing runs until the whole file is sound.
 */
import { readFileSync } from 'node:fs';
import { basename, dirname, extname, resolve } from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { UserError } from '../../core/errors.js';
import { schemaDir } from '../../core/paths.js';
import { readJson5File } from '../../config/load.js';
import { explainSchemaErrors } from '../../config/explain.js';
import { describeNonFinite, nonFiniteNumbers } from '../../config/finite-numbers.js';
import { didYouMean } from '../../core/did-you-mean.js';
import { compileExpression } from '../../core/expressions/safe-math.js';
import { compileExpectations, EXPECT_ROOTS } from '../expect/index.js';
import { experimentPaths, isExperimentPath } from './known-paths.js';
import { CHECK_METRICS, searchMethod, type CheckMetric, type ParameterSpec, type PruneSpec, type SearchMethodName, type SearchSettings } from '../search/index.js';

export type { CheckMetric, ParameterSpec, PruneSpec, SweepParameter } from '../search/index.js';

export interface SweepSpec extends SearchSettings {
  /** The sweep file, as given. */
  file: string;
  name: string;
  description: string;
  /** The base experiment file, resolved from the sweep file's folder. */
  base: string;
  /** Which search method plans the trials (search/index.ts). */
  method: SearchMethodName;
  /** tpe: random draws before the estimator proposes. */
  startupTrials: number;
  /** Trials planned and decided together; see schemas/sweep.schema.json. */
  batch: number;
  prune?: PruneSpec;
  metric: string;
  goal: 'min' | 'max';
  /** 0 = one per core. */
  parallel: number;
  outDir: string;
  expect: string[];
}

/** An expression parameter's k range is evaluated value by value when the sweep is checked: at most this many. */
const MAX_EXPRESSION_VALUES = 100_000;

let validator: ValidateFunction | undefined;
function sweepValidator(): ValidateFunction {
  validator ??= new Ajv({ allErrors: true, useDefaults: true, verbose: true, strict: false })
    .compile(JSON.parse(readFileSync(resolve(schemaDir, 'sweep.schema.json'), 'utf8')));
  return validator;
}

const PARAMETER_FORMS = 'a list [a, b, …], { values: [...] }, { int: [min, max], step }, { real: [min, max], count }, ' +
  '{ logUniform: [min, max], count } or { expression: "0.1 * 2^-k", k: [from, to] }';

/** Reads, validates and checks a sweep file. */
export function loadSweepFile(file: string): SweepSpec {
  return validateSweep(readJson5File(file, 'sweep file'), file);
}

/** Validates a parsed sweep document; `file` names it in errors and anchors `base`. */
export function validateSweep(doc: unknown, file: string): SweepSpec {
  const copy = structuredClone(doc) as Record<string, unknown>;
  const validate = sweepValidator();
  const nonFinite = nonFiniteNumbers(copy);
  if (nonFinite.length) throw new UserError(`${file}: invalid sweep:\n  - ${nonFinite.map(describeNonFinite).join('\n  - ')}`);
  if (!validate(copy as unknown)) throw new UserError(`${file}: invalid sweep:\n  - ${schemaProblems(validate.errors ?? [], copy).join('\n  - ')}`);
  const problems: string[] = [];
  const parameters = Object.entries(copy.parameters as Record<string, unknown>).map(([path, raw]) => ({ path, spec: parameterSpec(raw) }));
  const method = copy.method as SearchMethodName;
  const search = searchMethod(method);

  problems.push(...search.checkSettings({ trials: copy.trials as number | undefined }));
  for (const { path, spec } of parameters) {
    const where = `parameters."${path}"`;
    if (!isExperimentPath(path)) {
      const hint = didYouMean(path, [...experimentPaths().keys()]);
      problems.push(`${where}: the experiment has no field ${path}${hint ? `; did you mean "${hint}"?` : '.'} Parameters are dotted paths such as model.hiddenSize, train.eta, data.timesteps, seed.`);
      continue;
    }
    problems.push(...checkParameter(where, spec), ...(search.checkParameter?.(where, spec) ?? []));
  }
  try {
    compileExpression(copy.metric as string, { variables: EXPECT_ROOTS, context: 'sweep metric', where: `${file}, metric` });
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    problems.push(e.message);
  }
  const prune = copy.prune === undefined ? undefined : pruneSpec(copy.prune as Record<string, unknown>, copy.metric as string, problems);
  try {
    compileExpectations(copy.expect as string[], file);
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    problems.push(e.message);
  }
  if (problems.length) throw new UserError(`${file}: invalid sweep:\n  - ${problems.join('\n  - ')}`);

  return {
    file,
    name: (copy.name as string | undefined) ?? basename(file, extname(file)).replace(/[^A-Za-z0-9._-]/g, '-'),
    description: copy.description as string,
    base: resolve(dirname(resolve(file)), copy.base as string),
    method,
    trials: copy.trials as number | undefined,
    startupTrials: copy.startupTrials as number,
    batch: copy.batch as number,
    prune,
    seed: copy.seed as number,
    parameters,
    metric: copy.metric as string,
    goal: copy.goal as SweepSpec['goal'],
    parallel: copy.parallel as number,
    outDir: copy.outDir as string,
    expect: copy.expect as string[],
  };
}

/** The schema's errors as sentences: one per parameter that matches none of the forms (instead of one per form), the prune block by its method's form. */
function schemaProblems(errors: readonly ErrorObject[], copy: Record<string, unknown>): string[] {
  const badParams = new Set<string>();
  const rest = pruneBranchErrors(errors, copy.prune).filter((e) => {
    const m = /^\/parameters\/([^/]+)/.exec(e.instancePath);
    if (m) badParams.add(m[1].replace(/~1/g, '/').replace(/~0/g, '~'));
    return !m;
  });
  return [
    ...unknownPruneMethod(copy.prune),
    ...explainSchemaErrors(rest, copy).map((l) => l.replace('the experiment is', 'the sweep is')),
    ...[...badParams].map((p) => `parameters."${p}" is ${JSON.stringify((copy.parameters as Record<string, unknown>)[p])}; write it as ${PARAMETER_FORMS}.`),
  ];
}

function parameterSpec(raw: unknown): ParameterSpec {
  if (Array.isArray(raw)) return { kind: 'values', values: raw };
  const o = raw as Record<string, unknown>;
  if ('values' in o) return { kind: 'values', values: o.values as unknown[] };
  if ('int' in o) {
    const [min, max] = o.int as number[];
    return { kind: 'int', min, max, step: (o.step as number | undefined) ?? 1 };
  }
  if ('real' in o) return { kind: 'real', min: (o.real as number[])[0], max: (o.real as number[])[1], count: o.count as number | undefined };
  if ('logUniform' in o) {
    const [min, max] = o.logUniform as number[];
    return { kind: 'logUniform', min, max, count: o.count as number | undefined };
  }
  const [from, to] = o.k as number[];
  return { kind: 'expression', expression: o.expression as string, from, to };
}

/** The checks every method makes; a method adds its own (SearchMethod.checkParameter). */
function checkParameter(where: string, spec: ParameterSpec): string[] {
  switch (spec.kind) {
    case 'values':
      return [];
    case 'int':
      return spec.min <= spec.max && Number.isInteger(spec.min) && Number.isInteger(spec.max) ? []
        : [`${where}: int [${spec.min}, ${spec.max}] must be two whole numbers with min ≤ max.`];
    case 'real':
    case 'logUniform': {
      const out: string[] = [];
      if (!(spec.min < spec.max)) out.push(`${where}: ${spec.kind} [${spec.min}, ${spec.max}] needs min < max.`);
      if (spec.kind === 'logUniform' && !(spec.min > 0)) out.push(`${where}: logUniform [${spec.min}, ${spec.max}] needs 0 < min (it is uniform in log space).`);
      return out;
    }
    case 'expression': {
      if (!(spec.from <= spec.to) || !Number.isInteger(spec.from) || !Number.isInteger(spec.to)) {
        return [`${where}: k [${spec.from}, ${spec.to}] needs two whole numbers with from ≤ to.`];
      }
      // The size first: every value is evaluated below, and k over [0, 1e10] would never end.
      const count = spec.to - spec.from + 1;
      if (count > MAX_EXPRESSION_VALUES) {
        return [`${where}: k [${spec.from}, ${spec.to}] gives ${count} values, more than ${MAX_EXPRESSION_VALUES}; an expression lists values one k at a time, ` +
          'so use a narrower k range, or { logUniform: [min, max] } / { int: [min, max] } for a large range.'];
      }
      try {
        const e = compileExpression(spec.expression, { variables: ['k'], context: 'sweep value', where });
        for (let k = spec.from; k <= spec.to; k++) e.evaluateNumber({ k });
        return [];
      } catch (e) {
        if (!(e instanceof UserError)) throw e;
        return [e.message];
      }
    }
  }
}

/** The schema's prune forms, in its oneOf order: which form each method is. */
const PRUNE_FORMS: Record<string, number> = { median: 0, asha: 1, hyperband: 1 };

/**
 * Only the errors of the prune form its `method` names (the others' "unknown key minEpochs" would
 * only confuse); for a method that is none of them, none (unknownPruneMethod says it once).
 */
function pruneBranchErrors(errors: readonly ErrorObject[], prune: unknown): ErrorObject[] {
  const method = (prune as { method?: unknown } | undefined)?.method;
  const form = typeof method === 'string' ? PRUNE_FORMS[method] : undefined;
  return errors.filter((e) => {
    const m = /^#\/properties\/prune\/oneOf(?:\/(\d+))?/.exec(e.schemaPath);
    if (!m) return true;
    if (m[1] === undefined) return false; // "must match exactly one schema in oneOf"
    return form !== undefined && Number(m[1]) === form;
  });
}

/** A prune method that is none of the forms': the line that says which there are. */
function unknownPruneMethod(prune: unknown): string[] {
  const method = (prune as { method?: unknown } | undefined)?.method;
  if (prune === undefined || (typeof method === 'string' && method in PRUNE_FORMS)) return [];
  const names = Object.keys(PRUNE_FORMS);
  const hint = typeof method === 'string' ? didYouMean(method, names) : undefined;
  return [`prune.method is ${JSON.stringify(method)}; use ${names.map((n) => `"${n}"`).join(', ')}${hint ? `. Did you mean "${hint}"?` : '.'}`];
}

/** The prune block with its check metric named: given, or the sweep's metric when it is one. */
function pruneSpec(raw: Record<string, unknown>, sweepMetric: string, problems: string[]): PruneSpec | undefined {
  const fromSweep = /^\s*(?:bestParams\.)?(validation\.(?:loss|accuracy|r2))\s*$/.exec(sweepMetric)?.[1] as CheckMetric | undefined;
  const metric = (raw.metric as CheckMetric | undefined) ?? fromSweep;
  if (!metric) {
    problems.push(`prune: the sweep's metric "${sweepMetric}" is known only at the end of a trial, so pruning needs the check metric to compare: add prune.metric, one of ${CHECK_METRICS.map((m) => `"${m}"`).join(', ')}.`);
    return undefined;
  }
  const goal: 'min' | 'max' = metric === 'validation.loss' ? 'min' : 'max';
  if (raw.method === 'median') return { method: 'median', after: raw.after as number, metric, goal };
  const method = raw.method as 'asha' | 'hyperband';
  const asha = { method, minEpochs: raw.minEpochs as number, maxEpochs: raw.maxEpochs as number, reduction: raw.reduction as number, metric, goal };
  if (!(asha.minEpochs <= asha.maxEpochs)) problems.push(`prune: ${method} needs minEpochs (${asha.minEpochs}) ≤ maxEpochs (${asha.maxEpochs}).`);
  return asha;
}
