/**
 * train.weightDecay against PyTorch's optimizers (test/fixtures/torch/optimizers.json, made by
 * make_fixtures.py): torch.optim.SGD's L2 weight_decay, with and without momentum, and AdamW's
 * decoupled decay, four steps each from the same start and mean gradients, to 1e-12 relative.
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createOptimizer, type OptimizerName } from '../../src/model/optimizer.js';
import { root } from '../helpers/cli.js';

interface OptimizerCase {
  optimizer: OptimizerName; weightDecay: number; eta: number; rows: number;
  start: number[]; meanGradients: number[][]; after: number[][];
}

describe('weight decay against torch.optim (committed fixtures)', () => {
  const { cases, torch } = JSON.parse(readFileSync(join(root, 'test', 'fixtures', 'torch', 'optimizers.json'), 'utf8')) as { cases: OptimizerCase[]; torch: string };
  for (const c of cases) {
    it(`${c.optimizer}, weight decay ${c.weightDecay}: the parameters after each of 4 steps equal PyTorch ${torch}'s to 1e-12`, () => {
      const params = Float64Array.from(c.start);
      const optimizer = createOptimizer(c.optimizer, params.length, { weightDecay: c.weightDecay });
      c.meanGradients.forEach((g, k) => {
        // Our optimizers take the gradient summed over the batch's rows (× 4: exact).
        optimizer.step(params, Float64Array.from(g, (v) => v * c.rows), c.rows, c.eta);
        const worst = Math.max(...c.after[k].map((want, i) => Math.abs(params[i] - want) / Math.max(Math.abs(want), 1e-3)));
        expect(worst, `step ${k + 1}`).to.be.below(1e-12);
      });
    });
  }

  it('decay changes the result (the fixtures would catch an optimizer that ignores it)', () => {
    const run = (weightDecay: number) => {
      const p = Float64Array.of(1, -2, 3);
      createOptimizer('adam', 3, { weightDecay }).step(p, Float64Array.of(0.1, 0.1, 0.1), 1, 0.1);
      return Array.from(p);
    };
    expect(run(0.5)).to.not.deep.equal(run(0));
  });
});
