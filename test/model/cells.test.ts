import { Random } from '../../src/core/random.js';
import { BIDIRECTIONAL_MODES, CELL_TYPES, NET_TYPES, OUTPUT_MODES } from '../../src/model/spec.js';
import { randomCase } from '../helpers/cases.js';
import { expectMatchesReference } from '../helpers/reference-check.js';

/**
 * Every cell × layers × direction × net type × output mode × bias against the readable reference
 * (test/reference/recurrent-net.ts: PyTorch's equations, gradients by scalar autograd), through the
 * torch layout: outputs, loss and every gradient to 1e-12, on random sizes, steps and batches.
 */
describe('every cell, stack and direction agrees with the readable reference', () => {
  const rng = new Random(41, 'cells');
  let worst = 0;
  after(() => console.log(`      worst difference from the reference: ${worst.toExponential(2)}`));
  for (const cell of CELL_TYPES) for (const layers of [1, 2]) for (const bidirectional of BIDIRECTIONAL_MODES) {
    it(`${cell}, ${layers} layer(s), bidirectional ${bidirectional}: every net type, output mode and bias to 1e-12`, () => {
      for (const netType of NET_TYPES) for (const outputMode of OUTPUT_MODES) for (const bias of [true, false]) {
        for (let trial = 0; trial < 2; trial++) {
          const T = rng.int(1, 5), rows = rng.int(1, 4);
          const hiddenSize = layers === 1 ? rng.int(1, 4) : [rng.int(1, 4), rng.int(1, 4)];
          const c = randomCase(rng, netType, outputMode, bias, T, rows, {
            cell, bidirectional, hiddenSize, inputSize: rng.int(1, 4), outputSize: netType === 'multiclass' ? rng.int(2, 4) : rng.int(1, 3),
          });
          const where = `${netType} ${outputMode} bias ${bias} T=${T} rows=${rows} hidden ${JSON.stringify(hiddenSize)}`;
          worst = Math.max(worst, expectMatchesReference(c, where));
        }
      }
    });
  }
});
