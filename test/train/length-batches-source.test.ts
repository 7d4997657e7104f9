import { expect } from 'chai';
import { loadDataset } from '../../src/data/index.js';
import type { VariableSequences } from '../../src/data/variable-sequences.js';
import { batchesPerEpochOf, trainingBatches, type Batch } from '../../src/train/batches.js';
import { EpochShuffle } from '../../src/train/shuffle.js';
import { context } from '../data/context.js';
import { namesConfig } from '../data/sequences-context.js';

interface Seen { epoch: number; iteration: number; rows: number; steps: number; lengths: number[]; x: number[] }

/** Every batch the source hands out from `start`, copied (the source reuses its buffers). */
function collect(split: VariableSequences, batchSize: number, maxEpochs: number, start = 0): Promise<Seen[]> {
  const seen: Seen[] = [];
  return new Promise((resolve, reject) => {
    trainingBatches({ split, batchSize, maxEpochs, shuffle: new EpochShuffle(5, split.size), startIteration: start }).subscribe({
      next: (b: Batch) => seen.push({
        epoch: b.epoch, iteration: b.iteration, rows: b.rows, steps: b.steps!, lengths: Array.from(b.lengths!.subarray(0, b.rows)),
        x: Array.from(b.x.subarray(0, b.steps! * b.rows * split.inputSize)),
      }),
      error: reject,
      complete: () => resolve(seen),
    });
  });
}

describe('training batches of sequences of different lengths', () => {
  const all = loadDataset(namesConfig({ batching: 'exactLength' }), context(1)).train as VariableSequences;

  it('exactLength: every batch one length (its steps), each sample once per epoch; the count is batchesPerEpochOf', async () => {
    const seen = await collect(all, 8, 1);
    expect(seen).to.have.length(batchesPerEpochOf(all, 8));
    expect(seen.reduce((n, b) => n + b.rows, 0)).to.equal(all.size);
    for (const b of seen) expect(b.lengths.every((l) => l === b.steps)).to.equal(true);
    const perLength = new Map<number, number>();
    for (const l of all.lengths) perLength.set(l, (perLength.get(l) ?? 0) + 1);
    expect(seen.length).to.equal([...perLength.values()].reduce((n, c) => n + Math.ceil(c / 8), 0));
  });

  it('a run resumed mid-epoch gets exactly the batches the uninterrupted run had from there', async () => {
    const full = await collect(all, 8, 2);
    const at = full.length / 2 + 37;
    const resumed = await collect(all, 8, 2, at);
    expect(resumed).to.deep.equal(full.slice(at));
  });
});
