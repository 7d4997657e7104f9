/**
 * The streaming CSV reader (1 MiB pieces, tables sized by a first line count) against the whole-text
 * parse of the same file (csv-table.ts, which predict uses): the same numbers bit for bit, wherever
 * records, quoted cells and line endings fall on the pieces' edges.
 */
import { expect } from 'chai';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Random } from '../../src/core/random.js';
import { DataError } from '../../src/core/errors.js';
import { readCsvNumbers } from '../../src/data/csv-columns.js';
import { MAX_RECORD_BYTES } from '../../src/data/csv-records.js';
import { numericColumn, parseCsvTable, columnIndex } from '../../src/data/csv-table.js';
import { loadDataset } from '../../src/data/index.js';
import { tempDir } from '../helpers/cli.js';

const rng = new Random(11, 'csv-stream-test');

/** About `bytes` of CSV with a BOM, CRLF or LF, blank lines, quoted cells holding commas and newlines, and odd numbers. */
function awkwardCsv(bytes: number, eol: string): string {
  const lines = ['\uFEFFid,"note, with comma",x,y'];
  let size = lines[0].length;
  for (let i = 0; size < bytes; i++) {
    const x = [String(rng.uniform() * 1e6 - 5e5), '-0.0', '1e-300', '.5', '+7', `${rng.int(-9, 9)}e${rng.int(-20, 20)}`][i % 6];
    const note = i % 5 === 0 ? `"line one${eol}line two, ""quoted"""` : i % 7 === 0 ? '' : `n${i}`;
    const line = `${i},${note},${x},${(rng.uniform() * 100).toFixed(rng.int(0, 12))}`;
    lines.push(line);
    if (i % 97 === 0) lines.push('');
    size += line.length + eol.length;
  }
  return lines.join(eol) + eol;
}

/** The whole-text parse's columns, as the oracle. */
function oracle(text: string, file: string, names: string[]): Float64Array[] {
  const table = parseCsvTable(text, file);
  return names.map((n) => numericColumn(table, columnIndex(table, n, 'feature'), false).values);
}

describe('streaming CSV reader', function () {
  this.timeout(60_000);
  const dir = tempDir();

  for (const [name, eol] of [['LF', '\n'], ['CRLF', '\r\n']] as const) {
    it(`${name}: 2.5 MiB (records across the 1 MiB pieces) equal the whole-text parse bit for bit, gzipped too`, () => {
      const text = awkwardCsv(2.5 * (1 << 20), eol);
      const file = join(dir, `awkward-${name}.csv`);
      writeFileSync(file, text);
      writeFileSync(`${file}.gz`, gzipSync(text));
      const want = oracle(text, file, ['x', 'y', 'id']);
      for (const f of [file, `${file}.gz`]) {
        const got = readCsvNumbers(f, [{ names: ['x', 'y'], role: 'feature' }, { names: ['id'], role: 'target' }], false);
        expect(got.rows).to.equal(want[0].length);
        expect(got.tables[0].length).to.equal(2 * got.rows);
        const col = (t: Float64Array, width: number, slot: number) => Float64Array.from({ length: got.rows }, (_, r) => t[r * width + slot]);
        expect(Buffer.from(col(got.tables[0], 2, 0).buffer).equals(Buffer.from(want[0].buffer)), `${f} x`).to.equal(true);
        expect(Buffer.from(col(got.tables[0], 2, 1).buffer).equals(Buffer.from(want[1].buffer)), `${f} y`).to.equal(true);
        expect(Buffer.from(got.tables[1].buffer).equals(Buffer.from(want[2].buffer)), `${f} id`).to.equal(true);
      }
    });
  }

  it('a .gz file inflates piece by piece: several gzip members in one file read as their texts joined', () => {
    const text = awkwardCsv(1.5 * (1 << 20), '\n');
    const cut = text.indexOf('\n', text.length >> 1) + 1;
    const file = join(dir, 'members.csv');
    writeFileSync(file, text);
    writeFileSync(`${file}.gz`, Buffer.concat([gzipSync(text.slice(0, cut)), gzipSync(text.slice(cut))]));
    const groups = [{ names: ['x', 'y'], role: 'feature' as const }, { names: ['id'], role: 'target' as const }];
    const plain = readCsvNumbers(file, groups, false);
    const gz = readCsvNumbers(`${file}.gz`, groups, false);
    expect(gz.rows).to.equal(plain.rows);
    expect(Buffer.from(gz.tables[0].buffer).equals(Buffer.from(plain.tables[0].buffer))).to.equal(true);
    expect(Buffer.from(gz.tables[1].buffer).equals(Buffer.from(plain.tables[1].buffer))).to.equal(true);
  });

  it('a .gz file that is not gzip, cut short, damaged or empty is refused as such; a bad row inside one is named like in a plain file', () => {
    const read = (name: string, bytes: Buffer) => {
      const file = join(dir, name);
      writeFileSync(file, bytes);
      return () => readCsvNumbers(file, [{ names: ['b'], role: 'feature' }], false);
    };
    const csv = ['a,b', ...Array.from({ length: 20000 }, (_, i) => `${i},${i / 4}`)].join('\n') + '\n';
    const gz = gzipSync(csv);
    expect(read('plain-text.csv.gz', Buffer.from(csv))).to.throw(DataError, /plain-text\.csv\.gz: not a valid gzip file \(.+\); gzip the CSV again, or give the plain \.csv/);
    // Cut short, or one bit flipped inside: the text no longer matches the check sum at the end, so nothing is read in part.
    expect(read('cut.csv.gz', gz.subarray(0, gz.length >> 1))).to.throw(DataError, /cut\.csv\.gz: not a valid gzip file \(cut short or damaged/);
    expect(read('cut-trailer.csv.gz', gz.subarray(0, gz.length - 3))).to.throw(DataError, /cut-trailer\.csv\.gz: not a valid gzip file \(cut short or damaged/);
    const flipped = Buffer.from(gz);
    flipped[flipped.length >> 1] ^= 0x10;
    expect(read('flipped.csv.gz', flipped)).to.throw(DataError, /flipped\.csv\.gz: not a valid gzip file/);
    expect(read('whole.csv.gz', gz)().rows).to.equal(20000);
    expect(read('empty.csv.gz', Buffer.alloc(0))).to.throw(DataError, /empty\.csv\.gz: not a valid gzip file \(the file is empty\)/);
    const ragged = csv.replace('\n777,194.25\n', '\n777,194.25,9\n');
    let plainError = '';
    try {
      read('ragged.csv', Buffer.from(ragged))();
    } catch (e) {
      plainError = (e as Error).message;
    }
    expect(plainError).to.match(/ragged\.csv, row 779: malformed row/);
    expect(read('ragged.csv.gz', gzipSync(ragged))).to.throw(DataError, plainError.replace('ragged.csv', 'ragged.csv.gz'));
  });

  it('rows ending in a lone \\r (more records than newlines) still all arrive', () => {
    const file = join(dir, 'mac.csv');
    writeFileSync(file, ['a,b', ...Array.from({ length: 5000 }, (_, i) => `${i},${i / 4}`)].join('\r'));
    const got = readCsvNumbers(file, [{ names: ['b'], role: 'feature' }], false);
    expect(got.rows).to.equal(5000);
    expect(got.tables[0][4999]).to.equal(4999 / 4);
  });

  it('the dataset: a target that is also a feature, with gaps, counted once and filled in both places', () => {
    const file = join(dir, 'gaps.csv');
    writeFileSync(file, 'load,temp\n1,10\n,11\n3,NA\n4,13\n5,14\n6,15\n7,16\n8,17\n9,18\n10,19\n');
    const d = loadDataset({
      name: 'csv', file, features: ['load', 'temp'], target: 'load', task: 'regression', timesteps: 2, predictNext: true,
      validationFraction: 0, testFraction: 0.3, missing: 'interpolate',
    }, { seed: 1, baseDir: dir, packageDir: dir });
    expect(d.info.interpolated).to.deep.equal({ load: 1, temp: 1 });
    expect(d.info.rows).to.deep.include({ total: 10 });
  });

  it('errors keep the row and column: a bad cell after the first piece, a ragged row, an unclosed quote', () => {
    const big = ['a,b', ...Array.from({ length: 120_000 }, (_, i) => `${i},${i}`)];
    const at = 100_000;
    big[at] = `${at},oops`;
    const file = join(dir, 'late.csv');
    writeFileSync(file, big.join('\n') + '\n');
    expect(() => readCsvNumbers(file, [{ names: ['b'], role: 'feature' }], false)).to.throw(DataError, new RegExp(`late\\.csv, row ${at + 1}, column "b": "oops" is not a number`));
    writeFileSync(file, 'a,b\n1,2\n3\n');
    expect(() => readCsvNumbers(file, [{ names: ['b'], role: 'feature' }], false)).to.throw(DataError, /row 3: malformed row: 1 cells where the header has 2/);
    writeFileSync(file, 'a,b\n1,2\n3,"4\n');
    expect(() => readCsvNumbers(file, [{ names: ['b'], role: 'feature' }], false)).to.throw(DataError, /row 3: malformed CSV: Quote Not Closed/);
  });

  /** The error the whole-text parse (csv-table.ts) gives for the same file, as the oracle of row numbers. */
  function wholeTextError(text: string, file: string): string {
    try {
      const table = parseCsvTable(text, file);
      for (const name of ['x', 'y']) numericColumn(table, columnIndex(table, name, 'feature'), false);
    } catch (e) {
      return (e as Error).message;
    }
    return 'no error';
  }
  const readXY = (file: string) => () => readCsvNumbers(file, [{ names: ['x', 'y'], role: 'feature' }], false);

  for (const [name, eol] of [['LF', '\n'], ['CRLF', '\r\n']] as const) {
    it(`${name}: a fault in the third piece, after quoted cells holding line breaks and blank lines, names the row a whole-text parse names`, () => {
      const text = awkwardCsv(2.5 * (1 << 20), eol);
      const lines = text.split(eol);
      const file = join(dir, `late-fault-${name}.csv`);
      // A bad number, then (alone) an unclosed quote, both in the last megabyte.
      const at = lines.findIndex((l, i) => i > lines.length * 0.9 && /^\d+,n\d+,/.test(l));
      const badCell = [...lines.slice(0, at), lines[at].replace(/^(\d+,n\d+),[^,]+,/, '$1,oops,'), ...lines.slice(at + 1)].join(eol);
      const unclosed = [...lines.slice(0, at), lines[at].replace(/^(\d+),n/, '$1,"n'), ...lines.slice(at + 1)].join(eol);
      for (const [what, bad] of [['bad cell', badCell], ['unclosed quote', unclosed]] as const) {
        writeFileSync(file, bad);
        const want = wholeTextError(bad, file);
        expect(want, what).to.match(new RegExp(`row (${at + 1}|[1-9]\\d{4,})`));
        expect(readXY(file), what).to.throw(DataError, want);
      }
    });
  }

  it('rows ending in a lone \\r over several pieces, and a UTF-16LE file (byte order mark FF FE), read as the UTF-8 LF file does', () => {
    const lines = ['x,y', ...Array.from({ length: 150_000 }, (_, i) => `${i},"${(i / 7).toFixed(9)}"`)];
    const lf = join(dir, 'pieces-lf.csv');
    writeFileSync(lf, lines.join('\n') + '\n');
    const want = readXY(lf)();
    const cr = join(dir, 'pieces-cr.csv');
    writeFileSync(cr, lines.join('\r'));
    const utf16 = join(dir, 'pieces-utf16.csv');
    writeFileSync(utf16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(lines.join('\r\n'), 'utf16le')]));
    for (const file of [cr, utf16]) {
      const got = readXY(file)();
      expect(got.rows, file).to.equal(150_000);
      expect(Buffer.from(got.tables[0].buffer).equals(Buffer.from(want.tables[0].buffer)), file).to.equal(true);
    }
  });

  it(`a quote never closed early in a long file is refused after ${MAX_RECORD_BYTES >> 20} MiB, naming the row where the record began`, () => {
    const row = '1,2\n'.repeat(1 << 16);
    const file = join(dir, 'never-closed.csv');
    writeFileSync(file, `x,y\n1,2\n3,"4\n${row.repeat(Math.ceil((MAX_RECORD_BYTES + (2 << 20)) / row.length))}`);
    expect(readXY(file)).to.throw(DataError, /never-closed\.csv, row 3: malformed CSV: no record ends within 16 MiB of line 3 \(a quote never closed\?\)/);
  });
});
