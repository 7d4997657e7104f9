import { expect } from 'chai';
import { MetricAccumulator } from '../../src/model/metrics.js';
import { classReportLines } from '../../src/sinks/format.js';

describe('metrics in the data\'s own terms', () => {
  it('regression: RMSE and MAE in label units = scaled errors × the scaling range, by hand', () => {
    // Scaled predictions 0.1, 0.5, 0.4 against 0.2, 0.2, 0.4: errors −0.1, 0.3, 0; range 500 µg/m³.
    const acc = new MetricAccumulator('regression', 1, { unitsPerScaled: 500 });
    acc.addLoss(0, 3);
    acc.addOutputs(Float64Array.of(0.1, 0.5, 0.4), 0, Float64Array.of(0.2, 0.2, 0.4), 0, 3, new Uint8Array(3).fill(1));
    const m = acc.result();
    // RMSE = √((0.01 + 0.09 + 0) / 3) · 500 = √(1/30) · 500; MAE = (0.1 + 0.3) / 3 · 500 = 66.67.
    expect(m.rmse).to.be.closeTo(Math.sqrt(1 / 30) * 500, 1e-9);
    expect(m.mae).to.be.closeTo(200 / 3, 1e-9);
    // Without a known scaling there are no unit errors (the scaled ones would be misread as units).
    const plain = new MetricAccumulator('regression', 1);
    plain.addOutputs(Float64Array.of(1), 0, Float64Array.of(0), 0, 1, new Uint8Array(1).fill(1));
    expect(plain.result()).to.not.have.any.keys('rmse', 'mae');
  });

  it('multiclass: confusion matrix keyed by class name, precision / recall / F1 per class, by hand', () => {
    const acc = new MetricAccumulator('multiclass', 3, { classNames: ['low', 'mid', 'high'] });
    // True classes low, low, mid, mid, high; predicted low, mid, mid, mid, low.
    const truth = [0, 0, 1, 1, 2];
    const predicted = [0, 1, 1, 1, 0];
    const oneHot = (ks: number[]) => Float64Array.from(ks.flatMap((k) => [0, 1, 2].map((j) => (j === k ? 1 : 0))));
    const right = new Uint8Array(5).fill(1);
    acc.addLoss(0, 5);
    acc.addOutputs(oneHot(predicted), 0, oneHot(truth), 0, 5, right);
    acc.addVerdicts(right, 5);
    const m = acc.result();
    expect(m.accuracy).to.equal(3 / 5);
    expect(m.confusion).to.deep.equal({
      low: { low: 1, mid: 1, high: 0 },
      mid: { low: 0, mid: 2, high: 0 },
      high: { low: 1, mid: 0, high: 0 },
    });
    // low: predicted twice, right once → P 1/2; 2 true, found 1 → R 1/2; F1 1/2.
    expect(m.classes!.low).to.deep.equal({ precision: 0.5, recall: 0.5, f1: 0.5, support: 2 });
    // mid: predicted 3 times, right twice → P 2/3; R 1; F1 = 2·(2/3)/(5/3) = 0.8.
    expect(m.classes!.mid.precision).to.be.closeTo(2 / 3, 1e-12);
    expect(m.classes!.mid.recall).to.equal(1);
    expect(m.classes!.mid.f1).to.be.closeTo(0.8, 1e-12);
    // high: never predicted → precision 0 (nothing to divide by), recall 0, F1 0.
    expect(m.classes!.high).to.deep.equal({ precision: 0, recall: 0, f1: 0, support: 1 });
    const lines = classReportLines('test', m);
    expect(lines[0]).to.match(/test: per class +precision +recall +f1 +support$/);
    expect(lines.find((l) => /^ +mid /.test(l) && /0\.6667/.test(l))).to.match(/0\.6667 +1\.0000 +0\.8000 +2$/);
    expect(lines.at(-1)).to.match(/^ +high +1 +0 +0$/);
  });
});
