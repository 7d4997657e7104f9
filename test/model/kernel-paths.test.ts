import { expect } from 'chai';
import { Rnn } from '../../src/model/rnn.js';
import { NET_TYPES, OUTPUT_MODES } from '../../src/model/spec.js';
import { BLOCK_ROWS } from '../../src/model/workspace.js';
import { KERNEL_NAMES, type KernelName } from '../../src/tensor/kernels.js';
import { Random } from '../../src/core/random.js';
import { caseLoss, maxAbsDiff, randomCase, steps, type Case } from '../helpers/cases.js';
import { referenceRnn } from '../reference/generic-rnn.js';

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
      it(`${kernels}: ${netType}, ${outputMode}-step agrees with the mathjs reference to 1e-12`, () => {
        const T = 3, rows = 2 * BLOCK_ROWS + 7;
        const sizes = { inputSize: 7, hiddenSize: 11, outputSize: netType === 'multiclass' ? 6 : 3 };
        const c = onKernels(randomCase(rng, netType, outputMode, true, T, rows, sizes), kernels);
        const spec = c.net.spec;
        const ySteps = outputMode === 'each' ? T : 1;
        const ref = referenceRnn(spec, c.net.getParameters(), steps(c.x, T, rows, spec.inputSize), steps(c.y, ySteps, rows, spec.outputSize));
        c.net.forwardBatch(c.x, rows);
        expect(Math.abs(c.net.lossSum(c.y) - ref.loss) / Math.max(1, Math.abs(ref.loss))).to.be.below(1e-12);
        ref.outputs.forEach((refA, k) => {
          const t = outputMode === 'each' ? k : T - 1;
          expect(maxAbsDiff(c.net.output(t).subarray(0, rows * spec.outputSize), refA.flat()), `a at step ${t}`).to.be.below(1e-12);
        });
        c.net.backwardBatch(c.y);
        const g = c.net.grads.toNested();
        for (const name of ['U', 'W', 'V', 'bu', 'bv'] as const) {
          expect(maxAbsDiff(g[name]!.flat(), ref.grads[name]!.flat()), `d${name}`).to.be.below(1e-12);
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

  it('js and wasm kernels give bit-identical outputs, losses and gradients', () => {
    for (const outputMode of OUTPUT_MODES) for (const [n, h, o] of [[6, 4, 6], [8, 8, 6], [5, 13, 3], [1, 1, 2]]) {
      const base = randomCase(rng, 'multiclass', outputMode, true, 5, 2 * BLOCK_ROWS + 3, { inputSize: n, hiddenSize: h, outputSize: o });
      const [js, wasm] = (['js', 'wasm'] as const).map((k) => onKernels(base, k));
      for (const c of [js, wasm]) c.net.forwardBatch(c.x, c.rows);
      expect(wasm.net.lossSum(wasm.y)).to.equal(js.net.lossSum(js.y));
      expect(Array.from(wasm.net.output())).to.deep.equal(Array.from(js.net.output()));
      for (const c of [js, wasm]) c.net.backwardBatch(c.y);
      expect(Array.from(wasm.net.grads.flat), `${n}/${h}/${o} ${outputMode}`).to.deep.equal(Array.from(js.net.grads.flat));
    }
  });
});
