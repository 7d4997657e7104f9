/**
 * Expressions a user writes in an experiment or sweep file (`expect` conditions, sweep values,
 * learning-rate schedules), evaluated so that a file from someone else cannot run code or read
 * anything but the values it is given.
 *
 * Two locks, either enough on its own:
 *  1. a mathjs instance built from only the arithmetic it needs, with `import`, `createUnit`,
 *     `evaluate`, `parse`, `compile` … replaced by functions that throw (mathjs's security advice);
 *  2. an allowlist walk over the parsed tree (check-tree.ts), at compile time, i.e. before training.
 */
import * as mathjs from 'mathjs/number';
import type { MathNode } from 'mathjs';
import { UserError } from '../errors.js';
import { lowerTree, RefusedConstruct, type NodeClasses, type ScopeRef } from './check-tree.js';
import { isLeaf, valuePaths } from './suggest.js';
import { didYouMeanHint } from '../did-you-mean.js';

export type ExpressionContext = 'expect' | 'sweep value' | 'sweep metric' | 'etaSchedule';

export interface CompileOptions {
  /** Root names the expression may read, e.g. ['eta', 'epoch', 'epochs'] or ['test', 'validation', …]. */
  variables: readonly string[];
  context: ExpressionContext;
  /** Where the expression was written, for errors: 'experiments/pm25.json5, expect[0]'. */
  where?: string;
}

export interface CompiledExpression {
  readonly source: string;
  /** The scope paths the expression reads, as written: ['test.accuracy', 'baseline.test.r2']. */
  readonly paths: readonly string[];
  /** The value of each path in `scope`; throws MissingValueError for a path the scope lacks. */
  resolve(scope: unknown): Record<string, number | boolean | string>;
  /** The value of each path that `scope` holds, leaving out the missing ones (for reports). */
  valuesIn(scope: unknown): Record<string, number | boolean | string>;
  /** Evaluates over `scope` (plain data: objects, numbers, booleans, strings). */
  evaluate(scope: unknown): unknown;
  /** evaluate(), requiring a finite number. */
  evaluateNumber(scope: unknown): number;
  /** evaluate(), requiring true or false (a condition). */
  evaluateBoolean(scope: unknown): boolean;
}

/** A path the expression reads that the scope does not hold. */
export class MissingValueError extends UserError {
  constructor(readonly expression: string, readonly path: string, readonly available: string[], where: string) {
    super(`${where}: "${expression}" reads \`${path}\`, which this run does not have.${didYouMeanHint(path, available)}` +
      ` Available: ${available.join(', ') || '(nothing)'}.`, 1);
    this.name = 'MissingValueError';
  }
}

const MAX_LENGTH = 1000;

/** The only functions the instance has: arithmetic, comparison, logic and a few math functions. */
const FUNCTIONS = [
  'abs', 'add', 'and', 'cbrt', 'ceil', 'cos', 'divide', 'equal', 'exp', 'floor', 'isNaN', 'larger', 'largerEq',
  'log10', 'log2', 'log', 'max', 'min', 'mod', 'multiply', 'not', 'or', 'parse', 'pow', 'round', 'sign', 'sin',
  'smaller', 'smallerEq', 'sqrt', 'subtract', 'tanh', 'unaryMinus', 'unaryPlus', 'unequal', 'xor',
] as const;
const math = mathjs.create(Object.fromEntries(FUNCTIONS.map((f) => {
  const deps = (mathjs as unknown as Record<string, unknown>)[`${f}Dependencies`];
  if (deps === undefined) throw new Error(`mathjs has no ${f}Dependencies`);
  return [`${f}Dependencies`, deps];
})) as Parameters<typeof mathjs.create>[0]);
// Kept privately before the public one is disabled below.
const parse = math.parse;
const nodeClasses = math as unknown as NodeClasses;
const mathEqual = math.equal as (a: unknown, b: unknown) => boolean;

const disabled = (name: string) => () => {
  throw new Error(`mathjs function ${name} is disabled in rnnflow expressions`);
};
math.import({
  // Text compares as text, everything else as mathjs does (check-tree.ts routes == and != here).
  equalValue: (a: unknown, b: unknown) => (typeof a === 'string' || typeof b === 'string' ? a === b : mathEqual(a, b)),
  unequalValue: (a: unknown, b: unknown) => (typeof a === 'string' || typeof b === 'string' ? a !== b : !mathEqual(a, b)),
}, {});
math.import(Object.fromEntries(
  ['import', 'createUnit', 'evaluate', 'parse', 'compile', 'simplify', 'simplifyConstant', 'simplifyCore',
    'derivative', 'resolve', 'reviver', 'replacer', 'chain', 'help', 'rationalize', 'leafCount', 'symbolicEqual']
    .map((n) => [n, disabled(n)]),
), { override: true });

/**
 * Parses and checks an expression; throws a UserError (exit code 2) naming the expression, where it
 * was written and the refused construct. Nothing is evaluated here.
 */
export function compileExpression(expr: string, options: CompileOptions): CompiledExpression {
  const where = options.where ?? options.context;
  const refuse = (why: string): never => {
    const end = /[.?!]$/.test(why) ? '' : '.';
    throw new UserError(`${where}: the ${options.context} expression "${expr}" is refused: ${why}${end}`);
  };
  if (typeof expr !== 'string' || expr.trim() === '') refuse('it is empty');
  if (expr.length > MAX_LENGTH) refuse(`it is longer than ${MAX_LENGTH} characters`);

  let parsed: MathNode;
  try {
    parsed = parse(expr);
  } catch (e) {
    return refuse(`it does not parse (${(e as Error).message})`);
  }
  let lowered: { tree: MathNode; refs: ScopeRef[] };
  try {
    lowered = lowerTree(parsed, options.variables, nodeClasses);
  } catch (e) {
    if (e instanceof RefusedConstruct) return refuse(e.message);
    throw e;
  }
  const code = lowered.tree.compile();
  const refs = lowered.refs;

  const resolve = (scope: unknown): Record<string, number | boolean | string> => {
    const values: Record<string, number | boolean | string> = {};
    for (const ref of refs) values[ref.display] = lookUp(scope, ref, expr, where);
    return values;
  };
  const valuesIn = (scope: unknown): Record<string, number | boolean | string> => {
    const values: Record<string, number | boolean | string> = {};
    for (const ref of refs) {
      try {
        values[ref.display] = lookUp(scope, ref, expr, where);
      } catch (e) {
        if (!(e instanceof UserError)) throw e;
      }
    }
    return values;
  };
  const evaluate = (scope: unknown): unknown => {
    const values = resolve(scope);
    const bound = new Map<string, unknown>(refs.map((r, i) => [`$${i}`, values[r.display]]));
    try {
      return code.evaluate(bound);
    } catch (e) {
      throw new UserError(`${where}: "${expr}" could not be evaluated: ${(e as Error).message}`, 1);
    }
  };
  return {
    source: expr,
    paths: refs.map((r) => r.display),
    resolve,
    valuesIn,
    evaluate,
    evaluateNumber(scope) {
      const v = evaluate(scope);
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new UserError(`${where}: "${expr}" must give a finite number, but gave ${describe(v)}.`, 1);
      }
      return v;
    },
    evaluateBoolean(scope) {
      const v = evaluate(scope);
      if (typeof v !== 'boolean') {
        throw new UserError(`${where}: "${expr}" must be a condition (true or false), such as "test.accuracy >= 0.8", but gave ${describe(v)}.`, 1);
      }
      return v;
    },
  };
}

/** Own properties only, to a number, boolean or string: never a prototype, a function or an object. */
function lookUp(scope: unknown, ref: ScopeRef, expr: string, where: string): number | boolean | string {
  let v: unknown = scope;
  for (const key of ref.segments) {
    if (v === null || typeof v !== 'object' || Array.isArray(v) || !Object.hasOwn(v, key)) {
      throw new MissingValueError(expr, ref.display, valuePaths(scope), where);
    }
    v = (v as Record<string, unknown>)[key];
  }
  if (isLeaf(v)) return v;
  const inside = valuePaths(v, ref.segments);
  if (inside.length) {
    throw new UserError(`${where}: "${expr}" reads \`${ref.display}\`, which holds several values; use one of ${inside.join(', ')}.`, 1);
  }
  throw new MissingValueError(expr, ref.display, valuePaths(scope), where);
}

function describe(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v) : typeof v === 'object' && v !== null ? `a ${(v as object).constructor?.name ?? 'value'}` : String(v);
}
