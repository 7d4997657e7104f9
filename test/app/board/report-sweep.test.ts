import { expect } from 'chai';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { collectReport } from '../../../src/app/report/write-report.js';
import { runSweep } from '../../../src/app/sweep/index.js';
import { createInProcessExecutor } from '../../../src/app/run-pool/pool.js';
import { testYearForecast } from '../../../src/app/board/predictions.js';
import { capture, writeSweep } from '../sweep/fixtures.js';
import { tinyValueExperiment } from './pm25-runs.js';

describe("report: a PM2.5 value sweep carries its best trial's test-week forecasts", function () {
  this.timeout(120_000);

  it("holds the best trial's test year, the same numbers as the board computes, and no other trial's", async () => {
    const file = writeSweep({ parameters: { 'model.hiddenSize': [2, 3, 4] }, metric: 'bestParams.validation.r2', goal: 'max' }, tinyValueExperiment());
    expect(await runSweep(file, { executor: () => createInProcessExecutor(), out: capture(), plain: true, signal: new AbortController().signal })).to.equal(0);
    const out = join(file, '..', 'out', 'sweep');
    const sweepDir = join(out, readdirSync(out)[0]);
    const best = JSON.parse(readFileSync(join(sweepDir, 'results.json'), 'utf8')).best as string;
    const data = await collectReport([sweepDir]);
    const ids = Object.keys(data.forecasts);
    expect(ids).to.have.length(1);
    expect(ids[0].endsWith(`/trials/${best}`), ids[0]).to.equal(true);
    const series = data.forecasts[ids[0]];
    if ('error' in series) throw new Error(series.error);
    // The report rounds to 2 decimals; the board's own computation from the trial's folder agrees to that.
    const year = (await testYearForecast(join(sweepDir, 'trials', best)))!;
    expect([series.start, series.hours, series.horizons]).to.deep.equal([year.start, year.hours, year.horizons]);
    let compared = 0;
    series.model.forEach((row, h) => row.forEach((v, i) => {
      const exact = year.model[h][i];
      expect(v === null, `horizon ${h}, hour ${i}`).to.equal(exact === null);
      if (v !== null && exact !== null) {
        expect(Math.abs(v - exact), `horizon ${h}, hour ${i}`).to.be.at.most(0.005 + 1e-9);
        compared++;
      }
    }));
    expect(compared).to.be.above(8000);
  });
});
