/**
 * Numbers JSON5 reads but no run can use: `NaN`, `Infinity`, and literals beyond the largest double
 * (`1e400`, which JSON5 and JavaScript turn into Infinity without a word). Found anywhere in an
 * experiment or sweep document, each is named by its path, so it never reaches the schema (where it
 * would print as `null`) or the data (where a class threshold of NaN silently makes every row class 0).
 */

/** Where each non-finite number in `doc` sits, as `train.eta` / `data.classes[1]`, with what it is. */
export function nonFiniteNumbers(doc: unknown, prefix = ''): { path: string; value: number }[] {
  const found: { path: string; value: number }[] = [];
  const walk = (v: unknown, path: string): void => {
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) found.push({ path: path || '(top level)', value: v });
    } else if (Array.isArray(v)) {
      v.forEach((item, i) => walk(item, `${path}[${i}]`));
    } else if (v !== null && typeof v === 'object') {
      for (const [key, item] of Object.entries(v)) {
        // A sweep's parameter names are dotted paths themselves: quoted, as the sweep's messages write them.
        const name = key.includes('.') ? `"${key}"` : key;
        walk(item, path ? `${path}.${name}` : name);
      }
    }
  };
  walk(doc, prefix);
  return found;
}

/** One sentence per non-finite number: what it is and what to write instead. */
export function describeNonFinite({ path, value }: { path: string; value: number }): string {
  const what = Number.isNaN(value) ? 'NaN'
    : `${value > 0 ? '' : '-'}Infinity (a literal such as 1e400 is beyond the largest number, about ±1.8e308)`;
  return `${path} is ${what}; numbers here must be finite, so write an ordinary number.`;
}
