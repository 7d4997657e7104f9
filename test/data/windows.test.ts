import { expect } from 'chai';
import { WindowedSeries, windowStarts } from '../../src/data/windows.js';

describe('WindowedSeries', () => {
  // 6 rows × 2 features: row r = (r, 10 + r); labels: row r → 100 + r
  const series = Float64Array.from({ length: 12 }, (_, k) => (k % 2 === 0 ? k / 2 : 10 + (k - 1) / 2));
  const labels = Float64Array.from({ length: 6 }, (_, r) => 100 + r);

  it('counts the windows whose label lies inside the block', () => {
    expect(Array.from(windowStarts(0, 6, 3, 0))).to.deep.equal([0, 1, 2, 3]);
    expect(Array.from(windowStarts(0, 6, 3, 1))).to.deep.equal([0, 1, 2]);
    expect(Array.from(windowStarts(2, 6, 3, 1))).to.deep.equal([2]);
    expect(windowStarts(2, 5, 3, 1).length).to.equal(0);
  });

  it('gathers windows time-major with the label of their last row, in the order asked', () => {
    const w = new WindowedSeries(series, 2, labels, 1, 3, windowStarts(0, 6, 3, 0));
    const x = new Float64Array(3 * 2 * 2);
    const y = new Float64Array(2);
    w.gather([9, 3, 1, 9], 1, 2, x, y); // windows 3 and 1: rows 3…5 and 1…3
    expect(Array.from(x)).to.deep.equal([3, 13, 1, 11, 4, 14, 2, 12, 5, 15, 3, 13]);
    expect(Array.from(y)).to.deep.equal([105, 103]);
  });

  it('makes subsets and slices over the same buffers', () => {
    const w = new WindowedSeries(series, 2, labels, 1, 2, windowStarts(0, 6, 2, 1));
    const tail = w.slice(2);
    expect(Array.from(tail.starts)).to.deep.equal([2, 3]);
    expect(tail.series).to.equal(series);
    expect(Array.from(w.subset([3, 0]).starts)).to.deep.equal([3, 0]);
    expect(() => new WindowedSeries(series, 2, labels, 1, 3, Uint32Array.from([4]))).to.throw(RangeError, /passes the last row 5/);
  });
});
