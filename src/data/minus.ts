/**
 * Binary subtraction (chapter 19.2): all 136 pairs a − b with 0 ≤ b ≤ a ≤ 15, four steps, least
 * significant bit first. Step t has input [bit_t(a), bit_t(b)] and label bit_t(a − b), so labels are
 * per step: 13 − 6 = 7 gives x = (1,0), (0,1), (1,1), (1,0) and y = 1, 1, 1, 0.
 */
import { DenseSequences } from './dense.js';

export const MINUS_BITS = 4;

export function minusSequences(bits = MINUS_BITS): DenseSequences {
  const max = (1 << bits) - 1;
  const pairs: [number, number][] = [];
  for (let a = 0; a <= max; a++) for (let b = 0; b <= a; b++) pairs.push([a, b]);
  const x = new Float64Array(pairs.length * bits * 2);
  const y = new Float64Array(pairs.length * bits);
  pairs.forEach(([a, b], i) => {
    for (let t = 0; t < bits; t++) {
      x[(i * bits + t) * 2] = (a >> t) & 1;
      x[(i * bits + t) * 2 + 1] = (b >> t) & 1;
      y[i * bits + t] = ((a - b) >> t) & 1;
    }
  });
  return new DenseSequences(pairs.length, bits, 2, 1, true, x, y);
}
