/**
 * Train / validation / test by a seeded shuffle, optionally per label (stratified): each group's
 * samples are shuffled by Random(seed, "data") in group order, and the first ⌊n·(1 − v − t)⌋ train,
 * up to ⌊n·(1 − t)⌋ validate, the rest test (the PyTorch peer's int(n·0.8), int(n·0.9)).
 */
import type { Random } from '../core/random.js';
import { byCodePoint } from './token-vocabulary.js';

export interface SplitIndices { train: number[]; validation: number[]; test: number[] }

/** groupOf: a sample's label when stratified, one shared key otherwise. Groups run in code-point order of their keys. */
export function splitIndices(n: number, groupOf: (i: number) => string, fractions: { validation: number; test: number }, rng: Random): SplitIndices {
  const groups = new Map<string, number[]>();
  for (let i = 0; i < n; i++) {
    const key = groupOf(i);
    const g = groups.get(key);
    if (g) g.push(i);
    else groups.set(key, [i]);
  }
  const out: SplitIndices = { train: [], validation: [], test: [] };
  // The small epsilon keeps n·0.8 = 80 from flooring to 79 when the product lands a hair below.
  const cutAt = (m: number, share: number) => Math.floor(m * share + 1e-9);
  for (const key of [...groups.keys()].sort(byCodePoint)) {
    const members = rng.shuffle(groups.get(key)!);
    const a = cutAt(members.length, 1 - fractions.validation - fractions.test);
    const b = cutAt(members.length, 1 - fractions.test);
    out.train.push(...members.slice(0, a));
    out.validation.push(...members.slice(a, b));
    out.test.push(...members.slice(b));
  }
  return out;
}
