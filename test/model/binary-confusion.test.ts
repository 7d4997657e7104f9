/**
 * A binary net's confusion matrix: every output value (every bit, every step) read at accuracy's
 * threshold, in the multiclass form with classes "0" and "1", held against a readable reference; its
 * row totals are the split's 0s and 1s, which the board's majority-class line reads.
 */
import { expect } from 'chai';
import { Random } from '../../src/core/random.js';
import { minusSequences } from '../../src/data/minus.js';
import { initParameters } from '../../src/model/init.js';
import { MetricAccumulator } from '../../src/model/metrics.js';
import { Rnn } from '../../src/model/rnn.js';
import { evaluate } from '../../src/train/evaluate.js';
import { gatherAll } from '../data/context.js';

type Binary = '0' | '1';

/** The reference, written out: confusion[truth][predicted] over every value, 1 only above ½ (½ itself reads 0). */
function referenceConfusion(a: ArrayLike<number>, y: ArrayLike<number>): Record<Binary, Record<Binary, number>> {
  const counts = { '0': { '0': 0, '1': 0 }, '1': { '0': 0, '1': 0 } };
  const bit = (v: number): Binary => (v > 0.5 ? '1' : '0');
  for (let i = 0; i < y.length; i++) counts[bit(y[i])][bit(a[i])]++;
  return counts;
}

describe('binary metrics: the confusion matrix of every output value', () => {
  it('counts each value at accuracy\'s threshold (½ reads 0), every step, and skips padded steps', () => {
    // Two samples of 3 outputs at step 0; at step 1 only sample 1 is real (lengths 1 and 2).
    const a0 = Float64Array.of(0.9, 0.5, 0.2, 0.7, 0.1, 0.6), y0 = Float64Array.of(1, 1, 0, 0, 1, 1);
    const a1 = Float64Array.of(0.9, 0.9, 0.9, 0.2, 0.8, 0.4), y1 = Float64Array.of(0, 0, 0, 0, 1, 0);
    const acc = new MetricAccumulator('binary', 3);
    const right = new Uint8Array(2).fill(1);
    const lengths = Int32Array.of(1, 2);
    acc.addLoss(0, 2);
    acc.addOutputs(a0, 0, y0, 0, 2, right, lengths, 0);
    acc.addOutputs(a1, 0, y1, 0, 2, right, lengths, 1);
    acc.addVerdicts(right, 2);
    const m = acc.result();
    // Sample 0's padded step 1 (the first 3 values of a1, y1) is not counted.
    expect(m.confusion).to.deep.equal(referenceConfusion([...a0, ...a1.subarray(3)], [...y0, ...y1.subarray(3)]));
    // Per-class scores stay multiclass-only: the console's summary of a binary run is unchanged.
    expect(m).to.not.have.any.keys('classes');
  });

  it('on the minus data: rows hold the split\'s 0s and 1s, cells match the net\'s own outputs', () => {
    const data = minusSequences();
    const net = new Rnn({ netType: 'binary', outputMode: 'each', timesteps: 4, inputSize: 2, hiddenSize: 4, outputSize: 1, bias: false });
    initParameters(net.params, 'book', new Random(1, 'init'));
    const all = Array.from({ length: data.size }, (_, i) => i);
    const { x, y } = gatherAll(data, all);
    // The reference's outputs: the whole split in one forward pass, step by step (time-major, as y).
    net.forwardBatch(x, data.size);
    const a = Float64Array.from({ length: y.length }, (_, i) => net.output(Math.floor(i / data.size))[i % data.size]);
    const m = evaluate(net, data, 16);
    expect(m.confusion).to.deep.equal(referenceConfusion(a, y));
    const ones = y.filter((v) => v > 0.5).length;
    const rowTotal = (k: Binary) => m.confusion![k]['0'] + m.confusion![k]['1'];
    expect([rowTotal('0'), rowTotal('1')]).to.deep.equal([y.length - ones, ones]);
    // This untrained net gets some of each class right and some wrong: the comparison above sees every cell.
    expect(Object.values(m.confusion!).flatMap((row) => Object.values(row)).every((n) => n > 0)).to.equal(true);
  });
});
