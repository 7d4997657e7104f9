/** A seeded in-memory dataset of variable-length samples, gathered as SequenceSplit.gather's contract says (zeros in the padding). */
import { Random } from '../../src/core/random.js';
import type { SequenceSet, SequenceSplit } from '../../src/data/types.js';
import type { NetType } from '../../src/model/spec.js';

export interface RaggedShape {
  size: number; timesteps: number; inputSize: number; outputSize: number; labelsPerStep: boolean; netType: NetType;
}

export function raggedSplit(rng: Random, s: RaggedShape): SequenceSplit {
  const { size, timesteps: T, inputSize: n, outputSize: o, labelsPerStep, netType } = s;
  const lengths = Int32Array.from({ length: size }, () => rng.int(1, T));
  const xs = Array.from({ length: size }, (_, i) => Float64Array.from({ length: lengths[i] * n }, () => rng.normal()));
  const label = () => {
    const v = new Float64Array(o);
    if (netType === 'regression') v.forEach((_, j) => { v[j] = rng.normal(); });
    else if (netType === 'binary') v.forEach((_, j) => { v[j] = rng.int(0, 1); });
    else v[rng.int(0, o - 1)] = 1;
    return v;
  };
  const ys = Array.from({ length: size }, (_, i) => Array.from({ length: labelsPerStep ? lengths[i] : 1 }, label));
  return {
    size, timesteps: T, inputSize: n, outputSize: o, labelsPerStep, lengths,
    gather(order, from, rows, x, y, rowLengths) {
      if (!rowLengths) throw new Error('raggedSplit: gather needs a lengths buffer');
      let steps = 0;
      for (let r = 0; r < rows; r++) steps = Math.max(steps, lengths[order[from + r]]);
      x.fill(0, 0, steps * rows * n);
      y.fill(0, 0, (labelsPerStep ? steps : 1) * rows * o);
      for (let r = 0; r < rows; r++) {
        const i = order[from + r], L = lengths[i];
        rowLengths[r] = L;
        for (let t = 0; t < L; t++) x.set(xs[i].subarray(t * n, (t + 1) * n), (t * rows + r) * n);
        ys[i].forEach((v, t) => y.set(v, (t * rows + r) * o));
      }
    },
  };
}

export function raggedSet(seed: number, shape: Omit<RaggedShape, 'size'>, sizes: [number, number, number]): SequenceSet {
  const rng = new Random(seed, 'ragged');
  const [train, validation, test] = sizes.map((size) => raggedSplit(rng, { ...shape, size }));
  return { train, validation, test, info: {} };
}
