import { expect } from 'chai';
import { join } from 'node:path';
import { loadRun } from '../../../src/app/predict/run-model.js';
import { ForecastCache, forecastHorizons, testYearForecast, weekOf, WEEK_HOURS, type ForecastSeries } from '../../../src/app/board/predictions.js';
import { loadDataset } from '../../../src/data/index.js';
import { unscaleValue } from '../../../src/data/normalize.js';
import { readDataText } from '../../../src/data/data-file.js';
import { rollForward } from '../../../src/data/pm25/horizon.js';
import type { WindowedSeries } from '../../../src/data/windows.js';
import type { RunSummary } from '../../../src/events/run-event.js';
import type { Experiment } from '../../../src/config/types.js';
import { root, tempDir } from '../../helpers/cli.js';
import { TINY_T, trainTinyValueRun } from './pm25-runs.js';
import { writeRun } from './fixture.js';
import { readFileSync } from 'node:fs';

const rmse = (pairs: [number, number][]) => Math.sqrt(pairs.reduce((s, [a, b]) => s + (a - b) ** 2, 0) / pairs.length);

describe('board: a PM2.5 value run\'s test-year forecasts (the week chart\'s data)', () => {
  let runDir: string;
  let summary: RunSummary;
  let year: ForecastSeries;
  /** The run's own test labels in µg/m³ (NA hours filled as training filled them), by 2014 hour. */
  const labels: number[] = [];

  before(async () => {
    ({ runDir, summary } = await trainTinyValueRun());
    year = (await testYearForecast(runDir))!;
    const model = await loadRun(runDir);
    const experiment = JSON.parse(readFileSync(join(runDir, 'experiment.resolved.json'), 'utf8')) as Experiment;
    const test = loadDataset(experiment.data, { seed: 1, baseDir: root, packageDir: root }).test as WindowedSeries;
    const { min, max } = model.facts.labelScale!;
    // Test window w ends at 2014 hour w + T − 1; its label is hour w + T.
    rollForward(model.net, test, test.starts, 1, (_k, _a, y, rows, from) => {
      for (let r = 0; r < rows; r++) labels[from + r + TINY_T] = unscaleValue(y[r], min, max);
    });
  });

  it('covers 2014 hour by hour; the truth is the file\'s pm2.5 column (NA as null)', () => {
    expect(year.start).to.equal(Date.UTC(2014, 0, 1, 0));
    expect(year.hours).to.equal(8760);
    expect(year.horizons).to.deep.equal([1, 3]);
    const lines = readDataText(join(root, 'data', 'PRSA_data_2010.1.1-2014.12.31.csv.gz')).trim().split('\n').filter((l) => l.split(',')[1] === '2014');
    const pm = lines.map((l) => l.split(',')[5]).map((c) => (c === 'NA' ? null : Number(c)));
    expect(year.truth).to.deep.equal(pm);
    expect(year.truth.filter((v) => v === null)).to.have.length(99);
    for (let i = TINY_T; i < 8760; i++) if (year.truth[i] !== null) expect(labels[i], `hour ${i}`).to.be.closeTo(year.truth[i]!, 1e-9);
  });

  it('gives the numbers of the run\'s own summary: model and persistence, 1 and 3 hours ahead', () => {
    const over = (series: (number | null)[], from: number) => {
      const pairs: [number, number][] = [];
      for (let i = from; i < 8760; i++) pairs.push([series[i]!, labels[i]]);
      return rmse(pairs);
    };
    // 1 h: every test label hour; 3 h: the hours whose window 2 hours earlier still has a label in 2014.
    expect(over(year.model[0], TINY_T)).to.be.closeTo(summary.bestParams.test.rmse!, 1e-9);
    expect(over(year.persistence[0], TINY_T)).to.be.closeTo(summary.baseline!.test.rmse!, 1e-9);
    expect(over(year.model[1], TINY_T + 2)).to.be.closeTo(summary.horizons!.bestParams.test['3h'].rmse!, 1e-9);
    expect(over(year.persistence[1], TINY_T + 2)).to.be.closeTo(summary.baseline!.horizons!.test['3h'].rmse!, 1e-9);
    // Hours no window of the input forecasts: none, since the input reaches back into 2013.
    expect(year.model[1].every((v) => v !== null)).to.equal(true);
  });

  it('cuts weeks of 168 hours (the last one 24), rounded to 2 decimals, clamped to the year', () => {
    const w = weekOf(year, 9);
    expect(w.week).to.equal(9);
    expect(w.start).to.equal(Date.UTC(2014, 0, 1) + 9 * WEEK_HOURS * 3_600_000);
    expect(w.hours).to.equal(168);
    expect(w.weeks).to.have.length(53);
    expect(w.model[1][5]).to.equal(Math.round(year.model[1][9 * 168 + 5]! * 100) / 100);
    expect(w.truth).to.deep.equal(year.truth.slice(9 * 168, 10 * 168));
    expect(weekOf(year, 99)).to.include({ week: 52, hours: 24 });
    expect(weekOf(year, -3).week).to.equal(0);
  });

  it('is for PM2.5 value runs only, and is computed once per best parameter file', async () => {
    expect(forecastHorizons({ data: { name: 'pm25', target: 'class' } })).to.equal(undefined);
    expect(forecastHorizons({ data: { name: 'minus', bits: 4 } })).to.equal(undefined);
    expect(forecastHorizons({ data: { name: 'pm25', target: 'value', horizons: [] } })).to.deep.equal([1]);
    const fake = writeRun(join(tempDir('rnnflow-board-'), 'fake-minus'), { name: 'minus' });
    expect(await testYearForecast(fake)).to.equal(undefined);
    const cache = new ForecastCache();
    const first = cache.get(runDir);
    expect(cache.get(runDir)).to.equal(first);
  });
});
