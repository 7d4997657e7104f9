/**
 * The records of a CSV byte stream, fed piece by piece, parsed by csv-parse's public sync API one run
 * of whole records at a time: each piece is cut after its last line break outside quotes, and the
 * unfinished end waits for the next piece. Datasets load synchronously, so its stream API is no fit.
 *
 * What makes the cut safe: in CSV that csv-parse accepts, a quote only opens a field, closes it or is
 * doubled inside it, so the count of quotes so far says whether a line break ends a record. Text where
 * that fails is text csv-parse refuses, and it refuses it in the run that holds the fault.
 *
 * Each run is parsed on its own, so this keeps what a whole-file parse carries from line to line: the
 * line ending it discovered first (given to later runs as `record_delimiter`), and its line count.
 * csv-parse counts every \r and \n byte as a line, except the \n of a \r\n that ends a record, so a
 * quoted cell's \r\n counts twice; the count below follows it, and row numbers match a whole-file
 * parse's (test/data/csv-stream.test.ts plants faults across the pieces' edges to check).
 * A UTF-16LE file (byte order mark FF FE, which csv-parse also reads) is turned into UTF-8 first.
 */
import { StringDecoder } from 'node:string_decoder';
import { CsvError } from 'csv-parse';
import { parse, type Options } from 'csv-parse/sync';

/** A record's cells and the line it ends on (the header is line 1, as an editor shows it). */
export type RecordSink = (record: string[], line: number) => void;

/** A CSV fault csv-parse found, at a line of the whole file; its message names that line too. */
export class CsvFault extends Error {
  constructor(message: string, readonly line: number, readonly code: string) {
    super(message);
  }
}

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
const CRLF = Buffer.from('\r\n');
/** No record may be longer: an unclosed quote would otherwise hold the rest of the file. */
export const MAX_RECORD_BYTES = 16 << 20;

export class CsvRecordStream {
  private carry: Buffer = Buffer.alloc(0);
  /** Lines before the run being parsed. */
  private linesBefore = 0;
  private recordDelimiter: '\r\n' | '\n' | '\r' | undefined;
  private first = true;
  private utf16: StringDecoder | undefined;

  constructor(private readonly options: Pick<Options, 'delimiter' | 'trim' | 'skip_empty_lines' | 'relax_column_count'>, private readonly sink: RecordSink) {}

  push(piece: Buffer): void {
    if (this.first && piece.length > 0) {
      this.first = false;
      if (piece[0] === 0xff && piece[1] === 0xfe) {
        this.utf16 = new StringDecoder('utf16le');
        piece = piece.subarray(2);
      }
    }
    if (this.utf16) piece = Buffer.from(this.utf16.write(piece), 'utf8');
    const text = this.carry.length === 0 ? piece : Buffer.concat([this.carry, piece]);
    this.recordDelimiter ??= firstLineEnding(text);
    const cut = this.recordDelimiter === undefined ? -1 : lastRecordEnd(text, this.recordDelimiter === '\r' ? CR : LF);
    if (cut < 0) {
      if (text.length > MAX_RECORD_BYTES) {
        throw new CsvFault(`no record ends within ${MAX_RECORD_BYTES >> 20} MiB of line ${this.linesBefore + 1} (a quote never closed?)`, this.linesBefore + 1, 'RECORD_TOO_LONG');
      }
      this.carry = Buffer.from(text); // the piece's memory is reused by the reader
      return;
    }
    this.parseRun(text.subarray(0, cut), false);
    this.carry = Buffer.from(text.subarray(cut));
  }

  /** Parses what is left (a last record without a line break, or a fault such as an unclosed quote). */
  end(): void {
    if (this.utf16) this.carry = Buffer.concat([this.carry, Buffer.from(this.utf16.end(), 'utf8')]);
    this.parseRun(this.carry, true);
    this.carry = Buffer.alloc(0);
  }

  private parseRun(run: Buffer, last: boolean): void {
    const before = this.linesBefore;
    try {
      parse(run, {
        ...this.options,
        bom: before === 0,
        ...(this.recordDelimiter === undefined ? {} : { record_delimiter: this.recordDelimiter }),
        // The records are handed on here and kept nowhere (null drops them from parse's result).
        on_record: (record: string[], context: { lines: number }) => { this.sink(record, before + context.lines); return null; },
      });
    } catch (e) {
      if (!(e instanceof CsvError)) throw e;
      const line = before + ((e as CsvError & { lines?: number }).lines ?? 1);
      throw new CsvFault(e.message.replace(/\b(at|on) line (\d+)/, (_, word: string, n: string) => `${word} line ${before + Number(n)}`), line, e.code);
    }
    if (!last) this.linesBefore += lineCount(run, this.recordDelimiter === '\r\n');
  }
}

/** The first line ending outside quotes, as csv-parse discovers it; undefined when there is none yet. */
function firstLineEnding(text: Buffer): '\r\n' | '\n' | '\r' | undefined {
  let found: '\r\n' | '\n' | '\r' | undefined;
  eachStretchOutsideQuotes(text, (from, to) => {
    const lf = text.indexOf(LF, from);
    const cr = text.indexOf(CR, from);
    const at = Math.min(lf < 0 || lf >= to ? Infinity : lf, cr < 0 || cr >= to ? Infinity : cr);
    if (at === Infinity) return false;
    // A \r last in the text may be the first half of a \r\n: wait for the next piece.
    if (text[at] === CR && at + 1 === text.length) return true;
    found = text[at] === LF ? '\n' : text[at + 1] === LF ? '\r\n' : '\r';
    return true;
  });
  return found;
}

/** Just after the last `ending` byte outside quotes, or -1. */
function lastRecordEnd(text: Buffer, ending: number): number {
  let cut = -1;
  eachStretchOutsideQuotes(text, (from, to) => {
    const at = to > from ? text.lastIndexOf(ending, to - 1) : -1;
    if (at >= from) cut = at + 1;
    return false;
  });
  return cut;
}

/** Lines csv-parse counts in a run that starts outside quotes: every \r and \n, but a record-ending \r\n once. */
function lineCount(run: Buffer, crlfEndsRecords: boolean): number {
  let count = 0;
  for (let at = run.indexOf(LF); at >= 0; at = run.indexOf(LF, at + 1)) count++;
  for (let at = run.indexOf(CR); at >= 0; at = run.indexOf(CR, at + 1)) count++;
  if (crlfEndsRecords) {
    eachStretchOutsideQuotes(run, (from, to) => {
      for (let at = run.indexOf(CRLF, from); at >= 0 && at + 1 < to; at = run.indexOf(CRLF, at + 2)) count--;
      return false;
    });
  }
  return count;
}

/** Calls `visit(from, to)` for each stretch of `text` outside quotes, in order, until it returns true. */
function eachStretchOutsideQuotes(text: Buffer, visit: (from: number, to: number) => boolean): void {
  for (let from = 0; from <= text.length;) {
    const open = text.indexOf(QUOTE, from);
    const to = open < 0 ? text.length : open;
    if (visit(from, to) || open < 0) return;
    const close = text.indexOf(QUOTE, open + 1);
    if (close < 0) return;
    from = close + 1;
  }
}
