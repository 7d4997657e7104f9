import { expect } from 'chai';
import { checkExpectations, compileExpectations, expectationsExitCode, formatExpectations } from '../../../src/app/expect/index.js';
import { UserError } from '../../../src/core/errors.js';
import { fakeSummary } from './fake-summary.js';

describe('expect: compile before training', () => {
  it('compiles conditions over the summary roots', () => {
    const c = compileExpectations(['test.accuracy >= 0.82', 'bestParams.test.accuracy > baseline.test.accuracy'], 'exp.json5');
    expect(c.map((x) => x.where)).to.deep.equal(['exp.json5, expect[0]', 'exp.json5, expect[1]']);
  });

  it('refuses every bad condition at once, each with its place', () => {
    let err: UserError | undefined;
    try {
      compileExpectations(['test.accuracy > 0.5', 'import({})', 'f(x) = 1'], 'exp.json5');
    } catch (e) {
      err = e as UserError;
    }
    expect(err).to.be.instanceOf(UserError);
    expect(err!.exitCode).to.equal(2);
    expect(err!.message).to.match(/exp.json5, expect\[1\].*import/);
    expect(err!.message).to.match(/exp.json5, expect\[2\].*function definitions/);
    expect(err!.message).not.to.contain('expect[0]');
  });
});

describe('expect: check after the run', () => {
  it('passes, with the actual values of the paths used', () => {
    const c = compileExpectations(['test.accuracy >= 0.82', 'bestParams.test.accuracy > baseline.test.accuracy', 'status == "completed"'], 'e');
    const r = checkExpectations(c, fakeSummary());
    expect(r.map((x) => x.passed)).to.deep.equal([true, true, true]);
    expect(r[1].values).to.deep.equal({ 'bestParams.test.accuracy': 0.84, 'baseline.test.accuracy': 0.71 });
    expect(expectationsExitCode(r)).to.equal(0);
  });

  it('fails with the values that made it fail, and exit code 1', () => {
    const c = compileExpectations(['test.accuracy >= 0.9', 'epochs <= 10'], 'e');
    const r = checkExpectations(c, fakeSummary());
    expect(r.map((x) => x.passed)).to.deep.equal([false, true]);
    expect(r[0].values).to.deep.equal({ 'test.accuracy': 0.83 });
    expect(expectationsExitCode(r)).to.equal(1);
    const text = formatExpectations(r);
    expect(text).to.match(/FAIL {2}test\.accuracy >= 0\.9 +\(test\.accuracy = 0\.83\)/);
    expect(text).to.match(/PASS {2}epochs <= 10 +\(epochs = 10\)/);
  });

  it('fails a condition on a value the summary lacks, saying what is available', () => {
    const c = compileExpectations(['test.r2 > 0.5', 'baseline.test.accuracy < 1', 'test.acuracy > 0.5'], 'e');
    const r = checkExpectations(c, fakeSummary({ baseline: undefined }));
    expect(r.every((x) => !x.passed)).to.equal(true);
    expect(r[0].error).to.match(/`test.r2` is not in this run's summary.*Available: .*test\.accuracy/);
    expect(r[1].error).to.match(/`baseline.test.accuracy` is not in this run's summary/);
    expect(r[2].error).to.match(/Did you mean "test.accuracy"\?/);
  });

  it('fails a condition that is not true/false', () => {
    const r = checkExpectations(compileExpectations(['test.accuracy'], 'e'), fakeSummary());
    expect(r[0].passed).to.equal(false);
    expect(r[0].error).to.match(/must be a condition/);
  });

  it('NaN metrics (a diverged run) fail comparisons', () => {
    const s = fakeSummary({ status: 'diverged' });
    s.metrics.test.accuracy = NaN;
    const r = checkExpectations(compileExpectations(['test.accuracy >= 0', 'status == "completed"'], 'e'), s);
    expect(r.map((x) => x.passed)).to.deep.equal([false, false]);
  });
});
