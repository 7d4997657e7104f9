import { expect } from 'chai';
import { Random } from '../../src/core/random.js';
import { maskValue } from '../../src/model/dropout.js';
import { Rnn } from '../../src/model/rnn.js';
import { BIDIRECTIONAL_MODES, CELL_TYPES, NET_TYPES, OUTPUT_MODES } from '../../src/model/spec.js';
import { randomCase, withLengths } from '../helpers/cases.js';
import { expectFiniteDifferences } from '../helpers/finite-differences.js';
import { expectMatchesReference } from '../helpers/reference-check.js';

/**
 * model.dropout: a training forward with a given mask key against the readable reference applying the
 * same (fixed) mask after each layer, outputs, loss and gradients to 1e-12, and central differences;
 * every cell × layers × direction × output mode, with and without row lengths, over two row blocks.
 * The masks: kept with probability 1 − p and scaled by 1/(1 − p); evaluation (no key) is the net
 * without dropout, bit for bit.
 */
describe('dropout between layers and before the head', () => {
  const rng = new Random(31, 'dropout');
  let worstReference = 0, worstDifferences = 0;
  after(() => console.log(`      worst difference from the reference: ${worstReference.toExponential(2)}; worst finite-difference error: ${worstDifferences.toExponential(2)}`));

  for (const cell of CELL_TYPES) for (const layers of [1, 2]) {
    it(`${cell}, ${layers} layer(s): every direction and output mode, with and without lengths, against the reference with the same masks`, () => {
      for (const bidirectional of BIDIRECTIONAL_MODES) for (const outputMode of OUTPUT_MODES) {
        const netType = NET_TYPES[rng.int(0, 2)], rows = rng.int(0, 1) ? rng.int(2, 4) : 34;
        const base = randomCase(rng, netType, outputMode, true, rng.int(2, 4), rows, {
          cell, bidirectional, hiddenSize: layers === 1 ? 3 : [3, 2], inputSize: 2, dropout: 0.4,
        });
        const key = rng.int(0, 2 ** 31);
        for (const c of [{ ...base, dropoutKey: key }, { ...withLengths(rng, base), dropoutKey: key + 1 }]) {
          const where = `${netType} ${bidirectional} ${outputMode} rows ${rows} ${c.lengths ? 'lengths' : 'no lengths'}`;
          worstReference = Math.max(worstReference, expectMatchesReference(c, where));
          if (rows < 10) worstDifferences = Math.max(worstDifferences, expectFiniteDifferences(rng, c, where));
        }
      }
    });
  }

  it('masks keep each value with probability 1 − p, scaled by 1/(1 − p), and differ between keys, layers, steps, rows and units', () => {
    for (const p of [0.1, 0.5, 0.8]) {
      let kept = 0, other = 0;
      const n = 200_000;
      for (let i = 0; i < n; i++) {
        const m = maskValue(p, 12345, i % 3, (i >> 2) % 7, (i >> 5) % 50, i >> 11);
        if (m === 1 / (1 - p)) kept++;
        else if (m !== 0) other++;
      }
      expect(other, 'values other than 0 and 1/(1 − p)').to.equal(0);
      expect(Math.abs(kept / n - (1 - p)), `p ${p}`).to.be.below(4 * Math.sqrt(p * (1 - p) / n));
    }
    const sample = (f: (i: number) => number) => Array.from({ length: 64 }, (_, i) => f(i));
    const base = sample((j) => maskValue(0.5, 1, 0, 0, 0, j));
    for (const other of [sample((j) => maskValue(0.5, 2, 0, 0, 0, j)), sample((j) => maskValue(0.5, 1, 1, 0, 0, j)),
      sample((j) => maskValue(0.5, 1, 0, 1, 0, j)), sample((j) => maskValue(0.5, 1, 0, 0, 1, j))]) {
      expect(other).to.not.deep.equal(base);
    }
  });

  it('evaluation (no mask key) is the net without dropout, bit for bit; a training forward differs', () => {
    const c = randomCase(rng, 'multiclass', 'each', true, 4, 37, { cell: 'lstm', bidirectional: 'concat', hiddenSize: [4, 3], dropout: 0.3 });
    const plain = new Rnn({ ...c.net.spec, dropout: undefined });
    plain.params.flat.set(c.net.params.flat);
    const outputs = (net: Rnn, key?: number) => {
      net.forwardBatch(c.x, c.rows, undefined, undefined, key);
      const loss = net.lossSum(c.y);
      net.backwardBatch(c.y);
      return { a: Array.from(net.output(3)), loss, g: Array.from(net.grads.flat) };
    };
    expect(outputs(c.net)).to.deep.equal(outputs(plain));
    expect(outputs(plain, 7), 'a key changes nothing in a net without dropout').to.deep.equal(outputs(plain));
    expect(outputs(c.net, 7).a).to.not.deep.equal(outputs(plain).a);
  });
});
