/**
 * Linear interpolation of missing values (NaN) in a series, in place. The PM2.5 preparation and the
 * CSV dataset share it; they differ only in what a gap without a known value on its left starts from.
 */

export interface GapFill {
  /**
   * A gap at the start of the series: 'nearest' copies the first known value; a number ramps up from
   * that value as if it were known one step before the series (the book ramps PM2.5 up from 0).
   */
  leading: 'nearest' | number;
}

/**
 * Fills every NaN of `values` and returns how many it filled. A gap between two known values a (at i)
 * and b (at j) gets a + (b − a)·(k − i)/(j − i) at k; a gap at the end repeats the last known value
 * (nothing after it to interpolate towards). Returns −1, leaving values unchanged, if none is known.
 */
export function fillGaps(values: Float64Array, fill: GapFill): number {
  const n = values.length;
  let firstKnown = 0;
  while (firstKnown < n && Number.isNaN(values[firstKnown])) firstKnown++;
  if (firstKnown === n) return n === 0 ? 0 : -1;
  let filled = firstKnown;
  if (fill.leading === 'nearest') {
    values.fill(values[firstKnown], 0, firstKnown);
  } else {
    const a = fill.leading;
    const b = values[firstKnown];
    for (let k = 0; k < firstKnown; k++) values[k] = a + ((b - a) * (k + 1)) / (firstKnown + 1);
  }
  let lastKnown = firstKnown;
  for (let k = firstKnown + 1; k < n; k++) {
    if (Number.isNaN(values[k])) continue;
    const gap = k - lastKnown;
    if (gap > 1) {
      const a = values[lastKnown];
      const step = (values[k] - a) / gap;
      for (let m = 1; m < gap; m++) values[lastKnown + m] = a + step * m;
      filled += gap - 1;
    }
    lastKnown = k;
  }
  values.fill(values[lastKnown], lastKnown + 1, n);
  return filled + (n - 1 - lastKnown);
}
