/**
 * A file of sequences, one sample a line, read into raw samples with the line each came from:
 * CSV or TSV with a header row (a text column and a label column), or JSONL objects
 * `{"text": "…"}`, `{"tokens": ["…", …]}` or `{"features": [[…], …]}` (numbers per step), each with a
 * `"label"` (the last step's) or `"labels"` (one per step, for outputMode "each").
 *
 * Every problem stops the load with the file, the line and what to do: bytes that are not UTF-8, an
 * empty line, a row with the wrong number of fields, a JSON line of the wrong form.
 */
import { parse } from 'csv-parse/sync';
import { CsvError } from 'csv-parse';
import { DataError } from '../core/errors.js';
import { didYouMean } from '../core/did-you-mean.js';

export type SequenceFormat = 'csv' | 'tsv' | 'jsonl';
export type RawLabel = string | number;

/** One line of the file, before any preparation. Exactly one of text, tokens, features is set. */
export interface RawSample {
  /** 1-based line in the file (as an editor shows it). */
  line: number;
  text?: string;
  tokens?: string[];
  /** [steps][features] */ features?: number[][];
  /** The sample's label (last step), or one per step. */
  label?: RawLabel;
  labels?: RawLabel[];
}

const EXTENSIONS: Record<string, SequenceFormat> = { csv: 'csv', tsv: 'tsv', tab: 'tsv', jsonl: 'jsonl', ndjson: 'jsonl' };

/** The format a file name says (a trailing .gz aside); 'auto' is resolved from the extension. */
export function formatOf(file: string, format: SequenceFormat | 'auto'): SequenceFormat {
  if (format !== 'auto') return format;
  const ext = file.replace(/\.gz$/, '').split('.').pop()!.toLowerCase();
  const found = EXTENSIONS[ext];
  if (!found) throw new DataError(file, `cannot tell the format from ".${ext}"; name the file .csv, .tsv or .jsonl, or set data.format to "csv", "tsv" or "jsonl"`);
  return found;
}

/** The bytes as text; the first line that is not valid UTF-8 is named (a file saved as Latin-1, say). */
export function decodeUtf8(bytes: Uint8Array, file: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    let line = 1;
    let start = 0;
    const strict = new TextDecoder('utf-8', { fatal: true });
    for (let i = 0; i <= bytes.length; i++) {
      if (i < bytes.length && bytes[i] !== 0x0a) continue;
      try {
        strict.decode(bytes.subarray(start, i));
      } catch {
        throw new DataError(file, `line ${line} is not valid UTF-8 text; save the file as UTF-8 (e.g. iconv -f latin1 -t utf-8)`);
      }
      line++;
      start = i + 1;
    }
    throw new DataError(file, 'the file is not valid UTF-8 text; save it as UTF-8');
  }
}

export interface ColumnNames { text: string; label: string }

export function parseSequenceFile(text: string, file: string, format: SequenceFormat, columns: ColumnNames): RawSample[] {
  const body = text.replace(/^\uFEFF/, '');
  const samples = format === 'jsonl' ? parseJsonLines(body, file) : parseDelimited(body, file, format, columns);
  if (samples.length === 0) throw new DataError(file, 'the file holds no samples; expected one sample a line');
  return samples;
}

/** A line with nothing on it is an error, except the one newline that ends the file. */
function emptyLineError(file: string, line: number): DataError {
  return new DataError(file, `line ${line} is empty; remove it (every line is one sample)`);
}

function parseJsonLines(text: string, file: string): RawSample[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((raw, i) => {
    const line = i + 1;
    const s = raw.replace(/\r$/, '');
    if (s.trim() === '') throw emptyLineError(file, line);
    let v: unknown;
    try {
      v = JSON.parse(s);
    } catch (e) {
      throw new DataError(file, `line ${line} is not valid JSON (${(e as Error).message}); each line holds one object such as {"text": "…", "label": "…"}`);
    }
    return jsonSample(v, file, line);
  });
}

const INPUT_KEYS = ['text', 'tokens', 'features'] as const;

function jsonSample(v: unknown, file: string, line: number): RawSample {
  const at = `line ${line}`;
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new DataError(file, `${at}: expected an object such as {"tokens": ["a", "b"], "label": "x"}`);
  const o = v as Record<string, unknown>;
  const inputs = INPUT_KEYS.filter((k) => o[k] !== undefined);
  if (inputs.length !== 1) {
    throw new DataError(file, `${at}: give exactly one of "text", "tokens" or "features" (found ${inputs.length ? inputs.map((k) => `"${k}"`).join(', ') : 'none'}${
      inputs.length ? '' : `; keys: ${Object.keys(o).map((k) => `"${k}"`).join(', ') || 'none'}`})`);
  }
  const sample: RawSample = { line };
  if (o.text !== undefined) {
    if (typeof o.text !== 'string') throw new DataError(file, `${at}: "text" must be a string`);
    sample.text = o.text;
  } else if (o.tokens !== undefined) {
    if (!Array.isArray(o.tokens) || o.tokens.some((t) => typeof t !== 'string')) throw new DataError(file, `${at}: "tokens" must be a list of strings`);
    sample.tokens = o.tokens as string[];
  } else {
    const f = o.features;
    if (!Array.isArray(f) || f.some((step) => !Array.isArray(step) || step.some((x) => typeof x !== 'number' || !Number.isFinite(x)))) {
      throw new DataError(file, `${at}: "features" must be a list of steps, each a list of finite numbers ([[0.1, 2], [0.3, 1]])`);
    }
    sample.features = f as number[][];
  }
  if ((o.label === undefined) === (o.labels === undefined)) throw new DataError(file, `${at}: give "label" (one per sample) or "labels" (one per step), not ${o.label === undefined ? 'neither' : 'both'}`);
  if (o.label !== undefined) sample.label = checkedLabel(o.label, file, at);
  else {
    if (!Array.isArray(o.labels)) throw new DataError(file, `${at}: "labels" must be a list, one label per step`);
    sample.labels = o.labels.map((l) => checkedLabel(l, file, at));
  }
  return sample;
}

function checkedLabel(l: unknown, file: string, at: string): RawLabel {
  if (typeof l === 'string' || (typeof l === 'number' && Number.isFinite(l))) return l;
  throw new DataError(file, `${at}: a label must be a string or a finite number, not ${JSON.stringify(l)}`);
}

function parseDelimited(text: string, file: string, format: 'csv' | 'tsv', columns: ColumnNames): RawSample[] {
  const rows = format === 'tsv' ? splitTsv(text) : splitCsv(text, file);
  if (rows.length === 0 || (rows.length === 1 && rows[0].cells.length === 1 && rows[0].cells[0] === '')) {
    throw new DataError(file, `the file is empty; expected a header row ("${columns.text}${format === 'tsv' ? '\\t' : ','}${columns.label}") and one sample a line`);
  }
  const [head, ...body] = rows;
  const header = head.cells.map((c) => c.trim());
  const column = (name: string, role: string): number => {
    const j = header.indexOf(name);
    if (j >= 0) return j;
    const hint = didYouMean(name, header);
    throw new DataError(file, `line 1 (the header) has no ${role} column "${name}"${hint ? `; did you mean "${hint}"?` : ''}; the columns are ${
      header.map((h) => `"${h}"`).join(', ')}. Set data.${role}Column or add a header row`);
  };
  const jt = column(columns.text, 'text');
  const jl = column(columns.label, 'label');
  return body.map(({ cells, line }) => {
    if (cells.length === 1 && cells[0].trim() === '') throw emptyLineError(file, line);
    if (cells.length !== header.length) {
      throw new DataError(file, `line ${line} has ${cells.length} field${cells.length === 1 ? '' : 's'}, the header has ${header.length}; ${
        format === 'csv' ? 'put a field holding a comma in double quotes' : 'a field may not hold a tab'}`);
    }
    return { line, text: cells[jt], label: cells[jl].trim() };
  });
}

interface Row { cells: string[]; line: number }

/** TSV as most tools write it: no quoting, a tab between fields. */
function splitTsv(text: string): Row[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((l, i) => ({ cells: l.replace(/\r$/, '').split('\t'), line: i + 1 }));
}

function splitCsv(text: string, file: string): Row[] {
  const rows: Row[] = [];
  try {
    parse(text, {
      bom: true, relax_column_count: true, skip_empty_lines: false,
      on_record: (record: string[], context: { lines: number }) => { rows.push({ cells: record, line: context.lines }); return null; },
    });
  } catch (e) {
    if (!(e instanceof CsvError)) throw e;
    throw new DataError(file, `line ${(e as CsvError & { lines?: number }).lines ?? '?'}: malformed CSV (${e.message}); check the quotes`);
  }
  return rows;
}
