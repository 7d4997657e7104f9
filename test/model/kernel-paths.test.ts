import { expect } from 'chai';
import { Rnn } from '../../src/model/rnn.js';
import { CELL_TYPES, NET_TYPES, OUTPUT_MODES } from '../../src/model/spec.js';
import { BLOCK_ROWS } from '../../src/model/workspace.js';
import { KERNEL_NAMES, type KernelName } from '../../src/tensor/kernels.js';
import { Random } from '../../src/core/random.js';
import { caseLoss, randomCase, type Case } from '../helpers/cases.js';
import { expectMatchesReference } from '../helpers/reference-check.js';

/** The same case on a net with the given kernels (same parameters, inputs and labels). */
function onKernels(c: Case, kernels: KernelName): Case {
  const net = new Rnn(c.net.spec, { kernels });
  net.params.flat.set(c.net.params.flat);
  return { ...c, net };
}

// Batches over several row blocks, the last one partial, with sizes that hit every SIMD edge
// (4-wide, 2-wide and 1-wide columns; 4-row and 1-row blocks).
describe('every kernel path, over several row blocks', () => {
  const rng = new Random(23, 'kernel-paths');
  for (const kernels of KERNEL_NAMES) {
    for (const netType of NET_TYPES) for (const outputMode of OUTPUT_MODES) {
      it(`${kernels}: ${netType}, ${outputMode}-step agrees with the readable reference to 1e-12, every cell`, () => {
        const T = 3, rows = 2 * BLOCK_ROWS + 7;
        for (const cell of CELL_TYPES) {
          // LSTM and GRU gates are 4·H and 3·H wide: smaller H keeps the scalar reference quick and still hits every edge.
          const sizes = { cell, inputSize: 7, hiddenSize: cell === 'elman' ? 11 : 5, outputSize: netType === 'multiclass' ? 6 : 3 };
          const c = onKernels(randomCase(rng, netType, outputMode, true, T, rows, sizes), kernels);
          expectMatchesReference(c, cell);
        }
      });
    }

    it(`${kernels}: gradients agree with central finite differences over 2 blocks`, () => {
      for (const outputMode of OUTPUT_MODES) {
        const c = onKernels(randomCase(rng, 'multiclass', outputMode, true, 4, BLOCK_ROWS + 5, { inputSize: 3, hiddenSize: 5, outputSize: 3 }), kernels);
        c.net.forwardBatch(c.x, c.rows);
        c.net.backwardBatch(c.y);
        const analytic = c.net.grads.flat.slice();
        const P = c.net.params.flat, h = 1e-5;
        let diff = 0, norm = 0;
        for (let i = 0; i < P.length; i++) {
          const keep = P[i];
          P[i] = keep + h; const plus = caseLoss(c);
          P[i] = keep - h; const minus = caseLoss(c);
          P[i] = keep;
          const numeric = (plus - minus) / (2 * h);
          diff += (analytic[i] - numeric) ** 2; norm += numeric ** 2;
        }
        expect(Math.sqrt(diff / norm), outputMode).to.be.below(1e-6);
      }
    });
  }

  it('js and wasm kernels give bit-identical outputs, losses and gradients, every cell', () => {
    for (const cell of CELL_TYPES) for (const outputMode of OUTPUT_MODES) for (const [n, h, o] of [[6, 4, 6], [8, 8, 6], [5, 13, 3], [1, 1, 2]]) {
      const base = randomCase(rng, 'multiclass', outputMode, true, 5, 2 * BLOCK_ROWS + 3, { cell, inputSize: n, hiddenSize: h, outputSize: o });
      const [js, wasm] = (['js', 'wasm'] as const).map((k) => onKernels(base, k));
      for (const c of [js, wasm]) c.net.forwardBatch(c.x, c.rows);
      expect(wasm.net.lossSum(wasm.y)).to.equal(js.net.lossSum(js.y));
      expect(Array.from(wasm.net.output())).to.deep.equal(Array.from(js.net.output()));
      for (const c of [js, wasm]) c.net.backwardBatch(c.y);
      expect(Array.from(wasm.net.grads.flat), `${cell} ${n}/${h}/${o} ${outputMode}`).to.deep.equal(Array.from(js.net.grads.flat));
    }
  });
});
