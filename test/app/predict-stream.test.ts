/**
 * predict --input read in chunks (issue 28: a 50 MB input peaked at 1.94 GB, a 200 MB one died): the
 * chunked read gives the whole file's forecasts and warnings exactly, and its memory does not grow with the file.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { writePm25Hours } from '../../bench/predict-memory.js';
import { predictFile } from '../../src/app/predict/predict-file.js';
import { predictionsCsv } from '../../src/app/predict/output.js';
import { loadRun, type RunModel } from '../../src/app/predict/run-model.js';
import { parseCsvTable } from '../../src/data/csv-table.js';
import { readDataText } from '../../src/data/data-file.js';
import { root, tempDir, writeFile } from '../helpers/cli.js';
import { runCollecting } from '../helpers/run.js';

const T = 3;

/** The shipped file's 2014 rows (header first), as lines. */
function lines2014(): string[] {
  const lines = readDataText(join(root, 'data', 'PRSA_data_2010.1.1-2014.12.31.csv.gz')).trim().split('\n');
  return [lines[0], ...lines.filter((l) => l.split(',')[1] === '2014')];
}

/** Sets column j of data rows from … to − 1 (row 0 = the first data row) to `cell`. */
function plant(lines: string[], j: number, from: number, to: number, cell: string): void {
  for (let r = from; r < to; r++) lines[r + 1] = lines[r + 1].split(',').map((c, k) => (k === j ? cell : c)).join(',');
}

describe('predict --input read in chunks (a tiny PM2.5 value run)', function () {
  this.timeout(300_000);
  let runDir: string;
  let model: RunModel;
  before(async () => {
    ({ runDir } = await runCollecting({
      name: 'predict-stream', seed: 1,
      data: { name: 'pm25', timesteps: T, target: 'value', horizons: [1], validation: { method: 'holdout', size: 500 } },
      model: { netType: 'regression', outputMode: 'last', hiddenSize: 3 },
      train: { optimizer: 'adam', eta: 0.01, batchSize: 512, maxEpochs: 1 },
      sinks: ['checkpoint'],
    }));
    model = await loadRun(runDir);
  });

  it('gives the whole file\'s forecasts, warnings and assumptions, row for row, with gaps across the chunks\' edges', () => {
    const lines = lines2014().slice(0, 1201);
    // Column numbers: No,year,month,day,hour,pm2.5,DEWP,TEMP,PRES,cbwd,Iws,Is,Ir.
    plant(lines, 5, 95, 131, 'NA'); // a pm2.5 gap over the edges at rows 100 and 150 (chunks of 50)
    plant(lines, 6, 0, 3, 'NA'); // DEWP missing at the start: the nearest known value
    plant(lines, 7, 1195, 1200, 'NA'); // TEMP missing at the end
    plant(lines, 9, 148, 152, 'NA'); // cbwd repeats the one before, over an edge
    plant(lines, 10, 198, 203, 'NA'); // Iws, over an edge
    plant(lines, 8, 500, 501, '2000'); // PRES far outside the training range
    const dir = tempDir('rnnflow-predict-stream-');
    const file = writeFile(dir, 'gaps.csv', lines.join('\n') + '\n');
    const whole = model.predict(parseCsvTable(readFileSync(file, 'utf8'), file), { horizon: 3 });
    const want = predictionsCsv(whole, { runDir, params: 'best', pm25: true, precision: 17 });
    let text = '';
    const got = predictFile(model, file, { horizon: 3, precision: 17, runDir, params: 'best', chunkRows: 50 }, (t) => { text += t; });
    expect(whole.warnings).to.have.length(2);
    expect(got.warnings).to.deep.equal(whole.warnings);
    expect(got.assumptions).to.deep.equal(whole.assumptions);
    expect(got.about).to.deep.equal(want.about);
    expect(got.windows).to.equal(whole.rows.length);
    expect(text.split('\n')).to.deep.equal(want.text.split('\n'));
    // 1,200 rows, never more than a chunk, its overlap and the longest gap held at once.
    expect(got.rowsHeldAtMost).to.be.at.most(50 + (T + 1) + 3 + 36);
  });

  it('a csv run names rows by their number in the whole file, chunk after chunk', async () => {
    const dir = tempDir('rnnflow-predict-stream-');
    const rows = Array.from({ length: 300 }, (_, i) => `${(Math.sin(i / 3) * 10).toFixed(3)},${i % 11 === 5 ? 'NA' : (i % 7) / 2}`);
    const file = writeFile(dir, 'series.csv', ['x,y', ...rows].join('\n') + '\n');
    const { runDir: csvRun } = await runCollecting({
      name: 'predict-stream-csv', seed: 1,
      data: { name: 'csv', file, features: ['x', 'y'], target: 'x', timesteps: 4, missing: 'interpolate' },
      model: { netType: 'regression', outputMode: 'last', hiddenSize: 3 },
      train: { eta: 0.05, batchSize: 8, maxEpochs: 1 },
      sinks: ['checkpoint'],
    });
    const csvModel = await loadRun(csvRun);
    const whole = csvModel.predict(parseCsvTable(readFileSync(file, 'utf8'), file));
    const want = predictionsCsv(whole, { runDir: csvRun, params: 'best', pm25: false, precision: 17 });
    let text = '';
    const got = predictFile(csvModel, file, { horizon: 1, precision: 17, runDir: csvRun, params: 'best', chunkRows: 40 }, (t) => { text += t; });
    expect(text.split('\n')).to.deep.equal(want.text.split('\n'));
    expect(text.trim().split('\n').pop()).to.match(/^300,301,/);
    expect(got.warnings).to.deep.equal(whole.warnings);
  });

  it('rnnflow predict forecasts a 6.5 MB input with a 64 MB heap (reading it whole needed over 25× the file)', () => {
    const dir = tempDir('rnnflow-predict-stream-');
    const input = join(dir, 'hours.csv');
    writePm25Hours(root, input, { rows: 150_000 });
    const size = statSync(input).size;
    expect(size).to.be.above(6e6);
    // The heap cap is what makes this a test of memory, not of speed: a process that holds the input's
    // text and a string per cell (the whole-file read: 220 MB peak for 8.7 MB) dies of it; a chunked one
    // holds about 30 MB however long the file.
    const out = join(dir, 'preds.csv');
    const r = spawnSync(process.execPath, ['--max-old-space-size=64', join(root, 'dist', 'src', 'app', 'cli.js'), 'predict', runDir, '--input', input, '--out', out],
      { encoding: 'utf8' });
    expect(r.status, r.stderr.slice(-2000)).to.equal(0);
    expect(r.stderr).to.match(/rnnflow predict: 149997 windows → /);
    expect(readFileSync(out, 'utf8').split('\n')).to.have.length(1 + 149_997 + 1);
  });
});
