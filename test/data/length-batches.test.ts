import { expect } from 'chai';
import { Random } from '../../src/core/random.js';
import { loadDataset } from '../../src/data/index.js';
import { paddingOf, planBatches, type BatchPlan } from '../../src/data/length-batches.js';
import type { VariableSequences } from '../../src/data/variable-sequences.js';
import { EpochShuffle } from '../../src/train/shuffle.js';
import { context } from './context.js';
import { namesConfig } from './sequences-context.js';

const batchesOf = (plan: BatchPlan) => Array.from({ length: plan.starts.length - 1 }, (_, k) => Array.from(plan.order.subarray(plan.starts[k], plan.starts[k + 1])));

/** Padded row-steps counted the slow way: gather each batch as training does and compare rows × steps with the lengths written. */
function paddingByGather(split: VariableSequences, plan: BatchPlan): number {
  let computed = 0;
  let real = 0;
  for (const rows of batchesOf(plan)) {
    const lengths = new Int32Array(rows.length);
    const steps = split.stepsOf(rows, 0, rows.length);
    split.gather(rows, 0, rows.length, new Float64Array(steps * rows.length * split.inputSize), new Float64Array(rows.length * split.outputSize), lengths);
    computed += steps * rows.length;
    real += lengths.reduce((a, b) => a + b, 0);
  }
  return (computed - real) / computed;
}

describe('batches grouped by length', () => {
  const names = loadDataset(namesConfig(), context(1)).train as VariableSequences;

  for (const batchSize of [8, 32, 64]) {
    it(`names, buckets of batch ${batchSize}: every sample once, padded row-steps ≤ 10 % (counted by gathering)`, () => {
      const order = new EpochShuffle(1, names.size).shuffleFor(0);
      const plan = names.planBatches(order, batchSize, 0);
      expect(Array.from(plan.order).sort((a, b) => a - b)).to.deep.equal(Array.from({ length: names.size }, (_, i) => i));
      const sizes = batchesOf(plan).map((b) => b.length);
      expect(sizes.filter((n) => n !== batchSize)).to.have.length.at.most(1);
      const share = paddingByGather(names, plan);
      expect(paddingOf(plan, names.lengths).share).to.be.closeTo(share, 1e-12);
      expect(share).to.be.at.most(0.1);
      // Against the plain shuffle cut into batches, the same epoch's order:
      const plain: BatchPlan = { order, starts: Uint32Array.from({ length: Math.ceil(names.size / batchSize) + 1 }, (_, k) => Math.min(k * batchSize, names.size)) };
      expect(paddingOf(plain, names.lengths).share).to.be.above(share);
    });
  }

  it('exactLength: every batch holds one length, no padding; each length\'s samples all appear', () => {
    const order = new EpochShuffle(1, names.size).shuffleFor(3);
    const plan = planBatches(order, names.lengths, 8, 'exactLength', new Random(1, 'batches:3'));
    for (const b of batchesOf(plan)) {
      expect(new Set(b.map((i) => names.lengths[i])).size).to.equal(1);
      expect(b.length).to.be.within(1, 8);
    }
    expect(paddingOf(plan, names.lengths).padded).to.equal(0);
    expect(Array.from(plan.order).sort((a, b) => a - b)).to.deep.equal(Array.from({ length: names.size }, (_, i) => i));
  });

  it('is fixed by (seed, epoch): planned again for a resumed epoch it is the same; the next epoch differs; the batch count never changes', () => {
    for (const grouping of ['buckets', 'exactLength'] as const) {
      const plan = (epoch: number) => planBatches(new EpochShuffle(7, names.size).shuffleFor(epoch), names.lengths, 8, grouping, new Random(7, `batches:${epoch}`));
      const a = plan(2);
      expect(plan(2)).to.deep.equal(a);
      const b = plan(3);
      expect(Array.from(b.order)).to.not.deep.equal(Array.from(a.order));
      expect(b.starts.length).to.equal(a.starts.length);
    }
  });
});
