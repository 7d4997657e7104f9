import { expect } from 'chai';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { CsvData } from '../../src/config/types.js';
import { DataError, UserError } from '../../src/core/errors.js';
import { loadDataset } from '../../src/data/index.js';
import { gatherAll, tempExperimentDir, withCsv } from './context.js';

/** 12 rows: temp = 10·k, load = 100·k for k = 1…12, with the load of row k = 2 missing. */
const SERIES = ['time,temp,load', ...Array.from({ length: 12 }, (_, i) => `${i + 1},${10 * (i + 1)},${i === 1 ? '' : 100 * (i + 1)}`)].join('\n');

const csv = (over: Partial<CsvData> = {}): CsvData => ({
  name: 'csv', file: 'series.csv', features: ['temp', 'load'], target: 'load', task: 'regression',
  predictNext: true, timesteps: 2, validationFraction: 1 / 3, testFraction: 0.25, missing: 'interpolate', ...over,
});

describe('csv dataset', () => {
  const dir = tempExperimentDir();
  const ctx = withCsv(dir, 'series.csv', SERIES);

  it('cuts train, validation, test in time order and scales with the training block', () => {
    // 12 rows: test = last 3, validation = 3 before them, train = first 6; windows of 2 rows + the next row's label.
    const d = loadDataset(csv(), ctx);
    expect(d.info.rows).to.deep.equal({ total: 12, train: 6, validation: 3, test: 3 });
    expect([d.train.size, d.validation.size, d.test.size]).to.deep.equal([4, 1, 1]);
    expect([d.train.timesteps, d.train.inputSize, d.train.outputSize, d.train.labelsPerStep]).to.deep.equal([2, 2, 1, false]);
    expect(d.info.interpolated).to.deep.equal({ load: 1 });
    // Training rows 1…6: temp 10…60, load 100…600 (the gap filled with 200).
    const first = gatherAll(d.train, [0]);
    expect(Array.from(first.x)).to.deep.equal([0, 0, 0.2, 0.2]);
    expect(first.y[0]).to.be.closeTo(0.4, 1e-12); // load of row 3 = 300
    const test = gatherAll(d.test, [0]); // rows 10, 11 → label: load of row 12 = 1200
    expect(Array.from(test.x)).to.deep.equal([1.8, 1.8, 2, 2]);
    expect(test.y[0]).to.be.closeTo(2.2, 1e-12);
  });

  it('labels a window with its own last row without predictNext, and with classes one-hot', () => {
    const own = gatherAll(loadDataset(csv({ predictNext: false }), ctx).train, [0]);
    expect(own.y[0]).to.be.closeTo(0.2, 1e-12); // load of row 2, interpolated 200
    const d = loadDataset(csv({ task: 'classes', classes: [250, 650] }), ctx);
    expect(d.train.outputSize).to.equal(3);
    expect(Array.from(gatherAll(d.train, [0, 3]).y)).to.deep.equal([0, 1, 0, 0, 1, 0]); // 300 and 600
    expect(Array.from(gatherAll(d.test, [0]).y)).to.deep.equal([0, 0, 1]); // 1200
  });

  it('reads a gzipped file the same', () => {
    writeFileSync(join(dir, 'series.csv.gz'), gzipSync(SERIES));
    const a = gatherAll(loadDataset(csv(), ctx).train, [0, 1, 2, 3]);
    const b = gatherAll(loadDataset(csv({ file: 'series.csv.gz' }), ctx).train, [0, 1, 2, 3]);
    expect(Array.from(b.x)).to.deep.equal(Array.from(a.x));
  });

  it('reads a semicolon-separated file with decimal commas (data.delimiter, data.decimal) as the same numbers', () => {
    const european = SERIES.split('\n').map((l, i) => (i === 0 ? l.replace(/,/g, ';') : l.split(',').map((c, j) => (j === 1 && c ? `${c},25` : c)).join(';'))).join('\n');
    const plain = SERIES.split('\n').map((l, i) => (i === 0 ? l : l.split(',').map((c, j) => (j === 1 && c ? `${c}.25` : c)).join(','))).join('\n');
    writeFileSync(join(dir, 'european.csv'), european);
    writeFileSync(join(dir, 'plain.csv'), plain);
    const a = loadDataset(csv({ file: 'european.csv', delimiter: ';', decimal: ',' }), ctx);
    const b = loadDataset(csv({ file: 'plain.csv' }), ctx);
    expect(a.info.featureScale).to.deep.equal(b.info.featureScale);
    expect((a.info.featureScale as Record<string, { min: number }>).temp.min).to.equal(10.25);
    for (const split of ['train', 'validation', 'test'] as const) {
      const all = Array.from({ length: a[split].size }, (_, i) => i);
      expect(gatherAll(a[split], all)).to.deep.equal(gatherAll(b[split], all));
    }
    // Tab-separated, with the tab given in the file as "\t".
    writeFileSync(join(dir, 'tabs.tsv'), plain.replace(/,/g, '\t'));
    expect(gatherAll(loadDataset(csv({ file: 'tabs.tsv', delimiter: '\t' }), ctx).train, [0])).to.deep.equal(gatherAll(b.train, [0]));
  });

  describe('errors', () => {
    it('names a data.timeColumn that is not there, with did-you-mean', () => {
      expect(() => loadDataset(csv({ timeColumn: 'tme' }), ctx)).to.throw(DataError, /series\.csv: no time column "tme" \(data\.timeColumn\); did you mean "time"\?/);
      expect(loadDataset(csv({ timeColumn: 'time' }), ctx).info.rows).to.deep.include({ total: 12 });
    });

    it('says when the header looks separated by something else, or a cell has a decimal comma, and names the option', () => {
      writeFileSync(join(dir, 'semi.csv'), SERIES.replace(/,/g, ';'));
      expect(() => loadDataset(csv({ file: 'semi.csv' }), ctx)).to.throw(DataError,
        /semi\.csv: no feature column "temp"\. The columns are: "time;temp;load"\. The header looks semicolon-separated \("time;temp;load" is one column\): set data\.delimiter to ";"\./);
      writeFileSync(join(dir, 'tabbed.csv'), SERIES.replace(/,/g, '\t'));
      expect(() => loadDataset(csv({ file: 'tabbed.csv' }), ctx)).to.throw(DataError, /The header looks tab-separated .*set data\.delimiter to "\\t"/);
      writeFileSync(join(dir, 'comma-decimals.csv'), 'time;temp;load\n1;10,5;100\n');
      expect(() => loadDataset(csv({ file: 'comma-decimals.csv', delimiter: ';' }), ctx)).to.throw(DataError,
        /comma-decimals\.csv, row 2, column "temp": "10,5" is not a number; it looks like a decimal comma: set data\.decimal to ","/);
    });

    const load = (text: string, over: Partial<CsvData> = {}) => () => loadDataset(csv(over), withCsv(dir, 'bad.csv', text));
    const bad = { file: 'bad.csv' };

    it('names a missing file by its absolute path', () => {
      expect(() => loadDataset(csv({ file: 'nope.csv' }), ctx)).to.throw(DataError, `${join(dir, 'nope.csv')}: file not found`);
    });

    it('lists the columns and guesses the intended one', () => {
      expect(() => loadDataset(csv({ features: ['tmp'] }), ctx))
        .to.throw(DataError, 'no feature column "tmp"; did you mean "temp"? The columns are: "time", "temp", "load".');
      expect(() => loadDataset(csv({ target: 'zzzzzz' }), ctx)).to.throw(DataError, 'no target column "zzzzzz". The columns are: "time", "temp", "load".');
    });

    it('gives the file, row, column and value of a non-numeric cell', () => {
      expect(load('temp,load\n1,2\n3,4\nabc,6\n', bad)).to.throw(DataError, /bad\.csv, row 4, column "temp": "abc" is not a number/);
      expect(load('temp,load\n1,2\n0x1A,4\n', bad)).to.throw(DataError, /row 3, column "temp": "0x1A" is not a number/);
      expect(load('temp,load\n1,2\n3,4\n5,-1e309\n', bad)).to.throw(DataError, /row 4, column "load": "-1e309" is beyond the largest number/);
    });

    it('stops at a missing value unless told to interpolate', () => {
      expect(load('temp,load\n1,2\n3,\n5,6\n', { ...bad, missing: 'error' }))
        .to.throw(DataError, /row 3, column "load": missing value \(empty cell\); set data.missing to "interpolate"/);
      expect(load('temp,load\n1,NA\n3,NA\n', bad)).to.throw(DataError, /column "load": every value is missing/);
    });

    it('gives the row of a ragged or malformed row', () => {
      expect(load('temp,load\n1,2\n3,4\n5\n', bad)).to.throw(DataError, /bad\.csv, row 4: malformed row: 1 cells where the header has 2/);
      expect(load('temp,load\n1,2\n3,"4\n', bad)).to.throw(DataError, /row 3: malformed CSV: Quote Not Closed/);
    });

    it('says how the rows fall short of the windows', () => {
      expect(load('temp,load\n' + '1,2\n'.repeat(10), { ...bad, timesteps: 3 }))
        .to.throw(DataError, /too few rows for windows of 3 rows plus the next row's label: 10 data rows split into train 5, validation 2, test 3, and validation, test need at least 4 rows/);
    });

    it('needs ascending class bounds for task classes', () => {
      expect(() => loadDataset(csv({ task: 'classes' }), ctx)).to.throw(UserError, /needs data.classes/);
      expect(() => loadDataset(csv({ task: 'classes', classes: [5, 5] }), ctx)).to.throw(UserError, /must ascend strictly/);
    });
  });
});
