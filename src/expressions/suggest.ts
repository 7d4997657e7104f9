/**
 * "Did you mean" help for names a user typed: the closest candidates by edit distance, and the list
 * of every value path in a scope, so an error can say what *is* available.
 */

/** Levenshtein distance, case-insensitive (a user typing `Test.Accuracy` meant `test.accuracy`). */
export function editDistance(a: string, b: string): number {
  a = a.toLowerCase();
  b = b.toLowerCase();
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length];
}

/** The candidates close enough to `name` to be a plausible typo, best first (at most three). */
export function closest(name: string, candidates: Iterable<string>): string[] {
  const limit = Math.max(2, Math.floor(name.length / 3));
  return [...new Set(candidates)]
    .map((c) => ({ c, d: editDistance(name, c) }))
    .filter(({ d }) => d <= limit)
    .sort((x, y) => x.d - y.d || x.c.localeCompare(y.c))
    .slice(0, 3)
    .map(({ c }) => c);
}

/** ` Did you mean "a" or "b"?` — or nothing when no candidate is close. */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  const near = closest(name, candidates);
  if (near.length === 0) return '';
  return ` Did you mean ${near.map((c) => `"${c}"`).join(' or ')}?`;
}

/** How a path is written in an expression: `test.accuracy`, `horizons.final["1h"].r2`. */
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
