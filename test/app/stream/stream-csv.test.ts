import { expect } from 'chai';
import { from, lastValueFrom, toArray } from 'rxjs';
import { loadRun, type RawRow } from '../../../src/app/predict/run-model.js';
import { parseCsvTable } from '../../../src/data/csv-table.js';
import { tempDir, writeFile } from '../../helpers/cli.js';
import { runCollecting } from '../../helpers/run.js';

const T = 4;
const TEXT = ['time,x,y', ...Array.from({ length: 80 }, (_, i) => `t${i},${(Math.sin(i / 3) * 10).toFixed(3)},${(i % 7) / 2}`)].join('\n') + '\n';

describe('stream: csv runs (any time series), value and class, give predict\'s numbers', function () {
  this.timeout(600_000); // two tiny training runs
  const table = parseCsvTable(TEXT, 'series.csv');
  const rows: RawRow[] = table.records.map((rec) => Object.fromEntries(table.header.map((h, j) => [h, rec[j]])));
  const train = (name: string, data: object, netType: string) => runCollecting({
    name, seed: 1, data: { name: 'csv', file: writeFile(tempDir('rnnflow-stream-csv-'), 'series.csv', TEXT), features: ['x', 'y'], timesteps: T, ...data },
    model: { netType, outputMode: 'last', cell: 'gru', hiddenSize: 3 }, train: { eta: 0.05, batchSize: 8, maxEpochs: 1 }, sinks: ['checkpoint'],
  });

  it('a value run named by data.timeColumn: every window\'s forecast, bit for bit; the next row is "+1 after" the last time', async () => {
    const model = await loadRun((await train('stream-csv-value', { target: 'x', timeColumn: 'time' }, 'regression')).runDir);
    const want = model.predict(rows).rows;
    const got = await lastValueFrom(from(rows).pipe(model.stream(), toArray()));
    expect(got).to.have.length(want.length);
    expect(got.map((p) => p.windowEnd)).to.deep.equal(want.map((r) => r.windowEnd));
    expect(got.map((p) => p.forecasts![0].value)).to.deep.equal(want.map((r) => r.forecasts[0].value));
    expect(got[0]).to.deep.include({ step: T, windowEnd: 't3' });
    expect(got[0].forecasts![0].for).to.equal('+1 after t3');
    // data.missing "error" (the default): a missing cell is refused, as predict refuses it.
    const err = await lastValueFrom(from([rows[0], { ...rows[1], y: 'NA' }]).pipe(model.stream(), toArray())).then(() => '', (e: Error) => e.message);
    expect(err).to.match(/^stream, row 2, column "y": missing value: this run was trained with data\.missing "error"/);
  });

  it('a class run numbered by row: the class and every probability, bit for bit', async () => {
    const model = await loadRun((await train('stream-csv-class', { target: 'y', task: 'classes', classes: [1.5], missing: 'interpolate' }, 'multiclass')).runDir);
    // Without data.timeColumn the run never reads "time": rows give the run's columns only.
    const untimed = rows.map(({ time: _t, ...row }) => row);
    const want = model.predict(untimed).rows;
    const got = await lastValueFrom(from(untimed).pipe(model.stream(), toArray()));
    expect(want[0].windowEnd).to.equal(String(T));
    expect(got.map((p) => ({ windowEnd: p.windowEnd, forecasts: p.forecasts }))).to.deep.equal(want);
    // data.missing "interpolate": the stream carries the last known value forward instead.
    const carried = await lastValueFrom(from(untimed.slice(0, 6).map((r, i) => (i === 5 ? { ...r, x: null } : r))).pipe(model.stream(), toArray()));
    const filled = await lastValueFrom(from(untimed.slice(0, 6).map((r, i) => (i === 5 ? { ...r, x: untimed[4].x } : r))).pipe(model.stream(), toArray()));
    expect(carried.at(-1)!.forecasts).to.deep.equal(filled.at(-1)!.forecasts);
    expect(carried.at(-1)!.carried).to.deep.equal(['x']);
  });
});
