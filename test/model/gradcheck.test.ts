import { expect } from 'chai';
import { Random } from '../../src/core/random.js';
import { NET_TYPES, OUTPUT_MODES } from '../../src/model/spec.js';
import { tensorShapes } from '../../src/model/params.js';
import { caseLoss, randomCase } from '../helpers/cases.js';

/** Central differences of the summed loss, against backward's summed gradients. */
describe('backward agrees with central finite differences', () => {
  const rng = new Random(7, 'gradcheck');
  let worst = 0;
  after(() => console.log(`      worst relative error over all cases: ${worst.toExponential(2)}`));

  for (const netType of NET_TYPES) for (const outputMode of OUTPUT_MODES) for (const bias of [true, false]) {
    for (const T of [1, 2, 5]) for (const rows of [1, 3]) {
      it(`${netType}, ${outputMode}-step, bias ${bias}, T=${T}, batch ${rows}`, () => {
        const c = randomCase(rng, netType, outputMode, bias, T, rows);
        c.net.forwardBatch(c.x, c.rows);
        c.net.backwardBatch(c.y);
        const analytic = c.net.grads.flat.slice();
        const P = c.net.params.flat;
        const h = 1e-5;
        const numeric = new Float64Array(P.length);
        for (let i = 0; i < P.length; i++) {
          const keep = P[i];
          P[i] = keep + h; const plus = caseLoss(c);
          P[i] = keep - h; const minus = caseLoss(c);
          P[i] = keep;
          numeric[i] = (plus - minus) / (2 * h);
        }
        // Per tensor: ‖analytic − numeric‖ / max(‖analytic‖, ‖numeric‖), so tiny entries cannot fake agreement.
        let off = 0;
        for (const [name, [r, k]] of tensorShapes(c.net.spec)) {
          let diff = 0, na = 0, nn = 0;
          for (let i = off; i < off + r * k; i++) {
            diff += (analytic[i] - numeric[i]) ** 2; na += analytic[i] ** 2; nn += numeric[i] ** 2;
          }
          off += r * k;
          const rel = Math.sqrt(diff) / Math.max(Math.sqrt(na), Math.sqrt(nn), 1e-12);
          worst = Math.max(worst, rel);
          expect(rel, `${name}: relative error`).to.be.below(1e-6);
        }
      });
    }
  }
});
