import { expect } from 'chai';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadRun, type RunModel } from '../../src/app/predict/run-model.js';
import { parseCsvTable } from '../../src/data/csv-table.js';
import { readDataText } from '../../src/data/data-file.js';
import { loadDataset } from '../../src/data/index.js';
import { unscaleValue } from '../../src/data/normalize.js';
import { rollForward } from '../../src/data/pm25/horizon.js';
import type { WindowedSeries } from '../../src/data/windows.js';
import type { Experiment } from '../../src/config/types.js';
import type { RunSummary } from '../../src/events/run-event.js';
import { root, runCli, tempDir, writeFile } from '../helpers/cli.js';
import { runCollecting } from '../helpers/run.js';

const FEATURES = ['pollution', 'dewPoint', 'temperature', 'pressure', 'windDirection', 'windSpeed',
  'hourSin', 'hourCos', 'monthSin', 'monthCos', 'snowHours', 'rainHours'];
const T = 3;

/** The shipped file's header and its 8,760 rows of 2014, as they are in the file (99 pm2.5 cells are NA). */
function rows2014(): string {
  const lines = readDataText(join(root, 'data', 'PRSA_data_2010.1.1-2014.12.31.csv.gz')).trim().split('\n');
  return [lines[0], ...lines.filter((l) => l.split(',')[1] === '2014')].join('\n') + '\n';
}

describe('rnnflow predict (a tiny PM2.5 value run)', () => {
  let runDir: string;
  let summary: RunSummary;
  let model: RunModel;
  let input: string;
  before(async () => {
    ({ runDir, summary } = await runCollecting({
      name: 'predict-value', seed: 1,
      data: { name: 'pm25', timesteps: T, target: 'value', horizons: [1, 3], features: FEATURES, validation: { method: 'holdout', size: 500 } },
      model: { netType: 'regression', outputMode: 'last', hiddenSize: 3 },
      train: { optimizer: 'adam', eta: 0.01, batchSize: 512, maxEpochs: 1 },
      sinks: ['checkpoint'],
    }));
    model = await loadRun(runDir);
    input = writeFile(tempDir('rnnflow-predict-'), '2014.csv', rows2014());
  });

  it('gives, from the raw 2014 rows, the numbers of the run\'s own test evaluation in µg/m³', () => {
    const table = parseCsvTable(readFileSync(input, 'utf8'), input);
    const p = model.predict(table, { horizon: 3 });
    // The run's own test split, prepared from the whole file, and its forecasts with the same (best) parameters.
    const experiment = JSON.parse(readFileSync(join(runDir, 'experiment.resolved.json'), 'utf8')) as Experiment;
    const set = loadDataset(experiment.data, { seed: 1, baseDir: root, packageDir: root });
    const test = set.test as WindowedSeries;
    const { min, max } = model.facts.labelScale!;
    const own: number[][] = [[], [], [], []];
    const truth: number[] = [];
    rollForward(model.net, test, test.starts, 1, (_k, a, y, rows) => {
      for (let r = 0; r < rows; r++) { own[1].push(unscaleValue(a[r], min, max)); truth.push(unscaleValue(y[r], min, max)); }
    });
    // 2 and 3 hours ahead where those hours are still in 2014.
    rollForward(model.net, test, test.starts.subarray(0, test.size - 2), 3, (k, a, _y, rows) => {
      if (k > 1) for (let r = 0; r < rows; r++) own[k].push(unscaleValue(a[r], min, max));
    });
    // Test window w ends at 2014 row w + 2 (8,757 of them: the last row's next hour is not in the file). The
    // first input row only turns the second row's cumulated Iws into an hourly speed, so predict's first
    // window is test window 1, and it adds one at the end (from the last row, whose next hour is 2015).
    expect(test.size).to.equal(8_757);
    expect(p.rows).to.have.length(8_757);
    expect(p.rows[0].windowEnd).to.equal('2014-01-01 03:00');
    expect(p.rows[0].forecasts.map((f) => f.for)).to.deep.equal(['2014-01-01 04:00', '2014-01-01 05:00', '2014-01-01 06:00']);
    for (let w = 1; w < test.size; w++) {
      const f = p.rows[w - 1].forecasts;
      expect(f[0].value, `window ${w}, 1 h`).to.equal(own[1][w]);
      // Forecasts whose hours lie in the file read the file's weather, as the run's horizon metrics do.
      if (w + 2 < test.size) {
        expect(f[1].value, `window ${w}, 2 h`).to.equal(own[2][w]);
        expect(f[2].value, `window ${w}, 3 h`).to.equal(own[3][w]);
      }
    }
    // …and those are the numbers behind the run's summary: its test RMSE and MAE in µg/m³ and R².
    const errors = own[1].map((v, w) => v - truth[w]);
    const t = summary.bestParams.test;
    expect(Math.sqrt(errors.reduce((s, e) => s + e * e, 0) / errors.length)).to.be.closeTo(t.rmse!, 1e-9);
    expect(errors.reduce((s, e) => s + Math.abs(e), 0) / errors.length).to.be.closeTo(t.mae!, 1e-9);
    // The last window forecasts into 2015 with the last weather carried forward, and says so.
    expect(p.rows.at(-1)!.forecasts.map((f) => f.for)).to.deep.equal(['2015-01-01 00:00', '2015-01-01 01:00', '2015-01-01 02:00']);
    expect(p.assumptions.join(' ')).to.match(/past 2014-12-31 23:00 .*carried forward/);
    expect(p.warnings.join(' ')).to.match(/99 missing input values filled as in training .*pm2\.5 99/);
  });

  it('accepts row objects from code, and any run of consecutive hours', () => {
    const table = parseCsvTable(rows2014(), 'x.csv');
    const objects = table.records.slice(100, 110).map((rec) => Object.fromEntries(table.header.map((h, j) => [h, rec[j]])));
    const p = model.predict(objects, { horizon: 2 });
    // 10 rows, the first only for the wind speed: windows end at rows 3…9.
    expect(p.rows.map((r) => r.windowEnd)).to.deep.equal(['2014-01-05 07:00', '2014-01-05 08:00', '2014-01-05 09:00', '2014-01-05 10:00',
      '2014-01-05 11:00', '2014-01-05 12:00', '2014-01-05 13:00']);
    for (const r of p.rows) expect(r.forecasts.map((f) => f.ahead)).to.deep.equal([1, 2]);
  });

  it('names the file, row and column of bad input', () => {
    const dir = tempDir('rnnflow-predict-');
    const text = rows2014().split('\n').slice(0, 30);
    const noDew = writeFile(dir, 'nodew.csv', text.map((l) => l.split(',').filter((_, j) => j !== 6).join(',')).join('\n'));
    expect(() => model.predict(parseCsvTable(readFileSync(noDew, 'utf8'), noDew))).to.throw(/nodew\.csv, row 1: missing column "DEWP"/);
    expect(() => model.predict(parseCsvTable(text.slice(0, 4).join('\n'), 'short.csv')))
      .to.throw(/short\.csv: too few rows: 3 rows for windows of 3 hours; at least 4 consecutive hours/);
    const gap = [...text.slice(0, 5), ...text.slice(6, 10)].join('\n');
    expect(() => model.predict(parseCsvTable(gap, 'gap.csv'))).to.throw(/gap\.csv, row 6, column "hour": 2014-01-01 05:00 does not follow 2014-01-01 03:00/);
    const bad = text.slice(0, 10).map((l, i) => (i === 7 ? l.replace(/,NW,/, ',N,') : l)).join('\n');
    expect(() => model.predict(parseCsvTable(bad, 'bad.csv'))).to.throw(/bad\.csv, row 8, column "cbwd": unknown wind direction "N"/);
    const na = text.slice(0, 10).map((l, i) => (i === 4 || i === 9 ? l.split(',').map((c, j) => (j === 5 || j === 7 ? 'NA' : c)).join(',') : l)).join('\n');
    expect(model.predict(parseCsvTable(na, 'na.csv')).warnings).to.deep.equal(
      ['na.csv: 4 missing input values filled as in training (linear between known values, the nearest known value at the ends): pm2.5 2, TEMP 2']);
    expect(() => model.predict(parseCsvTable(text.join('\n'), 'x.csv'), { horizon: 0 })).to.throw(/horizon 0: expected a whole number/);
  });

  it('rnnflow predict writes a CSV that starts with its header (assumptions on stderr and in <out>.json), --precision digits, and refuses to overwrite without --overwrite', () => {
    const out = join(tempDir('rnnflow-predict-'), 'preds.csv');
    const args = ['predict', runDir, '--input', input, '--horizon', '2', '--out', out];
    const first = runCli(args);
    expect(first.code, first.stderr).to.equal(0);
    expect(first.stderr).to.match(/warning: .*99 missing input values/);
    expect(first.stderr).to.match(/^assumed: forecasts past 2014-12-31 23:00 .*carried forward/m);
    // The header first (any CSV reader takes the file as it is); what it cannot say is in <out>.json.
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0]).to.equal('window_end,time_1h,pm2.5_1h,time_2h,pm2.5_2h');
    expect(lines).to.have.length(1 + 8_757);
    expect(lines[1]).to.match(/^2014-01-01 03:00,2014-01-01 04:00,[-\d.e]+,2014-01-01 05:00,[-\d.e]+$/);
    const about = JSON.parse(readFileSync(`${out}.json`, 'utf8'));
    expect(about).to.deep.include({ run: runDir, params: 'best', target: { name: 'pm2.5', unit: 'µg/m³' }, precision: 9, columns: lines[0].split(',') });
    expect(about.assumptions[0]).to.match(/^forecasts past 2014-12-31 23:00 .*carried forward/);
    // 9 significant digits by default (what a float32 needs to be read back exactly); --precision 17 writes the doubles themselves.
    const written = lines.slice(1).map((l) => l.split(',')[2]);
    const want = model.predict(parseCsvTable(readFileSync(input, 'utf8'), input), { horizon: 2 }).rows.map((r) => r.forecasts[0].value!);
    expect(written).to.deep.equal(want.map((v) => String(Number(v.toPrecision(9)))));
    const again = runCli(args);
    expect(again.code).to.equal(2);
    expect(again.stderr).to.match(/preds\.csv: .*preds\.csv exists; .* --overwrite/);
    expect(runCli([...args, '--overwrite', '--precision', '17']).code).to.equal(0);
    const exact = readFileSync(out, 'utf8').trim().split('\n').slice(1).map((l) => Number(l.split(',')[2]));
    expect(exact).to.deep.equal(want);
    expect(runCli([...args, '--overwrite', '--precision', '0']).stderr).to.match(/--precision 0: expected a whole number of significant digits, 1 to 17/);
  });

  it('rnnflow predict says when the summary has the final parameters better on validation R² than the best', () => {
    const copy = join(tempDir('rnnflow-predict-'), 'run');
    cpSync(runDir, copy, { recursive: true });
    const s = structuredClone(summary);
    s.metrics.validation.r2 = s.bestParams.validation.r2! + 0.01;
    writeFileSync(join(copy, 'summary.json'), JSON.stringify(s));
    const r = runCli(['predict', copy, '--input', input, '--out', join(copy, 'preds.csv')]);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stderr).to.contain(`predict: final beats best on validation R² (${s.metrics.validation.r2.toFixed(4)} > ${s.bestParams.validation.r2!.toFixed(4)}): --params final\n`);
    expect(runCli(['predict', runDir, '--input', input, '--out', join(copy, 'preds2.csv')]).stderr).not.to.contain('final beats best');
  });
});

describe('rnnflow predict (a tiny PM2.5 class run)', () => {
  it('gives each window\'s class and its probabilities, and refuses a horizon past 1', async () => {
    const { runDir } = await runCollecting({
      name: 'predict-class', seed: 1,
      data: { name: 'pm25', timesteps: 2, target: 'class', validation: { method: 'holdout', size: 500 } },
      model: { netType: 'multiclass', outputMode: 'last', hiddenSize: 2 },
      train: { eta: 0.1, batchSize: 512, maxEpochs: 1 },
      sinks: ['checkpoint'],
    });
    const model = await loadRun(runDir, { params: 'final' });
    const p = model.predict(parseCsvTable(rows2014().split('\n').slice(0, 25).join('\n'), 'day.csv'));
    expect(p.rows).to.have.length(24 - 2);
    for (const r of p.rows) {
      const [f] = r.forecasts;
      const probabilities = Object.values(f.probabilities!);
      expect(Object.keys(f.probabilities!)).to.deep.equal(['<50', '<100', '<150', '<200', '<300', '≥300']);
      expect(probabilities.reduce((a, b) => a + b, 0)).to.be.closeTo(1, 1e-12);
      expect(f.probabilities![f.class!]).to.equal(Math.max(...probabilities));
    }
    expect(() => model.predict(parseCsvTable(rows2014().split('\n').slice(0, 25).join('\n'), 'day.csv'), { horizon: 2 }))
      .to.throw(/horizon 2: only value runs whose target is also an input forecast more than one step ahead.*this pm25 class run forecasts 1 step ahead/);
  });
});

describe('rnnflow predict (a csv run on a semicolon-separated, decimal-comma file)', () => {
  it('reads its input the way the run read its data (data.delimiter, data.decimal), as the same numbers', async () => {
    const dir = tempDir('rnnflow-predict-');
    const plain = ['time,x,y', ...Array.from({ length: 80 }, (_, i) => `${i},${(Math.sin(i / 3) * 10).toFixed(3)},${(i % 7) / 2}`)].join('\n') + '\n';
    const european = plain.replace(/\./g, '#').replace(/,/g, ';').replace(/#/g, ',');
    const file = writeFile(dir, 'series.csv', european);
    const { runDir } = await runCollecting({
      name: 'predict-csv', seed: 1,
      data: { name: 'csv', file, features: ['x', 'y'], target: 'x', timesteps: 4, delimiter: ';', decimal: ',', timeColumn: 'time' },
      model: { netType: 'regression', outputMode: 'last', hiddenSize: 3 },
      train: { eta: 0.05, batchSize: 8, maxEpochs: 1 },
      sinks: ['checkpoint'],
    });
    const out = join(dir, 'preds.csv');
    const r = runCli(['predict', runDir, '--input', file, '--out', out, '--precision', '17']);
    expect(r.code, r.stderr).to.equal(0);
    const model = await loadRun(runDir);
    const want = model.predict(parseCsvTable(plain, 'plain.csv'));
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    const got = lines.slice(1).map((l) => Number(l.split(',')[2]));
    expect(got).to.deep.equal(want.rows.map((row) => row.forecasts[0].value));
    // Rows named by the file's own time column (data.timeColumn): windows of 4 end at times 3 … 79, each forecasting the next.
    expect(lines[0]).to.equal('window_end,time_1,x_1');
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 2).join(','))).to.deep.equal(
      Array.from({ length: 77 }, (_, w) => `${w + 3},${w === 76 ? '+1 after 79' : w + 4}`));
    // The same input without the run's dialect: one column, and the error says what to set.
    writeFileSync(join(dir, 'other.csv'), european);
    expect(() => parseCsvTable(european, 'other.csv')).to.throw(/other\.csv, row 2: malformed row: 2 cells where the header has 1\. The header looks semicolon-separated .*set data\.delimiter to ";"/);
  });
});
