import { expect } from 'chai';
import { fillGaps } from '../../../src/data/interpolate.js';
import { hourlyWindSpeed, windCodes } from '../../../src/data/pm25/prepare.js';
import { classOf, PM25_CLASS_BOUNDS } from '../../../src/data/classes.js';
import { applyMinMax, fitMinMax } from '../../../src/data/normalize.js';

const close = (actual: ArrayLike<number>, expected: number[]) => {
  expect(actual.length).to.equal(expected.length);
  expected.forEach((v, i) => expect(actual[i]).to.be.closeTo(v, 1e-9));
};

describe('PM2.5 preparation steps', () => {
  it('interpolates 14.5, NA×4, 20.7 to 15.74, 16.98, 18.22, 19.46', () => {
    const v = Float64Array.from([14.5, NaN, NaN, NaN, NaN, 20.7]);
    expect(fillGaps(v, { leading: 0 })).to.equal(4);
    close(v, [14.5, 15.74, 16.98, 18.22, 19.46, 20.7]);
  });

  it('ramps leading missing values up from 0, or copies the first known value', () => {
    const book = Float64Array.from([NaN, NaN, NaN, 40, NaN, 50]);
    expect(fillGaps(book, { leading: 0 })).to.equal(4);
    close(book, [10, 20, 30, 40, 45, 50]);
    const nearest = Float64Array.from([NaN, 7, NaN]);
    expect(fillGaps(nearest, { leading: 'nearest' })).to.equal(2);
    close(nearest, [7, 7, 7]);
    expect(fillGaps(Float64Array.from([NaN, NaN]), { leading: 0 })).to.equal(-1);
  });

  it('turns cumulated SE wind 1.79, 2.68, 3.57, 5.36, 6.25 into hourly 1.79, 0.89, 0.89, 1.79, 0.89', () => {
    const se = windCodes(['SE', 'SE', 'SE', 'SE', 'SE'], 'test.csv');
    close(hourlyWindSpeed(se, [1.79, 2.68, 3.57, 5.36, 6.25]), [1.79, 0.89, 0.89, 1.79, 0.89]);
  });

  it('restarts the accumulation when the direction changes', () => {
    const dirs = windCodes(['cv', 'SE', 'SE', 'NW', 'NW'], 'test.csv');
    expect(Array.from(dirs)).to.deep.equal([0, 6, 6, 9, 9]);
    close(hourlyWindSpeed(dirs, [0.89, 1.79, 2.68, 4.02, 8.04]), [0.89, 1.79, 0.89, 4.02, 4.02]);
  });

  it('rejects an unknown wind direction with its row', () => {
    expect(() => windCodes(['NW', 'XX'], 'f.csv')).to.throw(/f\.csv, row 3, column "cbwd": unknown wind direction "XX"/);
  });

  it('puts pollution into the book\'s classes', () => {
    expect([0, 49.9, 50, 99, 100, 150, 199, 200, 299, 300, 994].map((v) => classOf(v, PM25_CLASS_BOUNDS)))
      .to.deep.equal([0, 0, 1, 1, 2, 3, 3, 4, 4, 5, 5]);
  });

  it('scales with constants from the fitted rows only', () => {
    // [4×2]; fitted on the first two rows: column 0 in [2, 4], column 1 in [10, 30]
    const t = Float64Array.from([2, 10, 4, 30, 6, 20, 0, 50]);
    const scale = fitMinMax(t, 2, 0, 2);
    expect(scale).to.deep.equal({ min: [2, 10], max: [4, 30] });
    applyMinMax(t, 2, scale);
    close(t, [0, 0, 1, 1, 2, 0.5, -1, 2]);
  });
});
