/**
 * A long CSV of consecutive rows (predict's --input) as overlapping chunks of text records, read as the
 * dataset loader reads (csv-columns.ts: 1 MiB pieces, csv-parse one run of records at a time): at most
 * about `chunkRows` rows and the overlap below are held, whatever the file's size.
 *
 * Each chunk owns a stretch of rows (the stretches follow each other and cover the file once) and
 * carries what the owned rows' windows read around them, so a chunk prepared alone gives the owned
 * windows exactly what the whole file would:
 *  - `lead` rows before the stretch (a window's earlier rows, and the row before them),
 *  - `trail` rows after it (the rows a forecast reads past its window's end),
 *  - for each `fillable` column, its known value before and after those rows: a gap is filled
 *    between the same two known values (or copies the same nearest one at the file's ends) as in the
 *    whole file. A gap longer than MAX_GAP_ROWS is refused rather than held.
 * Missing cells of the owned rows are counted per fillable column (every row is owned once).
 */
import { DataError } from '../core/errors.js';
import { checkedHeader, eachPiece } from './csv-columns.js';
import { CsvFault, CsvRecordStream } from './csv-records.js';
import { delimiterHint, isMissingCell, sentence, type CsvDialect, type CsvTable } from './csv-table.js';

export interface ChunkPlan {
  /** Rows before a window's first owned end that its windows read. */
  lead: number;
  /** Rows after the last owned row that its forecasts read. */
  trail: number;
  /** Columns whose missing cells are filled between known values (in the order their counts are reported). */
  fillable: readonly string[];
  /** Rows owned by a chunk (the last one may own more or fewer). */
  chunkRows: number;
}

export interface RowChunk {
  /** The chunk's records; table.firstRecord is the file's data-row index of records[0]. */
  table: CsvTable;
  /** The owned rows: table rows from … to − 1. */
  from: number;
  to: number;
  /** Missing cells among the owned rows, per fillable column that has any. */
  missing: Record<string, number>;
}

/** No gap in a fillable column may be longer: the rows around it would be held whole. */
export const MAX_GAP_ROWS = 1_000_000;

/** Calls `use` with each chunk in order; returns the most records held at once. */
export function eachRowChunk(file: string, dialect: CsvDialect, plan: ChunkPlan, use: (chunk: RowChunk) => void): { rowsHeldAtMost: number } {
  let header: string[] | undefined;
  let columns: number[] = [];
  let records: string[][] = [];
  let lines: number[] = [];
  /** The file's data-row index of records[0]. */
  let base = 0;
  let ownStart = 0;
  /** Per fillable column: the last row (file index) with a known cell, −1 before any. */
  let lastKnown: number[] = [];
  let held = 0;

  /** The next chunk's owned end when its rows and the known values around them are all here, else undefined. */
  const readyEnd = (): number | undefined => {
    const total = base + records.length;
    const ownEnd = ownStart + plan.chunkRows;
    const needEnd = ownEnd + plan.trail;
    if (total < needEnd) return undefined;
    const waiting = columns.findIndex((_, c) => lastKnown[c] < needEnd - 1);
    if (waiting < 0) return ownEnd;
    const since = Math.max(lastKnown[waiting] + 1, base);
    if (total - since > MAX_GAP_ROWS) {
      throw new DataError(file, `no value in ${(total - since).toLocaleString('en')} rows from row ${lines[since - base]} on; predict fills gaps of at most ` +
        `${MAX_GAP_ROWS.toLocaleString('en')} rows: give rows with known values`, lines[records.length - 1], plan.fillable[waiting]);
    }
    return undefined;
  };

  const emit = (ownEnd: number) => {
    const from = ownStart - base;
    const to = ownEnd - base;
    const missing: Record<string, number> = {};
    columns.forEach((j, c) => {
      let n = 0;
      for (let r = from; r < to; r++) if (isMissingCell(records[r][j])) n++;
      if (n > 0) missing[plan.fillable[c]] = n;
    });
    use({ table: { file, ...dialectOf(dialect), header: header!, records, lines, firstRecord: base }, from, to, missing });
    ownStart = ownEnd;
    // Keep what the next chunk's windows read: `lead` rows, and each fillable column's last known value before them.
    const needFrom = Math.max(0, ownStart - plan.lead);
    let keepFrom = needFrom;
    for (const j of columns) {
      let r = needFrom - base;
      while (r >= 0 && isMissingCell(records[r][j])) r--;
      if (r >= 0) keepFrom = Math.min(keepFrom, base + r);
    }
    records = records.slice(keepFrom - base);
    lines = lines.slice(keepFrom - base);
    base = keepFrom;
  };

  const onRecord = (record: string[], line: number) => {
    if (header === undefined) {
      header = checkedHeader(file, record, line);
      columns = plan.fillable.map((name) => header!.indexOf(name)).filter((j) => j >= 0);
      lastKnown = columns.map(() => -1);
      return;
    }
    if (record.length !== header.length) {
      throw new DataError(file, `malformed row: ${record.length} cells where the header has ${header.length}${sentence(delimiterHint(header, dialect.delimiter))}`, line);
    }
    const index = base + records.length;
    records.push(record);
    lines.push(line);
    held = Math.max(held, records.length);
    columns.forEach((j, c) => { if (!isMissingCell(record[j])) lastKnown[c] = index; });
    for (let end = readyEnd(); end !== undefined; end = readyEnd()) emit(end);
  };

  const stream = new CsvRecordStream({ skip_empty_lines: true, trim: true, relax_column_count: true, delimiter: dialect.delimiter ?? ',' }, onRecord);
  try {
    eachPiece(file, (piece) => stream.push(piece));
    stream.end();
  } catch (e) {
    if (e instanceof CsvFault) throw new DataError(file, `malformed CSV: ${e.message}`, e.line);
    throw e;
  }
  if (header === undefined) throw new DataError(file, 'the file is empty; expected a header row and data rows');
  // The rest (all of a short file: its errors, such as too few rows, are the whole file's).
  if (ownStart === 0 || base + records.length > ownStart) emit(base + records.length);
  return { rowsHeldAtMost: held };
}

function dialectOf(dialect: CsvDialect): Pick<CsvTable, 'delimiter' | 'decimal'> {
  return { ...(dialect.delimiter && dialect.delimiter !== ',' ? { delimiter: dialect.delimiter } : {}), ...(dialect.decimal === ',' ? { decimal: ',' as const } : {}) };
}
