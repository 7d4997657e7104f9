import { expect } from 'chai';
import { ashaBudgets, ashaPromote, medianSurvivors, rankRung } from '../../../src/app/sweep/prune.js';

const rung = (values: number[]) => values.map((value, index) => ({ id: `t${index}`, index, value }));

describe('pruning policies', () => {
  it('asha budgets grow by the reduction factor and end at maxEpochs', () => {
    expect(ashaBudgets(1, 27, 3)).to.deep.equal([1, 3, 9, 27]);
    expect(ashaBudgets(2, 20, 3)).to.deep.equal([2, 6, 18, 20]);
    expect(ashaBudgets(5, 5, 3)).to.deep.equal([5]);
    expect(() => ashaBudgets(0, 5, 3)).to.throw(/minEpochs/);
  });

  it('asha promotes the best third, at least one, never a trial without a value; ties by trial order', () => {
    expect([...ashaPromote(rung([0.5, 0.1, 0.9, 0.3, NaN, 0.2]), 3)]).to.deep.equal(['t1', 't5']);
    expect([...ashaPromote(rung([0.4, 0.4]), 3)]).to.deep.equal(['t0']);
    expect([...ashaPromote(rung([NaN, NaN]), 3)]).to.deep.equal([]);
  });

  it('the same rung in any order gives the same decisions', () => {
    const entries = rung([0.3, 0.1, 0.3, 0.7, 0.2, 0.1]);
    const shuffled = [entries[3], entries[5], entries[0], entries[2], entries[4], entries[1]];
    expect(rankRung(shuffled).map((e) => e.id)).to.deep.equal(rankRung(entries).map((e) => e.id));
    expect([...ashaPromote(shuffled, 2)].sort()).to.deep.equal([...ashaPromote(entries, 2)].sort());
  });

  it('the median rule keeps the trials no worse than the median of the rung', () => {
    expect([...medianSurvivors(rung([4, 1, 3, 2]))].sort()).to.deep.equal(['t1', 't3']);
    expect([...medianSurvivors(rung([4, 1, 3]))].sort()).to.deep.equal(['t1', 't2']);
    expect([...medianSurvivors(rung([2, NaN]))]).to.deep.equal(['t0']);
  });
});
