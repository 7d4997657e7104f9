/*
 * Text from run and sweep folders (parameter names and values, metric names) in a vega-lite spec.
 * vega-lite compiles titles into expressions (a tooltip's keys, an axis's aria description) and a
 * sort order into an `indexof([...], datum.x)` expression, and vega's expression parser refuses a
 * line or paragraph separator (U+2028, U+2029) or a raw control character in a string: a sweep
 * parameter so named took the sweep page down. vegaSafe() shows each such character as a space, in
 * every string of a spec alike (titles, sort orders and the data they sort), so they still match.
 * Field names are never taken from data (every chart reads fixed fields of rows it built: `value`,
 * `param`, `axis` …), so `.`, `[`, `"` and `\` in a name are never read as a path or an expression.
 */

// eslint-disable-next-line no-control-regex
const UNPARSABLE = /[\u0000-\u001f\u007f\u2028\u2029]/g;

/** `text` with the characters vega's expressions cannot hold shown as spaces. */
export function vegaText(text: string): string {
  return text.replace(UNPARSABLE, ' ');
}

/** A copy of `spec` with vegaText applied to every string in it (keys stay: they are the spec's own names). */
export function vegaSafe<T>(spec: T): T {
  if (typeof spec === 'string') return vegaText(spec) as T;
  if (Array.isArray(spec)) return spec.map(vegaSafe) as T;
  if (spec === null || typeof spec !== 'object') return spec;
  return Object.fromEntries(Object.entries(spec).map(([k, v]) => [k, vegaSafe(v)])) as T;
}
