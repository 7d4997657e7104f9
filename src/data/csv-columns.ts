/**
 * The numeric columns a run needs from a CSV file, read in 1 MiB pieces straight into the row-major
 * tables the dataset uses: neither the file's text nor a string per cell is ever held (reading it
 * whole peaked at 16× the file, and a file over 512 MB broke the string length limit). A first pass
 * counts the lines, so each table is allocated once at its final size: memory is 8 bytes per kept cell.
 * Every problem is a DataError naming the file, the row (as an editor shows it: the header is row 1)
 * and the column, as csv-table.ts words them.
 *
 * The pieces become records in csv-records.ts (csv-parse's sync API, one run of whole records at a time).
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import { Gunzip } from 'fflate';
import { didYouMean } from '../core/did-you-mean.js';
import { DataError } from '../core/errors.js';
import { CsvFault, CsvRecordStream } from './csv-records.js';
import { decimalHint, delimiterHint, isMissingCell, parseDecimal, sentence, type CsvDialect } from './csv-table.js';

/** Columns read into one row-major table [rows × names.length], and what they are to the run ('feature', 'target'). */
export interface ColumnGroup { names: readonly string[]; role: string }

export interface CsvNumbers {
  file: string;
  header: string[];
  rows: number;
  /** One table per group, [rows × names.length], NaN where a cell was missing. */
  tables: Float64Array[];
  /** Column name → how many cells were missing (only columns with any). */
  missing: Record<string, number>;
}

const PIECE_BYTES = 1 << 20;

/**
 * Reads the groups' columns of a CSV file (plain, or gzip when the name ends in .gz) as numbers.
 * allowMissing false: a missing cell is an error; true: NaN, counted in `missing`.
 */
export function readCsvNumbers(file: string, groups: readonly ColumnGroup[], allowMissing: boolean, dialect: CsvDialect = {}): CsvNumbers {
  const decimal = dialect.decimal ?? '.';
  let capacity = dataLinesAtMost(file);
  let tables = groups.map((g) => new Float64Array(capacity * g.names.length));
  let header: string[] | undefined;
  let picks: { group: number; slot: number; width: number; index: number; name: string; counts?: boolean }[] = [];
  const missing: Record<string, number> = {};
  let rows = 0;

  const onRecord = (record: string[], line: number) => {
    if (header === undefined) {
      header = checkedHeader(file, record, line);
      for (const g of groups) for (const name of g.names) if (!header.includes(name)) throw missingColumn(file, name, g.role, header, dialect.delimiter);
      picks = groups.flatMap((g, group) => g.names.map((name, slot) => ({ group, slot, width: g.names.length, index: header!.indexOf(name), name })));
      // A column in two groups (the target as a feature too) counts its missing cells once.
      picks = picks.map((p, i) => ({ ...p, counts: picks.findIndex((q) => q.name === p.name) === i }));
      return;
    }
    if (record.length !== header.length) throw new DataError(file, `malformed row: ${record.length} cells where the header has ${header.length}${sentence(delimiterHint(header, dialect.delimiter))}`, line);
    if (rows === capacity) {
      // Only when the line count missed records (a file whose rows end in a lone \r).
      capacity = Math.max(16, capacity * 2);
      tables = tables.map((t, i) => { const grown = new Float64Array(capacity * groups[i].names.length); grown.set(t); return grown; });
    }
    for (const p of picks) tables[p.group][rows * p.width + p.slot] = cellValue(file, record[p.index], line, p.name, allowMissing, p.counts ? missing : {}, decimal);
    rows++;
  };

  const records = new CsvRecordStream({ skip_empty_lines: true, trim: true, relax_column_count: true, delimiter: dialect.delimiter ?? ',' }, onRecord);
  try {
    eachPiece(file, (piece) => records.push(piece));
    records.end();
  } catch (e) {
    if (e instanceof CsvFault) throw new DataError(file, `malformed CSV: ${e.message}`, e.line);
    throw e;
  }

  if (header === undefined) throw new DataError(file, 'the file is empty; expected a header row and data rows');
  // Blank lines (skipped) leave room at the end; a table of the exact size is what the dataset keeps.
  const exact = tables.map((t, i) => (rows === capacity ? t : t.slice(0, rows * groups[i].names.length)));
  return { file, header, rows, tables: exact, missing };
}

/** Lines after the header, at most: a cheap first pass over the bytes (a quoted cell may hold newlines, so more than the records). */
function dataLinesAtMost(file: string): number {
  let newlines = 0;
  let returns = 0;
  let last = -1;
  eachPiece(file, (piece) => {
    for (let at = piece.indexOf(10); at >= 0; at = piece.indexOf(10, at + 1)) newlines++;
    for (let at = piece.indexOf(13); at >= 0; at = piece.indexOf(13, at + 1)) returns++;
    if (piece.length > 0) last = piece[piece.length - 1];
  });
  const lines = Math.max(newlines, returns) + (last === 10 || last === 13 || last === -1 ? 0 : 1);
  return Math.max(0, lines - 1);
}

/** Calls `use` with the file's bytes in pieces of about 1 MiB (a .gz file's text as it inflates). */
export function eachPiece(file: string, use: (piece: Buffer) => void): void {
  const fd = open(file);
  try {
    if (file.endsWith('.gz')) {
      gunzipPieces(file, fd, use);
      return;
    }
    // One buffer, read into again: `use` copies what it keeps.
    const buffer = Buffer.alloc(PIECE_BYTES);
    for (let n; (n = readSync(fd, buffer, 0, PIECE_BYTES, null)) > 0;) use(buffer.subarray(0, n));
  } finally {
    closeSync(fd);
  }
}

/**
 * A .gz file inflated piece by piece with fflate's streaming Gunzip (synchronous, like the rest of the
 * reader; single- or multi-member files). Why not zlib's gunzipSync: it holds the whole text at once,
 * so a file that inflates past what one Buffer holds (4 GiB here) failed as "not a valid gzip file",
 * and any other paid its full size in memory. fflate's stream does not notice a file cut short (it
 * inflates what there is), so each member's text is checked against its trailer (CRC-32 and size, RFC
 * 1952) as gunzip does: a damaged or cut file is refused, never read in part.
 * Each inflated piece is a new array (fflate copies), and each compressed read goes to a new buffer,
 * since fflate keeps a view of the unread end of the last one.
 */
function gunzipPieces(file: string, fd: number, use: (piece: Buffer) => void): void {
  const refuse = (why: string) => new DataError(file, `not a valid gzip file (${why}); gzip the CSV again, or give the plain .csv`);
  let crc = 0, size = 0; // of the member being inflated
  const checkMember = (trailerAt: number) => {
    const trailer = Buffer.alloc(8);
    const whole = trailerAt >= 0 && readSync(fd, trailer, 0, 8, trailerAt) === 8;
    if (!whole || trailer.readUInt32LE(0) !== crc || trailer.readUInt32LE(4) !== size % 2 ** 32) {
      throw refuse('cut short or damaged: its text does not match the check sum at its end');
    }
    crc = 0;
    size = 0;
  };
  const inflater = new Gunzip((text: Uint8Array) => {
    crc = crc32(text, crc);
    size += text.length;
    use(Buffer.from(text.buffer, text.byteOffset, text.byteLength));
  });
  inflater.onmember = (offset) => checkMember(offset - 8);
  let read = 0;
  for (let n = 1; n > 0;) {
    const compressed = Buffer.allocUnsafe(PIECE_BYTES);
    n = readSync(fd, compressed, 0, PIECE_BYTES, null);
    read += n;
    try {
      inflater.push(compressed.subarray(0, n), n === 0);
    } catch (e) {
      if (e instanceof DataError) throw e; // the CSV inside is at fault and says where, or a member's check failed
      throw refuse((e as Error).message);
    }
  }
  if (read === 0) throw refuse('the file is empty');
  checkMember(fstatSync(fd).size - 8);
}

function open(file: string): number {
  try {
    return openSync(file, 'r');
  } catch (e) {
    throw new DataError(file, `cannot read the file: ${(e as Error).message}`);
  }
}

export function checkedHeader(file: string, record: string[], line: number): string[] {
  const seen = new Set<string>();
  for (const name of record) {
    if (seen.has(name)) throw new DataError(file, `the header names column "${name}" twice`, line);
    seen.add(name);
  }
  return record;
}

function missingColumn(file: string, name: string, role: string, header: string[], delimiter?: string): DataError {
  const hint = didYouMean(name, header);
  return new DataError(file, `no ${role} column "${name}"${hint ? `; did you mean "${hint}"?` : '.'} ` +
    `The columns are: ${header.map((h) => `"${h}"`).join(', ')}.${delimiterHint(header, delimiter)}`);
}

function cellValue(file: string, cell: string, line: number, column: string, allowMissing: boolean, missing: Record<string, number>, decimal: '.' | ','): number {
  if (isMissingCell(cell)) {
    if (!allowMissing) {
      throw new DataError(file, `missing value ${cell === '' ? '(empty cell)' : `"${cell}"`}; set data.missing to "interpolate" to fill gaps linearly`, line, column);
    }
    missing[column] = (missing[column] ?? 0) + 1;
    return NaN;
  }
  const v = parseDecimal(cell, decimal);
  if (v === undefined) throw new DataError(file, `"${cell}" is not a number${decimalHint(cell, decimal)}`, line, column);
  // "1e309" is decimal but no double: it would become ±Infinity and poison every metric.
  if (!Number.isFinite(v)) throw new DataError(file, `"${cell}" is beyond the largest number (about ±1.8e308)`, line, column);
  return v;
}
