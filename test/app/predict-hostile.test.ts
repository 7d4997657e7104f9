/**
 * predict's inputs from careless or hostile hands (issue 28): a horizon without bound, hours and years
 * off the calendar, a damaged dataset.json, inputs far outside the training range. Each is one clear
 * line and exit 2 (or, for far-out inputs, one warning line), never a stack trace.
 */
import { expect } from 'chai';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MAX_HORIZON } from '../../src/app/predict/run-model.js';
import { readDataText } from '../../src/data/data-file.js';
import { root, runCli, tempDir, writeFile } from '../helpers/cli.js';
import { runCollecting } from '../helpers/run.js';

/** The first `n` rows of 2014 in the shipped file (header first). */
function rows2014(n: number): string[] {
  const lines = readDataText(join(root, 'data', 'PRSA_data_2010.1.1-2014.12.31.csv.gz')).trim().split('\n');
  return [lines[0], ...lines.filter((l) => l.split(',')[1] === '2014').slice(0, n)];
}

/** Sets column j of data row r (0 = the first data row) to `cell`. */
function withCell(lines: string[], r: number, j: number, cell: string): string {
  return lines.map((l, i) => (i === r + 1 ? l.split(',').map((c, k) => (k === j ? cell : c)).join(',') : l)).join('\n') + '\n';
}

/** An error on stderr: one line, no stack trace, no RangeError. */
function oneLine(stderr: string): string {
  const lines = stderr.trim().split('\n');
  expect(stderr).not.to.match(/\n\s+at |RangeError/);
  expect(lines, stderr).to.have.length(1);
  return lines[0];
}

describe('predict refuses what it cannot forecast from (a tiny PM2.5 value run)', function () {
  this.timeout(300_000);
  let runDir: string;
  let dir: string;
  let input: string;
  before(async () => {
    ({ runDir } = await runCollecting({
      name: 'predict-hostile', seed: 1,
      data: { name: 'pm25', timesteps: 3, target: 'value', horizons: [1], validation: { method: 'holdout', size: 500 } },
      model: { netType: 'regression', outputMode: 'last', hiddenSize: 3 },
      train: { optimizer: 'adam', eta: 0.01, batchSize: 512, maxEpochs: 1 },
      sinks: ['checkpoint'],
    }));
    dir = tempDir('rnnflow-predict-hostile-');
    input = writeFile(dir, 'day.csv', rows2014(48).join('\n') + '\n');
  });

  it('--horizon beyond its maximum (a week of hours) is one line, exit 2, before any input is read', () => {
    const ok = runCli(['predict', runDir, '--input', input, '--horizon', String(MAX_HORIZON)]);
    expect(ok.code, ok.stderr).to.equal(0);
    for (const h of ['1000000', String(MAX_HORIZON + 1), '2.5']) {
      const r = runCli(['predict', runDir, '--input', join(dir, 'absent.csv'), '--horizon', h]);
      expect(r.code, r.stderr).to.equal(2);
      expect(oneLine(r.stderr)).to.contain(`--horizon ${h}: expected a whole number of steps from 1 to ${MAX_HORIZON}`);
    }
  });

  it('an hour, day, month or year off the calendar names the row and column, exit 2 (was: a RangeError stack)', () => {
    const lines = rows2014(48);
    // No,year,month,day,hour,…: data row 5 is line 7 of the file (the header is row 1).
    for (const [j, cell, column, range] of [[4, '25', 'hour', '0 to 23'], [1, '300000', 'year', '1000 to 9999'], [2, '13', 'month', '1 to 12'],
      [3, '32', 'day', '1 to 31'], [4, '1.5', 'hour', '0 to 23']] as const) {
      const file = writeFile(dir, `bad-${column}.csv`, withCell(lines, 5, j, cell));
      const r = runCli(['predict', runDir, '--input', file]);
      expect(r.code, r.stderr).to.equal(2);
      expect(oneLine(r.stderr)).to.equal(`rnnflow: ${file}, row 7, column "${column}": ${column} ${cell} is out of range: expected a whole number from ${range}`);
    }
    // A whole input from year 300000 on (every hour consecutive) once died in Date's toISOString.
    const far = writeFile(dir, 'far-year.csv', lines.map((l, i) => (i === 0 ? l : l.split(',').map((c, k) => (k === 1 ? '300000' : c)).join(','))).join('\n') + '\n');
    expect(oneLine(runCli(['predict', runDir, '--input', far]).stderr)).to.contain('year 300000 is out of range');
  });

  it('a damaged labelScale or featureScale in dataset.json is refused naming the file and field (was: cells like 0.0877x, exit 0)', () => {
    const facts = JSON.parse(readFileSync(join(runDir, 'dataset.json'), 'utf8')) as Record<string, Record<string, unknown>>;
    const cases: [string, (f: typeof facts) => void, RegExp][] = [
      ['text', (f) => { f.labelScale.min = 'x'; }, /labelScale\.min is "x", not a finite number/],
      ['NaN', (f) => { f.labelScale.max = null; }, /labelScale\.max is null, not a finite number/],
      ['reversed', (f) => { f.labelScale.max = -5; }, /labelScale\.max -5 is below \.min 0/],
      ['missing', (f) => { f.labelScale = 7 as unknown as Record<string, unknown>; }, /labelScale is 7, not \{ "min": …, "max": … \}/],
      ['feature', (f) => { (f.featureScale.pollution as Record<string, unknown>).max = '994x'; }, /featureScale\.pollution\.max is "994x", not a finite number/],
    ];
    for (const [name, damage, message] of cases) {
      const copy = join(dir, `damaged-${name}`);
      mkdirSync(copy);
      cpSync(runDir, copy, { recursive: true });
      const damaged = structuredClone(facts);
      damage(damaged);
      writeFileSync(join(copy, 'dataset.json'), JSON.stringify(damaged));
      const r = runCli(['predict', copy, '--input', input]);
      expect(r.code, `${name}: ${r.stderr}`).to.equal(2);
      expect(r.stdout).to.equal('');
      const line = oneLine(r.stderr);
      expect(line).to.contain(`${join(copy, 'dataset.json')}: `);
      expect(line).to.match(message);
    }
  });

  it('inputs far outside the training range get one warning line naming the columns; the forecasts are still written', () => {
    // TEMP (column 7) far above anything in training, twice; PRES (8) once far below.
    const lines = rows2014(48);
    const text = withCell(withCell(lines, 10, 7, '300').trim().split('\n'), 20, 7, '250').trim().split('\n');
    const file = writeFile(dir, 'far.csv', withCell(text, 30, 8, '100'));
    const out = join(dir, 'far-preds.csv');
    const r = runCli(['predict', runDir, '--input', file, '--out', out]);
    expect(r.code, r.stderr).to.equal(0);
    const warnings = r.stderr.split('\n').filter((l) => l.startsWith('warning: '));
    expect(warnings).to.deep.equal([`warning: ${file}: 3 input values far outside the training range (more than the range's width beyond its min or max): ` +
      'temperature 2 (first in row 12), pressure 1 (first in row 32); forecasts from them extrapolate']);
    expect(readFileSync(out, 'utf8').trim().split('\n')).to.have.length(1 + 48 - 3);
    // The same rows inside the range: no warning.
    expect(runCli(['predict', runDir, '--input', input]).stderr).not.to.contain('warning:');
  });

  it('--input naming a folder says so, exit 2', () => {
    const r = runCli(['predict', runDir, '--input', dir]);
    expect(r.code, r.stderr).to.equal(2);
    expect(oneLine(r.stderr)).to.contain(`--input ${dir}: not a regular file`);
  });
});
