/** Holds a case's fast path to the readable reference: outputs, loss and every gradient (torch layout). */
import { expect } from 'chai';
import { maskValue } from '../../src/model/dropout.js';
import { referenceNet } from '../reference/recurrent-net.js';
import { byRow, maxAbsDiff, steps, type Case } from './cases.js';

/** Runs forward and backward on the case and the reference; returns the largest difference seen. */
export function expectMatchesReference(c: Case, where: string, tolerance = 1e-12): number {
  const spec = c.net.spec, T = c.steps ?? spec.timesteps, rows = c.rows, each = spec.outputMode === 'each';
  const ySteps = each ? T : 1;
  const yByRow = byRow(c.y, ySteps, rows, spec.outputSize);
  const lengths = c.lengths ? Array.from(c.lengths) : undefined;
  const key = c.dropoutKey, p = spec.dropout ?? 0;
  const mask = key === undefined ? undefined : (l: number, t: number, row: number, j: number) => maskValue(p, key, l, t, row, j);
  const ref = referenceNet(spec, c.net.getParameters({ layout: 'torch' }), byRow(c.x, T, rows, spec.inputSize), yByRow, lengths, mask);
  let worst = 0;
  c.net.forwardBatch(c.x, rows, c.lengths, c.steps, c.dropoutKey);
  const loss = c.net.lossSum(c.y);
  expect(Math.abs(loss - ref.loss) / Math.max(1, Math.abs(ref.loss)), `loss, ${where}`).to.be.below(tolerance);
  ref.outputs.forEach((refA, k) => {
    const fast = steps(c.net.output(each ? k : T - 1), 1, rows, spec.outputSize)[0];
    const d = maxAbsDiff(fast, refA);
    worst = Math.max(worst, d);
    expect(d, `a at output step ${k}, ${where}`).to.be.below(tolerance);
  });
  const g = c.net.backward(each ? yByRow : yByRow.map((r) => r[0]), { layout: 'torch' });
  expect(Object.keys(g), where).to.deep.equal(Object.keys(ref.grads));
  for (const [name, want] of Object.entries(ref.grads)) {
    const d = maxAbsDiff((g[name] as number[][]).flat(), (want as number[][]).flat());
    worst = Math.max(worst, d);
    expect(d, `d${name}, ${where}`).to.be.below(tolerance);
  }
  return worst;
}
