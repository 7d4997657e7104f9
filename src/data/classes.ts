/** Value classes by ascending upper bounds: class k holds values < bounds[k], the last class the rest. */

/** The book's PM2.5 classes in µg/m³: 0: <50, 1: <100, 2: <150, 3: <200, 4: <300, 5: ≥300. */
export const PM25_CLASS_BOUNDS: readonly number[] = [50, 100, 150, 200, 300];

export function classOf(value: number, bounds: readonly number[]): number {
  let k = 0;
  while (k < bounds.length && value >= bounds[k]) k++;
  return k;
}

/** Writes the one-hot vector of value's class (bounds.length + 1 wide) at out[off …]. */
export function writeOneHot(value: number, bounds: readonly number[], out: Float64Array, off: number): void {
  out.fill(0, off, off + bounds.length + 1);
  out[off + classOf(value, bounds)] = 1;
}

/** Human-readable class names, for a run's info: ["<50", "<100", …, "≥300"]. */
export function classNames(bounds: readonly number[]): string[] {
  return [...bounds.map((b) => `<${b}`), `≥${bounds[bounds.length - 1]}`];
}

/** Bounds must ascend strictly, else some class could never occur; returns the offending index or −1. */
export function firstUnorderedBound(bounds: readonly number[]): number {
  for (let k = 1; k < bounds.length; k++) if (!(bounds[k] > bounds[k - 1])) return k;
  return -1;
}
