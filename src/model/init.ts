/** Initial parameters, drawn from a seeded stream so that one seed gives the same start everywhere. */
import type { Random } from '../core/random.js';
import type { ParamSet } from './params.js';

import type { InitScheme } from '../config/vocabulary.js';

export { INIT_SCHEMES, type InitScheme } from '../config/vocabulary.js';

/** Weights drawn tensor by tensor in storage order; biases start at zero. */
export function initParameters(P: ParamSet, scheme: InitScheme, rng: Random): void {
  P.flat.fill(0);
  if (scheme === 'zero') return;
  for (const { name, shape: [fanIn, fanOut], role } of P.tensors) {
    if (role === 'bias') continue;
    const t = P.tensor(name);
    if (scheme === 'book') {
      const std = 1 / Math.sqrt(fanIn);
      for (let i = 0; i < t.length; i++) t[i] = rng.normal() * std;
    } else {
      const limit = Math.sqrt(6 / (fanIn + fanOut));
      for (let i = 0; i < t.length; i++) t[i] = (2 * rng.uniform() - 1) * limit;
    }
  }
}
