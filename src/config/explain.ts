/**
 * Turns ajv's errors into sentences a user can act on: the dotted path (`train.eta`), the value
 * found, what is allowed, and "did you mean" for a misspelled key or value.
 */
import type { ErrorObject } from 'ajv';
import { didYouMean } from '../core/did-you-mean.js';

export function dottedPath(instancePath: string): string {
  if (instancePath === '') return '(top level)';
  return instancePath.slice(1).split('/').map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((acc, part) => (/^\d+$/.test(part) ? `${acc}[${part}]` : acc ? `${acc}.${part}` : part), '');
}

function valueAt(doc: unknown, instancePath: string): unknown {
  if (instancePath === '') return doc;
  let cur: unknown = doc;
  for (const raw of instancePath.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

function show(v: unknown): string {
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/**
 * Names users bring from Keras, PyTorch Lightning and the like, and the field they mean here.
 * Keys are lower-case with - and _ removed.
 */
const ALIASES: Readonly<Record<string, string>> = {
  epochs: 'train.maxEpochs', epoch: 'train.maxEpochs', maxepochs: 'train.maxEpochs', numepochs: 'train.maxEpochs',
  lr: 'train.eta', learningrate: 'train.eta', eta: 'train.eta',
  batchsize: 'train.batchSize', batch: 'train.batchSize',
  units: 'model.hiddenSize', hiddensize: 'model.hiddenSize', hidden: 'model.hiddenSize', hiddenunits: 'model.hiddenSize',
  optimizer: 'train.optimizer', momentum: 'train.momentum', patience: 'train.patience', seed: 'seed',
  dataset: 'data.name', timesteps: 'data.timesteps', lookback: 'data.timesteps', window: 'data.timesteps',
};

/** `"maxEpochs"` when the alias's field is a sibling, `train.maxEpochs` when it lives elsewhere; undefined for no alias. */
function aliasHint(key: string, instancePath: string): string | undefined {
  const target = ALIASES[key.toLowerCase().replace(/[-_]/g, '')];
  if (!target) return undefined;
  const here = instancePath.split('/').filter(Boolean).join('.');
  const parent = target.includes('.') ? target.slice(0, target.lastIndexOf('.')) : '';
  const leaf = target.slice(target.lastIndexOf('.') + 1);
  if (parent === here) return leaf === key ? undefined : `"${leaf}"`;
  return target;
}

function explainOne(e: ErrorObject, doc: unknown): string {
  const path = dottedPath(e.instancePath);
  const value = valueAt(doc, e.instancePath);
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String(p.additionalProperty);
      const allowed = Object.keys((e.parentSchema as { properties?: object })?.properties ?? {}).filter((k) => k !== '$schema');
      const where = e.instancePath === '' ? 'at the top level' : `in ${path}`;
      const hint = aliasHint(key, e.instancePath) ?? (didYouMean(key, allowed) !== undefined ? `"${didYouMean(key, allowed)}"` : undefined);
      return `unknown key "${key}" ${where}${hint ? `; did you mean ${hint}?` : '.'} Allowed: ${allowed.join(', ')}.`;
    }
    case 'required':
      return `${path === '(top level)' ? 'the experiment' : path} is missing the required key "${String(p.missingProperty)}".`;
    case 'enum': {
      const allowed = (p.allowedValues as unknown[]).map(show);
      const hint = typeof value === 'string' ? didYouMean(value, (p.allowedValues as unknown[]).map(String)) : undefined;
      return `${path} is ${show(value)}; allowed: ${allowed.join(', ')}${hint ? `. Did you mean "${hint}"?` : '.'}`;
    }
    case 'const':
      return `${path} is ${show(value)}; it must be ${show(p.allowedValue)}.`;
    case 'type':
      return `${path} is ${show(value)} (${Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value}); it must be ${
        p.type === 'integer' ? 'a whole number' : `of type ${String(p.type)}`}.`;
    case 'minimum': case 'maximum': case 'exclusiveMinimum': case 'exclusiveMaximum':
      return `${path} is ${show(value)}; it must be ${String(p.comparison)} ${String(p.limit)}.`;
    case 'minItems': case 'maxItems': case 'minLength': case 'maxLength':
      return `${path} ${e.message ?? 'is out of range'} (found ${show(value)}).`;
    case 'pattern':
      return `${path} is ${show(value)}; it must match ${String(p.pattern)} (letters, digits, '.', '_' and '-').`;
    case 'uniqueItems':
      return `${path} has a duplicate: items ${String(p.j)} and ${String(p.i)} are equal.`;
    default:
      return `${path} ${e.message ?? 'is invalid'} (found ${show(value)}).`;
  }
}

/**
 * One line per real problem. Drops ajv's bookkeeping errors (an `if` whose `then` failed, and the
 * branches of an `anyOf` that do not apply to the value's type), keeping the ones that explain it.
 */
export function explainSchemaErrors(errors: readonly ErrorObject[], doc: unknown): string[] {
  const anyOfPaths = new Set(errors.filter((e) => e.keyword === 'anyOf').map((e) => e.instancePath));
  const kept = errors.filter((e) => {
    if (e.keyword === 'if' || e.keyword === 'anyOf') return false;
    if (anyOfPaths.has(e.instancePath)) {
      const v = valueAt(doc, e.instancePath);
      const isObject = v !== null && typeof v === 'object';
      if (e.keyword === 'type') return !isObject && typeof v !== 'string';
      if (e.keyword === 'enum') return !isObject;
    }
    return true;
  });
  return [...new Set(kept.map((e) => explainOne(e, doc)))];
}
