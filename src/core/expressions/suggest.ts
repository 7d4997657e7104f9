/**
 * Help for names a user typed in an expression: how a path is written, and the list of every value
 * path in a scope, so an error can say what *is* there ("did you mean": core/did-you-mean.ts).
 */

/** How a path is written in an expression: `test.accuracy`, `horizons.final.test["1h"].r2`. */
export function formatPath(segments: readonly string[]): string {
  return segments
    .map((s, i) => (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(s) ? (i === 0 ? s : `.${s}`) : `[${JSON.stringify(s)}]`))
    .join('');
}

/** Every path to a number, boolean or string in a plain-data scope, e.g. ["epochs", "test.loss", …]. */
export function valuePaths(scope: unknown, prefix: string[] = []): string[] {
  if (scope === null || typeof scope !== 'object' || Array.isArray(scope)) {
    return prefix.length && isLeaf(scope) ? [formatPath(prefix)] : [];
  }
  return Object.keys(scope).flatMap((k) => valuePaths((scope as Record<string, unknown>)[k], [...prefix, k]));
}

export function isLeaf(v: unknown): v is number | boolean | string {
  return typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string';
}
