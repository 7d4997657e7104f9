import { expect } from 'chai';
import { Rnn } from '../../src/model/rnn.js';
import { CELL_TYPES, NET_TYPES, OUTPUT_MODES } from '../../src/model/spec.js';
import { BLOCK_ROWS } from '../../src/model/workspace.js';
import { FLOAT_TYPES, KERNEL_NAMES, type KernelName } from '../../src/tensor/kernels.js';
import { Random } from '../../src/core/random.js';
import { caseLoss, randomCase, withLengths, type Case } from '../helpers/cases.js';
import { expectMatchesReference } from '../helpers/reference-check.js';
import { everyShapeNative, nativeIsas, withNative } from '../helpers/backends.js';

/** The same case on a net with the given kernels (same parameters, inputs and labels). */
function onKernels(c: Case, kernels: KernelName): Case {
  const net = new Rnn(c.net.spec, { kernels });
  net.params.flat.set(c.net.params.flat);
  return { ...c, net };
}

// Batches over several row blocks, the last one partial, with sizes that hit every SIMD edge
// (4-wide, 2-wide and 1-wide columns; 4-row and 1-row blocks).
describe('every kernel path, over several row blocks', () => {
  everyShapeNative();
  const rng = new Random(23, 'kernel-paths');
  for (const kernels of KERNEL_NAMES) {
    for (const netType of NET_TYPES) for (const outputMode of OUTPUT_MODES) {
      it(`${kernels}: ${netType}, ${outputMode}-step agrees with the readable reference to 1e-12, every cell`, function () {
        if (kernels === 'native') nativeIsas(this);
        const T = 3, rows = 2 * BLOCK_ROWS + 7;
        for (const cell of CELL_TYPES) {
          // LSTM and GRU gates are 4·H and 3·H wide: smaller H keeps the scalar reference quick and still hits every edge.
          const sizes = { cell, inputSize: 7, hiddenSize: cell === 'elman' ? 11 : 5, outputSize: netType === 'multiclass' ? 6 : 3 };
          const c = onKernels(randomCase(rng, netType, outputMode, true, T, rows, sizes), kernels);
          expectMatchesReference(c, cell);
        }
      });
    }

    it(`${kernels}: gradients agree with central finite differences over 2 blocks`, function () {
      if (kernels === 'native') nativeIsas(this);
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

  // Padded rows on bidirectional nets: the reverse cell reads a row's steps the other way (the gate kernels' `next`).
  for (const dtype of FLOAT_TYPES) for (const padded of [false, true]) {
    it(`${dtype}: js, wasm and native (every level) kernels give bit-identical outputs, losses and gradients, every cell, ${padded ? 'padded rows, bidirectional' : 'no padding'}`, async () => {
      const levels = nativeIsas();
      for (const cell of CELL_TYPES) for (const outputMode of OUTPUT_MODES) for (const [n, h, o] of [[6, 4, 6], [8, 8, 6], [5, 13, 3], [1, 1, 2], [7, 40, 10]]) {
        const sizes = { cell, inputSize: n, hiddenSize: h, outputSize: o, dtype, ...(padded ? { bidirectional: 'concat' as const } : {}) };
        const unpadded = randomCase(rng, 'multiclass', outputMode, true, 5, 2 * BLOCK_ROWS + 3, sizes);
        const base = padded ? withLengths(rng, unpadded) : unpadded;
        const js = onKernels(base, 'js');
        const others: [string, Case][] = [['wasm', onKernels(base, 'wasm')]];
        for (const isa of levels) others.push([`native ${isa}`, await withNative(isa, () => onKernels(base, 'native'))]);
        js.net.forwardBatch(js.x, js.rows, js.lengths, js.steps);
        js.net.backwardBatch(js.y);
        for (const [name, c] of others) {
          c.net.forwardBatch(c.x, c.rows, c.lengths, c.steps);
          const where = `${name}: ${cell} ${n}/${h}/${o} ${outputMode}${c.lengths ? `, lengths ${Array.from(c.lengths).join(',')}` : ''}`;
          expect(c.net.lossSum(c.y), where).to.equal(js.net.lossSum(js.y));
          expect(Array.from(c.net.output()), where).to.deep.equal(Array.from(js.net.output()));
          c.net.backwardBatch(c.y);
          expect(Array.from(c.net.grads.flat), where).to.deep.equal(Array.from(js.net.grads.flat));
        }
      }
    });
  }
});
