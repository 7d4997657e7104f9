import { expect } from 'chai';
import { Random } from '../../src/core/random.js';
import { BIDIRECTIONAL_MODES, CELL_TYPES, NET_TYPES, OUTPUT_MODES } from '../../src/model/spec.js';
import { caseLoss, randomCase } from '../helpers/cases.js';

/**
 * Central differences of the summed loss against backward's summed gradients, for every cell ×
 * layers (1, 2) × bidirectional × net type × output mode × bias, T = 1 and 3, batch 1 and 3. Sizes
 * are tiny; tensors with more than ENTRIES values are checked at ENTRIES entries drawn from the seed.
 */
const ENTRIES = 6;

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
          const where = `${netType}, ${outputMode}-step, bias ${bias}, T=${T}, batch ${rows}`;
          c.net.forwardBatch(c.x, c.rows);
          c.net.backwardBatch(c.y);
          const analytic = c.net.grads.flat, P = c.net.params.flat, h = 1e-5;
          // Per tensor: ‖analytic − numeric‖ / max(‖analytic‖, ‖numeric‖, 1e-3), so tiny entries cannot fake
          // agreement, and a near-zero gradient is held to 1e-9 absolute: the differences' own rounding
          // (≈ 1e-16·loss / h) is about 1e-11 at h = 1e-5.
          for (const { name, offset, shape: [r, k] } of c.net.params.tensors) {
            const size = r * k;
            const picks = size <= ENTRIES ? Array.from({ length: size }, (_, i) => i) : Array.from({ length: ENTRIES }, () => rng.int(0, size - 1));
            let diff = 0, na = 0, nn = 0;
            for (const i of picks.map((j) => offset + j)) {
              const keep = P[i];
              P[i] = keep + h; const plus = caseLoss(c);
              P[i] = keep - h; const minus = caseLoss(c);
              P[i] = keep;
              const numeric = (plus - minus) / (2 * h);
              diff += (analytic[i] - numeric) ** 2; na += analytic[i] ** 2; nn += numeric ** 2;
            }
            const rel = Math.sqrt(diff) / Math.max(Math.sqrt(na), Math.sqrt(nn), 1e-3);
            worst = Math.max(worst, rel);
            expect(rel, `${name}: relative error, ${where}`).to.be.below(1e-6);
          }
        }
      }
    });
  }
});
