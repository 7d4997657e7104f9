import { expect } from 'chai';
import { Random } from '../../src/core/random.js';
import { Rnn } from '../../src/model/rnn.js';
import { BIDIRECTIONAL_MODES, CELL_TYPES, NET_TYPES, OUTPUT_MODES, type RnnSpec } from '../../src/model/spec.js';
import { FLOAT_TYPES } from '../../src/tensor/float-array.js';
import { randomCase, withLengths, type Case } from '../helpers/cases.js';
import { expectMatchesReference } from '../helpers/reference-check.js';
import { expectFiniteDifferences } from '../helpers/finite-differences.js';

/**
 * Variable-length rows (issue 23): every cell × layers × direction × net type × output mode × bias
 * with random row lengths and random steps ≤ T, against the readable reference running each sample
 * on its own steps (outputs, loss, every gradient to 1e-12) and against central differences; the
 * padding's values change no bit; a batch whose rows all have its steps is the unmasked path.
 */
describe('variable-length rows: padded steps never touch a result', () => {
  const rng = new Random(23, 'lengths');
  let worstReference = 0, worstDifferences = 0;
  after(() => console.log(`      worst difference from the reference: ${worstReference.toExponential(2)}; worst finite-difference error: ${worstDifferences.toExponential(2)}`));

  for (const cell of CELL_TYPES) for (const layers of [1, 2]) for (const bidirectional of BIDIRECTIONAL_MODES) {
    it(`${cell}, ${layers} layer(s), bidirectional ${bidirectional}: the reference on each sample's own steps, to 1e-12, and central differences`, () => {
      for (const netType of NET_TYPES) for (const outputMode of OUTPUT_MODES) for (const bias of [true, false]) {
        const T = rng.int(2, 6), rows = rng.int(2, 5);
        const hiddenSize = layers === 1 ? rng.int(1, 4) : [rng.int(1, 4), rng.int(1, 4)];
        const base = randomCase(rng, netType, outputMode, bias, T, rows, {
          cell, bidirectional, hiddenSize, inputSize: rng.int(1, 3), outputSize: netType === 'multiclass' ? 3 : 2,
        });
        const c = withLengths(rng, base);
        const where = `${netType} ${outputMode} bias ${bias} T=${T} steps ${c.steps} lengths ${Array.from(c.lengths!).join(',')}`;
        worstReference = Math.max(worstReference, expectMatchesReference(c, where));
        worstDifferences = Math.max(worstDifferences, expectFiniteDifferences(rng, c, where));
      }
    });
  }

  for (const cell of CELL_TYPES) {
    it(`${cell} with a learned embedding of one-hot tokens (<unk> all zeros): the reference to 1e-12 and central differences, with and without lengths`, () => {
      for (const bidirectional of BIDIRECTIONAL_MODES) for (const outputMode of OUTPUT_MODES) for (const layers of [1, 2]) {
        const T = rng.int(2, 5), rows = rng.int(2, 4), netType = NET_TYPES[rng.int(0, 2)];
        const base = randomCase(rng, netType, outputMode, layers === 1, T, rows, {
          cell, bidirectional, hiddenSize: layers === 1 ? 3 : [3, 2], inputSize: rng.int(2, 6), embeddingSize: rng.int(1, 4),
        });
        for (const c of [base, withLengths(rng, base)]) {
          const where = `${netType} ${bidirectional} ${outputMode} ${layers} layer(s) ${c.lengths ? `lengths ${Array.from(c.lengths).join(',')}` : 'no lengths'}`;
          worstReference = Math.max(worstReference, expectMatchesReference(c, where));
          worstDifferences = Math.max(worstDifferences, expectFiniteDifferences(rng, c, where));
        }
      }
    });
  }

  for (const dtype of FLOAT_TYPES) for (const cell of CELL_TYPES) {
    it(`${dtype}, ${cell}: any finite padding (0, ±1e300, random) gives the same bits in outputs, loss and gradients`, () => {
      for (const bidirectional of BIDIRECTIONAL_MODES) for (const outputMode of OUTPUT_MODES) {
        const spec: RnnSpec = {
          netType: 'multiclass', outputMode, timesteps: 5, inputSize: 3, hiddenSize: [4, 3], outputSize: 3, bias: true, cell, bidirectional, dtype,
        };
        const base = randomCase(rng, 'multiclass', outputMode, true, 5, 40, { cell, bidirectional, hiddenSize: [4, 3] });
        const net = new Rnn(spec);
        net.params.flat.set(base.net.params.flat);
        const seed = rng.int(1, 1e6);
        const cut = (padding: () => number) => withLengths(new Random(seed, 'cut'), { ...base, net }, padding);
        const zero = run(cut(() => 0));
        const flip = new Random(seed, 'garbage');
        for (const garbage of [cut(() => 1e300), cut(() => -1e300), cut(() => flip.normal() * 1e6)]) {
          expect(run(garbage), `${bidirectional} ${outputMode}`).to.deep.equal(zero);
        }
      }
    });
  }

  it('rows that all have the batch\'s steps run the unmasked path: the same bits as a batch without lengths', () => {
    for (const cell of CELL_TYPES) for (const outputMode of OUTPUT_MODES) {
      const c = randomCase(rng, 'binary', outputMode, true, 4, 37, { cell, bidirectional: 'concat', hiddenSize: [3, 2] });
      const plain = run(c);
      const full = run({ ...c, lengths: new Int32Array(37).fill(4), steps: 4 });
      expect(full, `${cell} ${outputMode}`).to.deep.equal(plain);
    }
  });

  it('the nested API: forward(x, { lengths }) with x padded to fewer steps than the spec; backward reads only real labels', () => {
    const spec: RnnSpec = { netType: 'regression', outputMode: 'each', timesteps: 6, inputSize: 2, hiddenSize: 3, outputSize: 1, bias: true, cell: 'gru', bidirectional: 'concat' };
    const net = new Rnn(spec);
    const init = new Random(4, 'init');
    net.params.flat.forEach((_, i) => { net.params.flat[i] = init.normal() * 0.5; });
    const x = [[[1, 2], [3, 4], [5, 6], [0, 0]], [[-1, 0.5], [9, 9], [9, 9], [9, 9]]];
    const a = net.forward(x, { lengths: [3, 1] }) as number[][][];
    expect(a.map((r) => r.length)).to.deep.equal([4, 4]);
    expect(a[0][3]).to.deep.equal([0]);
    expect(a[1].slice(1)).to.deep.equal([[0], [0], [0]]);
    const y = [[[1], [2], [3], [77]], [[4], [55], [66], [88]]];
    const g = net.backward(y, { layout: 'torch' });
    // Each sample alone, on its own steps, gives the same outputs and (summed) gradients.
    const alone = [net.forward([x[0].slice(0, 3)], { lengths: [3] }), net.forward([x[1].slice(0, 1)], { lengths: [1] })];
    expect((alone[0] as number[][][])[0]).to.deep.equal(a[0].slice(0, 3));
    expect((alone[1] as number[][][])[0]).to.deep.equal(a[1].slice(0, 1));
    const sum: Record<string, number[]> = {};
    for (const [i, length] of [[0, 3], [1, 1]]) {
      net.forward([x[i].slice(0, length)], { lengths: [length] });
      for (const [name, v] of Object.entries(net.backward([y[i].slice(0, length)], { layout: 'torch' }))) {
        const flat = (v as number[] | number[][]).flat();
        sum[name] = sum[name] ? sum[name].map((s, k) => s + flat[k]) : flat;
      }
    }
    for (const [name, v] of Object.entries(g)) {
      const flat = (v as number[] | number[][]).flat();
      flat.forEach((e, k) => expect(e, name).to.be.closeTo(sum[name][k], 1e-14));
    }
    // Ragged samples (no padding by hand) give the same bits as the padded batch, labels too.
    const ragged = [x[0].slice(0, 3), x[1].slice(0, 1)];
    net.forward(x, { lengths: [3, 1] });
    const padded = net.backward(y, { layout: 'torch' });
    expect(net.forward(ragged, { lengths: [3, 1] })).to.deep.equal(a.map((r) => r.slice(0, 3)));
    expect(net.backward([y[0].slice(0, 3), y[1].slice(0, 1)], { layout: 'torch' })).to.deep.equal(padded);
    expect(() => net.forward([x[0].slice(0, 2), x[1]], { lengths: [3, 1] })).to.throw(RangeError, /x\[0\] has 2 steps; with length 3 it needs from 3 to 4/);
    expect(() => net.forward(x, { lengths: [3, 5] })).to.throw(RangeError, /lengths\[1\] must be an integer from 1 to 4/);
    expect(() => net.forward(x, { lengths: [3] })).to.throw(RangeError, /one length per sample \(2\)/);
    expect(() => net.forward([Array.from({ length: 7 }, () => [0, 0])], { lengths: [7] })).to.throw(RangeError, /1 ≤ T ≤ 6/);
  });

  it('forwardBatch rejects lengths outside 1 … steps and steps beyond the spec', () => {
    const net = new Rnn({ netType: 'binary', outputMode: 'last', timesteps: 3, inputSize: 1, hiddenSize: 2, outputSize: 1, bias: true });
    const x = new Float64Array(6);
    expect(() => net.forwardBatch(x, 2, Int32Array.of(0, 3))).to.throw(RangeError, /lengths\[0\] is 0/);
    expect(() => net.forwardBatch(x, 2, Int32Array.of(1, 3), 2)).to.throw(RangeError, /lengths\[1\] is 3/);
    expect(() => net.forwardBatch(new Float64Array(8), 2, Int32Array.of(4, 3))).to.throw(RangeError, /steps must be an integer from 1 to the spec's timesteps \(3\), got 4/);
    expect(() => net.forwardBatch(new Float64Array(3), 2, Int32Array.of(2, 2))).to.throw(RangeError, /needs 4/);
  });
});

/** Outputs at every step, the loss and the gradients of one forward + backward, as plain numbers. */
function run(c: Case): { outputs: number[][]; loss: number; grads: number[] } {
  const { net } = c;
  net.forwardBatch(c.x, c.rows, c.lengths, c.steps);
  const loss = net.lossSum(c.y);
  const T = net.steps, each = net.spec.outputMode === 'each';
  const outputs = each ? Array.from({ length: T }, (_, t) => Array.from(net.output(t).subarray(0, c.rows * net.spec.outputSize)))
    : [Array.from(net.output().subarray(0, c.rows * net.spec.outputSize))];
  net.backwardBatch(c.y);
  return { outputs, loss, grads: Array.from(net.grads.flat) };
}
