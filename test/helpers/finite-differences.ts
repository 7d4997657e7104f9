/** Central differences of a case's summed loss against its backward, per tensor (gradcheck, the lengths, embedding and dropout tests). */
import { expect } from 'chai';
import type { Random } from '../../src/core/random.js';
import { caseLoss, type Case } from './cases.js';

/**
 * Central differences of the summed loss at up to 6 entries of each tensor (drawn from rng); returns
 * the worst relative error. Per tensor: ‖analytic − numeric‖ / max(‖analytic‖, ‖numeric‖, 1e-3), so
 * tiny entries cannot fake agreement, and a near-zero gradient is held to 1e-9 absolute: the
 * differences' own rounding (≈ 1e-16·loss / h) is about 1e-11 at h = 1e-5.
 */
export function expectFiniteDifferences(rng: Random, c: Case, where: string): number {
  c.net.forwardBatch(c.x, c.rows, c.lengths, c.steps, c.dropoutKey);
  c.net.backwardBatch(c.y);
  const analytic = Float64Array.from(c.net.grads.flat), P = c.net.params.flat, h = 1e-5;
  let worst = 0;
  for (const { name, offset, shape: [r, k] } of c.net.params.tensors) {
    const size = r * k;
    const picks = size <= 6 ? Array.from({ length: size }, (_, i) => i) : Array.from({ length: 6 }, () => rng.int(0, size - 1));
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
    expect(rel, `${name}: finite differences, ${where}`).to.be.below(1e-6);
  }
  return worst;
}
