import { expect } from 'chai';
import { Random } from '../../src/core/random.js';
import { NET_TYPES, OUTPUT_MODES } from '../../src/model/spec.js';
import { maxAbsDiff, randomCase, steps } from '../helpers/cases.js';
import { referenceRnn } from '../reference/generic-rnn.js';

describe('fast kernels agree with the mathjs reference written from the equations', () => {
  const rng = new Random(11, 'reference');
  for (const netType of NET_TYPES) for (const outputMode of OUTPUT_MODES) for (const bias of [true, false]) {
    it(`${netType}, ${outputMode}-step, bias ${bias}: outputs, loss and gradients to 1e-12`, () => {
      for (let trial = 0; trial < 4; trial++) {
        const T = rng.int(1, 6), rows = rng.int(1, 5);
        const c = randomCase(rng, netType, outputMode, bias, T, rows,
          { inputSize: rng.int(1, 5), hiddenSize: rng.int(1, 6), outputSize: netType === 'multiclass' ? rng.int(2, 5) : rng.int(1, 3) });
        const spec = c.net.spec;
        const ySteps = outputMode === 'each' ? T : 1;
        const ref = referenceRnn(spec, c.net.getParameters(),
          steps(c.x, T, rows, spec.inputSize), steps(c.y, ySteps, rows, spec.outputSize));
        c.net.forwardBatch(c.x, rows);
        const loss = c.net.lossSum(c.y);
        c.net.backwardBatch(c.y);
        expect(Math.abs(loss - ref.loss) / Math.max(1, Math.abs(ref.loss))).to.be.below(1e-12);
        ref.outputs.forEach((refA, k) => {
          const t = outputMode === 'each' ? k : T - 1;
          const fast = steps(c.net.output(t), 1, rows, spec.outputSize)[0];
          expect(maxAbsDiff(fast, refA), `a at step ${t}`).to.be.below(1e-12);
        });
        const g = c.net.grads.toNested();
        for (const name of ['U', 'W', 'V', 'bu', 'bv'] as const) {
          if (!ref.grads[name]) { expect(g[name]).to.equal(undefined); continue; }
          expect(maxAbsDiff(g[name]!, ref.grads[name]!), `d${name}`).to.be.below(1e-12);
        }
      }
    });
  }
});
