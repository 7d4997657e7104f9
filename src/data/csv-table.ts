/**
 * A user's CSV as text cells, and the checks that turn its columns into numbers. Every problem is a
 * DataError naming the file, the row (as an editor shows it: the header is row 1) and the column.
 */
import { parse } from 'csv-parse/sync';
import { CsvError } from 'csv-parse';
import { didYouMean } from '../core/did-you-mean.js';
import { DataError } from '../core/errors.js';

/** How a CSV writes its cells: the character between them and the decimal mark (data.delimiter, data.decimal). */
export interface CsvDialect { delimiter?: string; decimal?: '.' | ',' }

export interface CsvTable {
  file: string;
  /** The separator and decimal mark it was read with (absent: ',' and '.'). */
  delimiter?: string;
  decimal?: '.' | ',';
  header: string[];
  /** The data records, without the header. */
  records: string[][];
  /** records[i] ends on line lines[i] of the file (blank lines are skipped, quoted cells may span lines). */
  lines: number[];
  /** A chunk of a longer file (csv-chunks.ts): the file's data-row index of records[0] (absent: 0). */
  firstRecord?: number;
}

export function parseCsvTable(text: string, file: string, dialect: CsvDialect = {}): CsvTable {
  const lines: number[] = [];
  let all: string[][];
  try {
    all = parse(text, {
      skip_empty_lines: true, trim: true, bom: true, delimiter: dialect.delimiter ?? ',',
      on_record: (record: string[], context: { lines: number }) => { lines.push(context.lines); return record; },
    }) as string[][];
  } catch (e) {
    if (!(e instanceof CsvError)) throw e;
    const cells = (e as CsvError & { record?: unknown[] }).record;
    const message = e.code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH' && cells
      ? `malformed row: ${cells.length} cells where the header has ${headerCells(text, dialect.delimiter ?? ',').length}${sentence(delimiterHint(headerCells(text, dialect.delimiter ?? ','), dialect.delimiter))}`
      : `malformed CSV: ${e.message}`;
    throw new DataError(file, message, (e as CsvError & { lines?: number }).lines);
  }
  if (all.length === 0) throw new DataError(file, 'the file is empty; expected a header row and data rows');
  const [header, ...records] = all;
  const seen = new Set<string>();
  for (const name of header) {
    if (seen.has(name)) throw new DataError(file, `the header names column "${name}" twice`, lines[0]);
    seen.add(name);
  }
  return {
    file, ...(dialect.delimiter && dialect.delimiter !== ',' ? { delimiter: dialect.delimiter } : {}),
    ...(dialect.decimal === ',' ? { decimal: ',' as const } : {}), header, records, lines: lines.slice(1),
  };
}

/** The header line's cells, for the error message of a ragged row (csv-parse reports only the row's). */
function headerCells(text: string, delimiter: string): string[] {
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0];
  return (parse(firstLine, { trim: true, delimiter }) as string[][])[0] ?? [];
}

const SEPARATORS: [string, string][] = [[';', 'semicolon'], ['\t', 'tab'], ['|', 'bar'], [',', 'comma']];

/**
 * When a header read as one column holds another separator ("time;temp;load"), what to set; else ''.
 * Spreadsheets that write a decimal comma separate cells by semicolons, so a missing column often means this.
 */
export function delimiterHint(header: readonly string[], delimiter = ','): string {
  if (header.length !== 1) return '';
  const found = SEPARATORS.find(([c]) => c !== delimiter && header[0].includes(c));
  if (!found) return '';
  const shown = found[0] === '\t' ? '\\t' : found[0];
  return ` The header looks ${found[1]}-separated ("${header[0]}" is one column): set data.delimiter to "${shown}".`;
}

/** A hint after a message that has no full stop yet. */
export function sentence(hint: string): string {
  return hint ? `.${hint}` : '';
}

/** When a cell that is no number would be one with a decimal comma ("12,5"), what to set; else ''. */
export function decimalHint(cell: string, decimal: '.' | ',' = '.'): string {
  return decimal === '.' && /^[+-]?(\d+,\d*|,\d+)([eE][+-]?\d+)?$/.test(cell) ? '; it looks like a decimal comma: set data.decimal to ","' : '';
}

/** The index of column `name`; else a DataError listing the columns that exist, with a "did you mean". */
export function columnIndex(table: CsvTable, name: string, role: string): number {
  const j = table.header.indexOf(name);
  if (j >= 0) return j;
  const hint = didYouMean(name, table.header);
  throw new DataError(table.file, `no ${role} column "${name}"${hint ? `; did you mean "${hint}"?` : '.'} ` +
    `The columns are: ${table.header.map((h) => `"${h}"`).join(', ')}.${delimiterHint(table.header, table.delimiter)}`);
}

/** Cells that mean "no value". */
export function isMissingCell(cell: string): boolean {
  return cell === '' || /^(na|nan|n\/a|null)$/i.test(cell);
}

// Decimal numbers only: Number() would also accept "0x1A", "Infinity" and "" (as 0).
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Column j as numbers, NaN where a cell is missing. allowMissing false: a missing cell is an error.
 * Returns the values and how many were missing.
 */
export function numericColumn(table: CsvTable, j: number, allowMissing: boolean): { values: Float64Array; missing: number } {
  const column = table.header[j];
  const values = new Float64Array(table.records.length);
  let missing = 0;
  for (let r = 0; r < table.records.length; r++) {
    const cell = table.records[r][j];
    if (isMissingCell(cell)) {
      if (!allowMissing) {
        throw new DataError(table.file, `missing value ${cell === '' ? '(empty cell)' : `"${cell}"`}; ` +
          'set data.missing to "interpolate" to fill gaps linearly', table.lines[r], column);
      }
      values[r] = NaN;
      missing++;
    } else {
      const v = parseDecimal(cell, table.decimal);
      if (v === undefined) throw new DataError(table.file, `"${cell}" is not a number${decimalHint(cell, table.decimal)}`, table.lines[r], column);
      // "1e309" is decimal but no double: it would become ±Infinity and poison every metric.
      if (!Number.isFinite(v)) throw new DataError(table.file, `"${cell}" is beyond the largest number (about ±1.8e308)`, table.lines[r], column);
      values[r] = v;
    }
  }
  return { values, missing };
}

const DECIMAL_COMMA = /^[+-]?(\d+,?\d*|,\d+)([eE][+-]?\d+)?$/;

/** The number a decimal cell writes (±Infinity beyond a double's range), or undefined when it is no decimal number. */
export function parseDecimal(cell: string, decimal: '.' | ',' = '.'): number | undefined {
  if (decimal === ',') return DECIMAL_COMMA.test(cell) ? Number(cell.replace(',', '.')) : undefined;
  return DECIMAL.test(cell) ? Number(cell) : undefined;
}
