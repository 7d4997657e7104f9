/**
 * Rows as CSV text (csv-stringify, the csv-parse family's writer): a cell holding a comma, a quote or
 * a line break, or starting or ending with a space (a reader that trims would lose it), is quoted,
 * quotes doubled; numbers as String() writes them, true and false as words, null and undefined as
 * empty cells; every line ends with \n. predict's outputs and a sweep's results.csv are written with it.
 */
import { stringify } from 'csv-stringify/sync';

export type CsvCell = string | number | boolean | null | undefined;

export function csvText(rows: readonly (readonly CsvCell[])[]): string {
  // csv-stringify writes true as 1 and false as an empty cell by default.
  return stringify(rows as CsvCell[][], { cast: { boolean: (v) => String(v) }, quoted_match: /^\s|\s$/ });
}
