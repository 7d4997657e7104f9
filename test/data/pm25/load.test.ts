import { expect } from 'chai';
import type { Pm25Data, Pm25Feature } from '../../../src/config/types.js';
import { loadDataset } from '../../../src/data/index.js';
import type { WindowedSeries } from '../../../src/data/windows.js';
import type { SequenceSet } from '../../../src/data/types.js';
import { context, gatherAll, packageDir } from '../context.js';
import { readDataText, resolveDataFile } from '../../../src/data/data-file.js';
import { preparePm25 } from '../../../src/data/pm25/prepare.js';
import { readPrsa } from '../../../src/data/pm25/read.js';
import { classOf, PM25_CLASS_BOUNDS } from '../../../src/data/classes.js';

const BOOK: Pm25Feature[] = ['pollution', 'dewPoint', 'temperature', 'pressure', 'windDirection', 'windSpeed'];
const pm25 = (over: Partial<Pm25Data> = {}): Pm25Data => ({
  name: 'pm25', file: 'data/PRSA_data_2010.1.1-2014.12.31.csv.gz', timesteps: 24, target: 'class',
  features: BOOK, validation: { method: 'holdout', size: 1000 }, horizons: [], ...over,
});

describe('pm25 dataset (shipped file)', () => {
  let classes: SequenceSet;
  let values: SequenceSet;
  before(() => {
    classes = loadDataset(pm25(), context());
    values = loadDataset(pm25({ target: 'value' }), context());
  });

  it('splits 35,064 training rows from the 8,760 of 2014 and counts the windows', () => {
    expect(classes.info.rows).to.deep.equal({ total: 43_824, train: 35_064, test: 8_760 });
    // A window's last row needs the next hour inside its split: 35,064 − 24 windows, minus the 1,000 held out.
    expect([classes.train.size, classes.validation.size, classes.test.size]).to.deep.equal([34_040, 1_000, 8_736]);
    expect(classes.info.interpolatedPollution).to.equal(2_067);
    for (const s of [classes.train, classes.test]) {
      expect([s.timesteps, s.inputSize, s.outputSize, s.labelsPerStep]).to.deep.equal([24, 6, 6, false]);
    }
    expect(values.test.outputSize).to.equal(1);
  });

  it('scales with the training years\' min and max (found with awk over file rows 2…35,065)', () => {
    const expected = {
      pollution: { min: 0, max: 994 }, dewPoint: { min: -33, max: 28 }, temperature: { min: -19, max: 41 },
      pressure: { min: 991, max: 1046 }, windDirection: { min: 0, max: 9 }, windSpeed: { min: 0.45, max: 20.12 },
    };
    const scale = classes.info.featureScale as typeof expected;
    for (const f of Object.keys(expected) as (keyof typeof expected)[]) {
      expect(scale[f].min).to.be.closeTo(expected[f].min, 1e-9);
      expect(scale[f].max).to.be.closeTo(expected[f].max, 1e-9);
    }
    const series = (classes.train as WindowedSeries).series;
    // Over the training rows every column spans exactly [0, 1].
    const lo = new Array(6).fill(Infinity);
    const hi = new Array(6).fill(-Infinity);
    for (let k = 0; k < 35_064 * 6; k++) { lo[k % 6] = Math.min(lo[k % 6], series[k]); hi[k % 6] = Math.max(hi[k % 6], series[k]); }
    expect(lo).to.deep.equal([0, 0, 0, 0, 0, 0]);
    expect(hi).to.deep.equal([1, 1, 1, 1, 1, 1]);
  });

  it('gathers a window equal to the prepared rows of the file (2010-01-02 00:00 … 04:00, T = 5)', () => {
    const d = loadDataset(pm25({ timesteps: 5, target: 'value' }), context());
    // Window 24 = file lines 26…30: pm2.5 129 148 159 181 138, DEWP −16 −15 −11 −7 −7, TEMP −4 −4 −5 −5 −5,
    // PRES 1020 1020 1021 1022 1022, cbwd SE (6) after a cv row, Iws 1.79 2.68 3.57 5.36 6.25; next hour pm2.5 109.
    const raw = [
      [129, -16, -4, 1020, 6, 1.79], [148, -15, -4, 1020, 6, 0.89], [159, -11, -5, 1021, 6, 0.89],
      [181, -7, -5, 1022, 6, 1.79], [138, -7, -5, 1022, 6, 0.89],
    ];
    const lo = [0, -33, -19, 991, 0, 0.45];
    const hi = [994, 28, 41, 1046, 9, 20.12];
    const { x, y } = gatherAll(d.train, [24]);
    for (let t = 0; t < 5; t++) {
      for (let j = 0; j < 6; j++) expect(x[t * 6 + j]).to.be.closeTo((raw[t][j] - lo[j]) / (hi[j] - lo[j]), 1e-12);
    }
    expect(y[0]).to.be.closeTo(109 / 994, 1e-12);
    const c = loadDataset(pm25({ timesteps: 5 }), context());
    expect(Array.from(gatherAll(c.train, [24]).y)).to.deep.equal([0, 0, 1, 0, 0, 0]); // 109 µg/m³: class 2 (<150)
  });

  it('adds the time of the row and the snow/rain hours as extra features', () => {
    const d = loadDataset(pm25({ timesteps: 1, features: ['pollution', 'hourSin', 'hourCos', 'monthSin', 'monthCos', 'snowHours', 'rainHours'] }), context());
    expect(d.train.inputSize).to.equal(7);
    // Row 24 = 2010-01-02 00:00 (January, midnight, no snow or rain); sin/cos span [−1, 1] over the training rows,
    // so sin 0 scales to 0.5 and cos 0 to 1.
    const { x } = gatherAll(d.train, [24]);
    expect(x[0]).to.be.closeTo(129 / 994, 1e-12);
    expect(Array.from(x.subarray(1))).to.deep.equal([0.5, 1, 0.5, 1, 0, 0]);
  });

  it('holds out the last training windows; sample draws seeded windows that stay in training', () => {
    const lastTrain = (classes.train as WindowedSeries).starts[classes.train.size - 1];
    const firstValidation = (classes.validation as WindowedSeries).starts[0];
    expect(firstValidation).to.equal(lastTrain + 1);
    const sampled = (seed: number) => loadDataset(pm25({ validation: { method: 'sample', size: 1000 } }), context(seed));
    const a = sampled(3);
    const starts = Array.from((a.validation as WindowedSeries).starts);
    expect(a.train.size).to.equal(35_040);
    expect(new Set(starts).size).to.equal(1000);
    expect(starts.every((s) => s + 24 < 35_064)).to.equal(true);
    expect(Array.from((sampled(3).validation as WindowedSeries).starts)).to.deep.equal(starts);
    expect(Array.from((sampled(4).validation as WindowedSeries).starts)).to.not.deep.equal(starts);
  });

  it('reports the persistence baseline: next hour = this hour', () => {
    const b = classes.baseline!;
    const v = values.baseline!;
    console.log(`      persistence, classes: validation accuracy ${b.validation.accuracy}, test accuracy ${b.test.accuracy}`);
    console.log(`      persistence, value: validation loss ${v.validation.loss} R² ${v.validation.r2}; test loss ${v.test.loss} R² ${v.test.r2}`);
    expect(b.name).to.equal('persistence');
    expect(b.test.samples).to.equal(8_736);
    expect(b.test.accuracy).to.be.within(0.7, 0.95);
    expect(Number.isNaN(b.test.loss)).to.equal(true);
    expect(v.test.r2).to.be.within(0.8, 0.99);
    // ½·mean squared 1-hour change of scaled pollution: small but not zero
    expect(v.test.loss).to.be.within(1e-5, 1e-3);
  });

  it('gives persistence errors in µg/m³ and a confusion matrix, computed here from the raw file', () => {
    const path = resolveDataFile('data/PRSA_data_2010.1.1-2014.12.31.csv.gz', [packageDir]);
    const pollution = preparePm25(readPrsa(readDataText(path), path), path).pollution;
    // Test windows of 24 hours end at rows 35,087 … 43,822: persistence says the next hour repeats this one.
    let sq = 0, abs = 0, n = 0;
    const names = ['<50', '<100', '<150', '<200', '<300', '≥300'];
    const confusion = names.map(() => names.map(() => 0));
    for (let row = 35_064 + 23; row + 1 < 43_824; row++) {
      const d = pollution[row] - pollution[row + 1];
      sq += d * d; abs += Math.abs(d); n++;
      confusion[classOf(pollution[row + 1], PM25_CLASS_BOUNDS)][classOf(pollution[row], PM25_CLASS_BOUNDS)]++;
    }
    const v = values.baseline!.test;
    expect(n).to.equal(v.samples);
    expect(v.rmse).to.be.closeTo(Math.sqrt(sq / n), 1e-9);
    expect(v.mae).to.be.closeTo(abs / n, 1e-9);
    const c = classes.baseline!.test;
    expect(Object.keys(c.confusion!)).to.deep.equal(names);
    names.forEach((t, i) => names.forEach((p, j) => expect(c.confusion![t][p], `${t} → ${p}`).to.equal(confusion[i][j])));
    expect(c.classes!['<50'].support).to.equal(confusion[0].reduce((a, b) => a + b, 0));
    expect(c.classes!['<50'].recall).to.be.closeTo(confusion[0][0] / c.classes!['<50'].support, 1e-12);
  });

  it('rejects horizons without the value target or with pollution not first', () => {
    expect(() => loadDataset(pm25({ horizons: [1] }), context())).to.throw(/need data.target "value"/);
    expect(() => loadDataset(pm25({ target: 'value', horizons: [1], features: ['dewPoint', 'pollution'] }), context()))
      .to.throw(/"pollution" as the first/);
    expect(() => loadDataset(pm25({ file: 'nowhere.csv.gz' }), context())).to.throw(/nowhere\.csv\.gz: file not found \(looked in: /);
  });
});
