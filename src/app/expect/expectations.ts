/**
 * `expect` conditions: mathjs expressions over a run's summary, checked after the run (the CI
 * regression checks). They are compiled when the experiment is loaded, so a refused or misspelt
 * condition stops the run before any training.
 */
import { EXIT, type ExitCode } from '../../core/exit-codes.js';
import { UserError } from '../../core/errors.js';
import type { RunSummary } from '../../events/run-event.js';
import { compileExpression, MissingValueError, type CompiledExpression } from '../../core/expressions/safe-math.js';

/** The names a condition can start from; see expectationScope for what each holds. */
export const EXPECT_ROOTS = [
  'validation', 'test', 'bestParams', 'baseline', 'horizons', 'pooled', 'best', 'epochs', 'iterations', 'seconds', 'status', 'seed',
] as const;

export interface CompiledExpectation {
  expression: string;
  /** Where it was written: 'experiments/regression/minus.json5, expect[1]'. */
  where: string;
  compiled: CompiledExpression;
}

export interface ExpectationResult {
  expression: string;
  passed: boolean;
  /** The actual value of every summary path the condition reads (those that exist). */
  values: Record<string, number | boolean | string>;
  /** Why it failed when it could not be evaluated (a missing value, a non-condition …). */
  error?: string;
}

/**
 * Compiles every condition; throws one UserError (exit code 2) listing all that are refused.
 * `where` names the file, e.g. 'experiments/pm25.json5'.
 */
export function compileExpectations(exprs: readonly string[], where: string): CompiledExpectation[] {
  const compiled: CompiledExpectation[] = [];
  const problems: string[] = [];
  exprs.forEach((expression, i) => {
    const place = `${where}, expect[${i}]`;
    try {
      compiled.push({ expression, where: place, compiled: compileExpression(expression, { variables: EXPECT_ROOTS, context: 'expect', where: place }) });
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      problems.push(e.message);
    }
  });
  if (problems.length) throw new UserError(problems.join('\n'));
  return compiled;
}

/**
 * The values a condition sees: the summary's final metrics as `validation` and `test`, the best
 * parameters' as `bestParams.validation` / `bestParams.test`, and the rest by their summary names.
 */
export function expectationScope(summary: RunSummary): Record<string, unknown> {
  const scope: Record<string, unknown> = {
    validation: summary.metrics.validation,
    test: summary.metrics.test,
    bestParams: summary.bestParams,
    best: summary.best,
    epochs: summary.epochs,
    iterations: summary.iterations,
    seconds: summary.seconds,
    status: summary.status,
    seed: summary.seed,
  };
  if (summary.baseline) scope.baseline = summary.baseline;
  if (summary.horizons) scope.horizons = summary.horizons;
  if (summary.pooled) scope.pooled = summary.pooled;
  // JSON round trip: only plain data reaches an expression, whatever the summary object carries.
  return JSON.parse(JSON.stringify(scope)) as Record<string, unknown>;
}

/** Checks each condition against the summary. Never throws for a condition that cannot be evaluated: it fails. */
export function checkExpectations(compiled: readonly CompiledExpectation[], summary: RunSummary): ExpectationResult[] {
  const scope = expectationScope(summary);
  return compiled.map(({ expression, compiled: c }) => {
    const values = c.valuesIn(scope);
    try {
      return { expression, passed: c.evaluateBoolean(scope), values };
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      return { expression, passed: false, values, error: shortReason(e) };
    }
  });
}

/** EXIT.delivered when every condition passed, EXIT.notDelivered otherwise. */
export function expectationsExitCode(results: readonly ExpectationResult[]): ExitCode {
  return results.every((r) => r.passed) ? EXIT.delivered : EXIT.notDelivered;
}

/** One line per condition, e.g. `  PASS  test.accuracy >= 0.82   (test.accuracy = 0.8512)`. */
export function formatExpectations(results: readonly ExpectationResult[]): string {
  const width = Math.max(0, ...results.map((r) => r.expression.length));
  return results.map((r) => {
    const values = Object.entries(r.values).map(([p, v]) => `${p} = ${formatValue(v)}`).join(', ');
    const detail = r.error ?? (values ? `(${values})` : '');
    return `  ${r.passed ? 'PASS' : 'FAIL'}  ${r.expression.padEnd(width)}  ${detail}`.trimEnd();
  }).join('\n');
}

export function formatValue(v: number | boolean | string): string {
  if (typeof v !== 'number') return typeof v === 'string' ? JSON.stringify(v) : String(v);
  return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(5)));
}

function shortReason(e: UserError): string {
  if (e instanceof MissingValueError) {
    const near = e.message.match(/ Did you mean [^?]*\?/)?.[0] ?? '';
    return `\`${e.path}\` is not in this run's summary.${near} Available: ${e.available.join(', ')}`;
  }
  // The where-prefix is already on the line that prints the result.
  return e.message.replace(/^[^"]*: "[^"]*" /, '');
}
