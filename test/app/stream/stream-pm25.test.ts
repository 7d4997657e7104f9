import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { from, lastValueFrom, Subject, toArray } from 'rxjs';
import { loadRun, type RawRow, type RunModel } from '../../../src/app/predict/run-model.js';
import type { StreamPrediction } from '../../../src/app/predict/stream/types.js';
import { isMissingCell, parseCsvTable } from '../../../src/data/csv-table.js';
import { readDataText } from '../../../src/data/data-file.js';
import { root, runCli, tempDir, writeFile } from '../../helpers/cli.js';
import { runCollecting } from '../../helpers/run.js';

const FEATURES = ['pollution', 'dewPoint', 'temperature', 'pressure', 'windDirection', 'windSpeed', 'hourSin', 'hourCos', 'monthSin', 'monthCos', 'snowHours', 'rainHours'];
const T = 4;

/** The shipped file's 8,760 rows of 2014 as row objects, cells as in the file ("NA" where missing). */
function rows2014(): { text: string; rows: RawRow[] } {
  const lines = readDataText(join(root, 'data', 'PRSA_data_2010.1.1-2014.12.31.csv.gz')).trim().split('\n');
  const text = [lines[0], ...lines.filter((l) => l.split(',')[1] === '2014')].join('\n') + '\n';
  const table = parseCsvTable(text, '2014.csv');
  return { text, rows: table.records.map((rec) => Object.fromEntries(table.header.map((h, j) => [h, rec[j]]))) };
}

async function trainRun(cell: 'elman' | 'gru'): Promise<string> {
  const { runDir } = await runCollecting({
    name: `stream-${cell}`, seed: 2,
    data: { name: 'pm25', timesteps: T, target: 'value', features: FEATURES, validation: { method: 'holdout', size: 500 } },
    model: { netType: 'regression', outputMode: 'last', cell, hiddenSize: 3 },
    train: { optimizer: 'adam', eta: 0.01, batchSize: 512, maxEpochs: 2 },
    sinks: ['checkpoint'],
  });
  return runDir;
}

const streamAll = (model: RunModel, rows: readonly RawRow[]) => lastValueFrom(from(rows).pipe(model.stream(), toArray()));

describe('stream: a PM2.5 window model, step by step, gives rnnflow predict\'s numbers', function () {
  this.timeout(600_000); // two tiny training runs and two predict processes
  const data = rows2014();
  const runs: Record<string, { dir: string; model: RunModel }> = {};
  before(async () => {
    for (const cell of ['elman', 'gru'] as const) {
      const dir = await trainRun(cell);
      runs[cell] = { dir, model: await loadRun(dir) };
    }
  });

  for (const cell of ['elman', 'gru'] as const) {
    it(`${cell}: on every stretch of 2014 without missing values, each hour's forecast equals rnnflow predict's (--precision 17) to 1e-12`, async () => {
      const { dir, model } = runs[cell];
      const input = writeFile(tempDir('rnnflow-stream-'), '2014.csv', data.text);
      const out = join(tempDir('rnnflow-stream-'), 'predict.csv');
      const cli = runCli(['predict', dir, '--input', input, '--out', out, '--precision', '17']);
      expect(cli.code, cli.stderr).to.equal(0);
      const predicted = new Map(readFileSync(out, 'utf8').trim().split('\n').slice(1).map((l) => {
        const [windowEnd, time, value] = l.split(',');
        return [windowEnd, { time, value: Number(value) }];
      }));
      const streamed = await streamAll(model, data.rows);
      // Row r is complete when no cell is missing; a window ending at row e reads rows e − T … e (the first for the wind speed).
      const complete = data.rows.map((row) => Object.values(row).every((v) => !isMissingCell(String(v))));
      const indexOf = new Map(data.rows.map((row, r) => [`${row.year}-${String(row.month).padStart(2, '0')}-${String(row.day).padStart(2, '0')} ${String(row.hour).padStart(2, '0')}:00`, r]));
      let compared = 0, worst = 0;
      for (const p of streamed) {
        const e = indexOf.get(p.windowEnd!)!;
        if (!complete.slice(e - T, e + 1).every(Boolean)) continue;
        const want = predicted.get(p.windowEnd!)!;
        expect(p.forecasts![0].for).to.equal(want.time);
        worst = Math.max(worst, Math.abs(p.forecasts![0].value! - want.value));
        compared++;
      }
      if (process.env.STREAM_REPORT === '1') console.log(`      ${cell}: ${compared} hours compared, worst |stream − predict| ${worst} µg/m³`);
      expect(worst, `worst |stream − predict| over ${compared} hours`).to.be.at.most(1e-12);
      // 2014 has 99 missing pm2.5 cells, in stretches: most windows lie between them.
      expect(compared).to.be.greaterThan(8_000);
      // The stream's first forecast comes when T rows are in, after the first row (its cumulated wind speed only starts the next hour's).
      expect(streamed[0]).to.deep.include({ step: T + 1, windowEnd: '2014-01-01 04:00' });
      expect(streamed).to.have.length(data.rows.length - T);
    });
  }

  it('a direct multi-hour head (data.directHours 2): both hours, as predict --horizon 2 gives them', async () => {
    const { runDir } = await runCollecting({
      name: 'stream-direct', seed: 2,
      data: { name: 'pm25', timesteps: T, target: 'value', features: FEATURES, directHours: 2, horizons: [1, 2], validation: { method: 'holdout', size: 500 } },
      model: { netType: 'regression', outputMode: 'last', cell: 'lstm', hiddenSize: 3 },
      train: { optimizer: 'adam', eta: 0.01, batchSize: 512, maxEpochs: 1 },
      sinks: ['checkpoint'],
    });
    const model = await loadRun(runDir);
    const rows = data.rows.slice(0, 200);
    const complete = rows.every((row) => Object.values(row).every((v) => !isMissingCell(String(v))));
    expect(complete, 'the first 200 hours of 2014 have every value').to.equal(true);
    const want = model.predict(rows, { horizon: 2 }).rows;
    const got = await streamAll(model, rows);
    expect(got.map((p) => ({ windowEnd: p.windowEnd, forecasts: p.forecasts }))).to.deep.equal(want);
    expect(got[0].forecasts!.map((f) => f.ahead)).to.deep.equal([1, 2]);
  });

  it('a missing value is carried forward from the series\' last known one, and named in `carried`', async () => {
    const { model } = runs.elman;
    const streamed = await streamAll(model, data.rows);
    const naRow = data.rows.findIndex((row, r) => r > T && isMissingCell(String(row['pm2.5'])));
    const p = streamed.find((s) => s.step === naRow + 1)!;
    expect(p.carried).to.deep.equal(['pm2.5']);
    // The same rows with the missing cell written as the last known value give the same forecast.
    const last = [...data.rows.slice(0, naRow)].reverse().find((row) => !isMissingCell(String(row['pm2.5'])))!['pm2.5'];
    const filled = data.rows.slice(0, naRow + 1).map((row, r) => (r === naRow ? { ...row, 'pm2.5': last } : row));
    const again = await streamAll(model, filled);
    expect(again.at(-1)!.forecasts).to.deep.equal(p.forecasts);
    expect(again.at(-1)!.carried).to.deep.equal([]);
  });

  it('a reset starts a new series: its forecasts are those of the rows after it streamed alone', async () => {
    const { model } = runs.gru;
    const january = data.rows.slice(100, 130), july = data.rows.slice(4400, 4420);
    const rows = new Subject<RawRow>(), reset = new Subject<void>();
    const got: StreamPrediction[] = [];
    rows.pipe(model.stream({ reset })).subscribe((p) => got.push(p));
    january.forEach((r) => rows.next(r));
    const beforeReset = got.length;
    reset.next();
    july.forEach((r) => rows.next(r));
    rows.complete();
    const alone = await streamAll(model, july);
    expect(got.slice(beforeReset)).to.deep.equal(alone);
    // Without the reset the hour gap is refused, naming the field.
    await lastValueFrom(from([...january, ...july]).pipe(model.stream(), toArray())).then(
      () => expect.fail('a gap of hours should be an error'),
      (e: Error) => expect(e.message).to.match(/^stream, row 31, column "hour": 2014-07-03 08:00 does not follow 2014-01-06 09:00 by one hour/),
    );
  });

  it('keyed series and concurrent subscriptions never mix states; more keys than maxKeys is an error naming it', async () => {
    const { model } = runs.elman;
    const a = data.rows.slice(200, 230).map((r) => ({ ...r, No: 'a' })), b = data.rows.slice(6000, 6030).map((r) => ({ ...r, No: 'b' }));
    const interleaved = a.flatMap((r, i) => [r, b[i]]);
    const keyed = await lastValueFrom(from(interleaved).pipe(model.stream({ key: (o) => String((o as RawRow).No) }), toArray()));
    expect(keyed.filter((p) => p.key === 'a').map(({ key: _k, ...p }) => p)).to.deep.equal((await streamAll(model, a)).map(({ key: _k, ...p }) => p));
    expect(keyed.filter((p) => p.key === 'b').map(({ key: _k, ...p }) => p)).to.deep.equal((await streamAll(model, b)).map(({ key: _k, ...p }) => p));
    // One operator, two subscriptions fed in turn: each has its own states.
    const op = model.stream(), left = new Subject<RawRow>(), right = new Subject<RawRow>();
    const gotLeft: StreamPrediction[] = [], gotRight: StreamPrediction[] = [];
    left.pipe(op).subscribe((p) => gotLeft.push(p));
    right.pipe(op).subscribe((p) => gotRight.push(p));
    a.forEach((r, i) => { left.next(r); right.next(b[i]); });
    expect(gotLeft).to.deep.equal(await streamAll(model, a));
    expect(gotRight).to.deep.equal(await streamAll(model, b));
    // A field of one's own for the key (options.fields): accepted, never read by the net.
    const stations = a.map((r) => ({ ...r, station: 'Dongsi' }));
    const byStation = await lastValueFrom(from(stations).pipe(model.stream({ key: (o) => String((o as RawRow).station), fields: ['station'] }), toArray()));
    expect(byStation.map(({ key: _k, ...p }) => p)).to.deep.equal((await streamAll(model, a)).map(({ key: _k, ...p }) => p));
    expect(byStation[0].key).to.equal('Dongsi');
    const three = [a[0], b[0], { ...a[0], No: 'c' }];
    await lastValueFrom(from(three).pipe(model.stream({ key: (o) => String((o as RawRow).No), maxKeys: 2 }), toArray())).then(
      () => expect.fail('a third key should be an error'),
      (e: Error) => expect(e.message).to.match(/key "c" beyond the 2 series held \(options\.maxKeys\)/),
    );
  });

  it('the example of docs/predict-export.md runs as written, and prints predict\'s forecasts', () => {
    const { dir, model } = runs.gru;
    const page = readFileSync(join(root, 'docs', 'predict-export.md'), 'utf8');
    const section = page.slice(page.indexOf('## Stream predictions'));
    const example = section.slice(section.indexOf('```js\n') + 6, section.indexOf('```\n', section.indexOf('```js\n') + 6));
    expect(example).to.include("loadRun('runs/pm25-regression')");
    // The page imports the installed packages: here the build and the project's own rxjs, from a temporary folder.
    const script = example.replace("from 'rnnflow'", `from ${JSON.stringify(pathToFileURL(join(root, 'dist', 'src', 'index.js')).href)}`)
      .replace("from 'rxjs'", `from ${JSON.stringify(import.meta.resolve('rxjs'))}`)
      .replace("loadRun('runs/pm25-regression')", `loadRun(${JSON.stringify(dir)})`);
    const file = writeFile(tempDir('rnnflow-stream-doc-'), 'example.mjs', script);
    const run = spawnSync(process.execPath, [file], { cwd: root, encoding: 'utf8' });
    expect(run.status, run.stderr).to.equal(0);
    const table = parseCsvTable(readFileSync(join(root, 'data', 'pm25-last-days.csv'), 'utf8'), 'pm25-last-days.csv');
    const want = model.predict(table).rows.map((r) => `${r.windowEnd} ${r.forecasts[0].for} ${r.forecasts[0].value!.toFixed(1)}`);
    expect(run.stdout.trim().split('\n')).to.deep.equal(want);
  });

  it('bad input ends the stream with an error naming the row and the field', async () => {
    const { model } = runs.elman;
    const good = data.rows.slice(10, 14);
    const errorOf = (rows: unknown[], options = {}) => lastValueFrom(from(rows as RawRow[]).pipe(model.stream(options), toArray())).then(
      () => '', (e: Error) => e.message);
    expect(await errorOf([...good, { ...good[0], pm25: 3 }])).to.match(/^stream, row 5: unknown field "pm25"\. Did you mean "pm2\.5"\? This run reads "year", /);
    expect(await errorOf([good[0], { ...good[1], TEMP: true }])).to.equal('stream, row 2, field "TEMP": expected a number or text, got boolean');
    expect(await errorOf([good[0], { ...good[1], DEWP: 'warm' }])).to.match(/^stream, row 2, column "DEWP": "warm" is not a number/);
    expect(await errorOf([good[0], 'a letter'])).to.match(/^stream, row 2: expected a row of fields \{year, month, day, hour, pm2\.5, /);
    const { year: _y, ...noYear } = good[1];
    expect(await errorOf([good[0], noYear])).to.match(/^stream, row 2, column "year": missing value; every row needs its time/);
    expect(() => model.stream({ keys: () => 'a' } as object)).to.throw(/stream\(options\): unknown option "keys"; the options are key, reset, fields, maxKeys, top/);
    expect(() => model.stream({ maxKeys: 0 })).to.throw(/maxKeys 0: expected a whole number, 1 or more/);
  });
});
