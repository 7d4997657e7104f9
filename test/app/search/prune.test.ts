import { expect } from 'chai';
import { ashaBudgets, ashaPromote, hyperbandBracket, hyperbandShares, medianSurvivors, pruneReason, rankRung } from '../../../src/app/search/prune.js';

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

describe('pruneReason: a decision at a check from the earlier batches', () => {
  const ref = (values: number[][]) => values.map((vs, index) => ({ id: `r${index}`, index, checks: vs.map((value, i) => ({ epoch: i + 1, value })) }));
  const self = { id: 'me', index: 9 };
  const checks = (vs: number[]) => vs.map((value, i) => ({ epoch: i + 1, value }));
  const median = { method: 'median' as const, after: 1, metric: 'validation.loss' as const, goal: 'min' as const };

  it('median: no decision during the warm-up or without earlier trials at that check', () => {
    const reference = ref([[0.5, 0.4], [0.6, 0.5]]);
    expect(pruneReason({ rule: median, reference }, self, checks([9]))).to.equal(null);
    expect(pruneReason({ rule: median, reference }, self, checks([9, 9, 9]))).to.equal(null);
    expect(pruneReason({ rule: median, reference: [] }, self, checks([9, 9]))).to.equal(null);
  });

  it('median: prunes a trial worse than the median at the same check, keeps one that is not', () => {
    const reference = ref([[0.5, 0.40], [0.6, 0.50], [0.7, 0.60]]);
    expect(pruneReason({ rule: median, reference }, self, checks([0.9, 0.55]))).to.match(/worse than the median of the 3 earlier/);
    expect(pruneReason({ rule: median, reference }, self, checks([0.9, 0.45]))).to.equal(null);
    expect(pruneReason({ rule: { ...median, goal: 'max', metric: 'validation.accuracy' as const }, reference }, self, checks([0.1, 0.45]))).to.match(/accuracy/);
  });

  it('asha: decides once at each rung, keeping the best 1/reduction with the earlier trials', () => {
    const rule = { method: 'asha' as const, minEpochs: 1, maxEpochs: 9, reduction: 3, metric: 'validation.loss' as const, goal: 'min' as const };
    const reference = ref([[0.5, 0.4, 0.3], [0.6, 0.5, 0.45], [0.7, 0.6, 0.5]]);
    expect(pruneReason({ rule, reference }, self, checks([0.45]))).to.equal(null); // best of 4 at rung 1
    expect(pruneReason({ rule, reference }, self, checks([0.55]))).to.match(/1-epoch rung/);
    expect(pruneReason({ rule, reference }, self, checks([0.45, 0.9]))).to.equal(null); // epoch 2 is no rung
    expect(pruneReason({ rule, reference }, self, checks([0.55, 0.9, 0.9]))).to.match(/0\.55 \(its best by the 3-epoch rung\)/);
  });

  it('asha ranks each trial at a rung by its best check so far, not its latest', () => {
    const rule = { method: 'asha' as const, minEpochs: 3, maxEpochs: 9, reduction: 2, metric: 'validation.loss' as const, goal: 'min' as const };
    // Best by epoch 3: r0 0.30 (latest 0.50), r1 0.40, r2 0.45 (latest 0.20 — a lucky last epoch is its best, too).
    const reference = ref([[0.6, 0.3, 0.5], [0.5, 0.45, 0.4], [0.7, 0.45, 0.2]]);
    // Latest 0.9 but best 0.1: the best of 4 at the rung, goes on (by its latest it would be last).
    expect(pruneReason({ rule, reference }, self, checks([0.1, 0.8, 0.9]))).to.equal(null);
    // Best 0.35: third of 4 behind r2 (0.2) and r0 (0.3); only 2 go on.
    expect(pruneReason({ rule, reference }, self, checks([0.5, 0.35, 0.36]))).to.match(/0\.35 \(its best by the 3-epoch rung\) is not in the best 1\/2 of the 4/);
    // Accuracy, a metric to maximise: the best is the highest; NaN checks (a diverged epoch) are skipped.
    const acc = { ...rule, metric: 'validation.accuracy' as const, goal: 'max' as const };
    const accRef = ref([[0.5, 0.6, 0.55], [0.4, 0.5, 0.52]]);
    expect(pruneReason({ rule: acc, reference: accRef }, self, checks([0.7, NaN, 0.3]))).to.equal(null);
    expect(pruneReason({ rule: acc, reference: accRef }, self, checks([0.5, NaN, 0.58]))).to.match(/0\.58 \(its best/);
  });

  it("hyperband's brackets take the paper's shares of the trials, interleaved along the trial order", () => {
    expect(hyperbandShares([4, 12, 36, 100], 3)).to.deep.equal([27, 12, 6, 4]);
    expect(hyperbandShares([1, 3, 9], 3)).to.deep.equal([9, 5, 3]);
    expect(hyperbandShares([5], 3)).to.deep.equal([1]);
    const shares = [9, 5, 3];
    const cycle = Array.from({ length: 17 }, (_, i) => hyperbandBracket(i, shares));
    expect([0, 1, 2].map((k) => cycle.filter((b) => b === k).length)).to.deep.equal(shares);
    expect(cycle[0]).to.equal(0); // the largest share goes first
    // The next cycle repeats it, and no bracket waits more than a few trials for its turn.
    expect(Array.from({ length: 17 }, (_, i) => hyperbandBracket(17 + i, shares))).to.deep.equal(cycle);
    for (const k of [0, 1, 2]) expect(cycle.indexOf(k), `bracket ${k}`).to.be.below(4);
  });

  it('hyperband: each bracket prunes from its own first rung, against its own bracket only; the last never prunes', () => {
    const rule = { method: 'hyperband' as const, minEpochs: 1, maxEpochs: 9, reduction: 3, metric: 'validation.loss' as const, goal: 'min' as const };
    const shares = hyperbandShares(ashaBudgets(1, 9, 3), 3);
    const inBracket = (k: number) => Array.from({ length: 60 }, (_, i) => i).filter((i) => hyperbandBracket(i, shares) === k);
    const [b0, b1, b2] = [inBracket(0), inBracket(1), inBracket(2)];
    // Three earlier trials in each bracket, all much better than the trial deciding (curves over 3 epochs).
    const reference = [...b0.slice(0, 3), ...b1.slice(0, 3), ...b2.slice(0, 3)]
      .map((index) => ({ id: `r${index}`, index, checks: [0.1, 0.1, 0.1].map((value, e) => ({ epoch: e + 1, value })) }));
    const bad = checks([0.9, 0.9, 0.9]);
    const at = (index: number, c: ReturnType<typeof checks>) => pruneReason({ rule, reference }, { id: `t${index}`, index }, c);
    // Bracket 1 of 3 is asha: pruned at the 1-epoch rung, compared with its own 3 earlier trials.
    expect(at(b0[5], bad.slice(0, 1))).to.match(/1-epoch rung\) is not in the best 1\/3 of the 4 trials there \(prune: hyperband, bracket 1 of 3\)/);
    // Bracket 2 starts at the 3-epoch rung: not pruned at 1 epoch, pruned at 3.
    expect(at(b1[5], bad.slice(0, 1))).to.equal(null);
    expect(at(b1[5], bad)).to.match(/3-epoch rung\) is not in the best 1\/3 of the 4 trials there \(prune: hyperband, bracket 2 of 3\)/);
    // Bracket 3 trains every trial to the end.
    expect(at(b2[5], bad.slice(0, 1))).to.equal(null);
    expect(at(b2[5], bad)).to.equal(null);
    // A bracket's first trial has no earlier trial of its own bracket to lose to, whatever the others did.
    expect(pruneReason({ rule, reference: reference.filter((r) => hyperbandBracket(r.index, shares) !== 0) }, { id: 'x', index: b0[0] }, bad)).to.equal(null);
  });
});
