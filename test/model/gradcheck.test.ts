import { Random } from '../../src/core/random.js';
import { BIDIRECTIONAL_MODES, CELL_TYPES, NET_TYPES, OUTPUT_MODES } from '../../src/model/spec.js';
import { randomCase } from '../helpers/cases.js';
import { expectFiniteDifferences } from '../helpers/finite-differences.js';

/**
 * Central differences of the summed loss against backward's summed gradients, for every cell ×
 * layers (1, 2) × bidirectional × net type × output mode × bias, T = 1 and 3, batch 1 and 3. Sizes
 * are tiny; larger tensors are checked at entries drawn from the seed (helpers/finite-differences.ts).
 */
describe('backward agrees with central finite differences', () => {
  const rng = new Random(7, 'gradcheck');
  let worst = 0;
  after(() => console.log(`      worst relative error over all cases: ${worst.toExponential(2)}`));

  for (const cell of CELL_TYPES) for (const layers of [1, 2]) for (const bidirectional of BIDIRECTIONAL_MODES) {
    it(`${cell}, ${layers} layer(s), bidirectional ${bidirectional}: every net type, output mode and bias, T 1 and 3, batch 1 and 3`, () => {
      for (const netType of NET_TYPES) for (const outputMode of OUTPUT_MODES) for (const bias of [true, false]) {
        for (const T of [1, 3]) for (const rows of [1, 3]) {
          const c = randomCase(rng, netType, outputMode, bias, T, rows, {
            cell, bidirectional, inputSize: 2, hiddenSize: layers === 1 ? 2 : [2, 3], outputSize: netType === 'multiclass' ? 3 : 2,
          });
          worst = Math.max(worst, expectFiniteDifferences(rng, c, `${netType}, ${outputMode}-step, bias ${bias}, T=${T}, batch ${rows}`));
        }
      }
    });
  }
});
