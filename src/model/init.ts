/**
 * Initial parameters, drawn from a seeded stream so that one seed gives the same start everywhere.
 * Tensors are drawn one after another in storage order (net-plan.ts), so a one-layer Elman net
 * draws U, W, V exactly as before layers and other cells existed.
 */
import type { Random } from '../core/random.js';
import type { ParamSet } from './params.js';
import { fullSpec } from './spec.js';

import type { InitScheme } from '../config/vocabulary.js';

export { INIT_SCHEMES, type InitScheme } from '../config/vocabulary.js';

/** The scheme a net really gets: 'book' has a rule only for the Elman cell, and means PyTorch's default for LSTM and GRU. */
export function effectiveInit(P: ParamSet, scheme: InitScheme): InitScheme {
  return scheme === 'book' && fullSpec(P.spec).cell !== 'elman' ? 'pytorch' : scheme;
}

export function initParameters(P: ParamSet, scheme: InitScheme, rng: Random): void {
  P.flat.fill(0);
  const rule = effectiveInit(P, scheme);
  if (rule === 'zero') return;
  for (const { name, shape: [fanIn, fanOut], role, pytorchBound } of P.tensors) {
    const t = P.tensor(name);
    if (rule === 'pytorch' && role === 'embedding') {
      // nn.Embedding's default: N(0, 1).
      for (let i = 0; i < t.length; i++) t[i] = rng.normal();
      continue;
    }
    if (rule === 'pytorch') {
      // Every tensor, biases included, uniform in ±1/√hidden (±1/√fan_in for the head).
      for (let i = 0; i < t.length; i++) t[i] = (2 * rng.uniform() - 1) * pytorchBound;
      continue;
    }
    if (role === 'bias') continue;
    if (rule === 'book') {
      const std = 1 / Math.sqrt(fanIn);
      for (let i = 0; i < t.length; i++) t[i] = rng.normal() * std;
    } else {
      const limit = Math.sqrt(6 / (fanIn + fanOut));
      for (let i = 0; i < t.length; i++) t[i] = (2 * rng.uniform() - 1) * limit;
    }
  }
}
