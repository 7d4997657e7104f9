import { expect } from 'chai';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runRegression, formatRegressionTable, regressionExitCode, type RegressionRow } from '../../../src/app/regress/index.js';
import { createInProcessExecutor, type TrialExecutor } from '../../../src/app/run-pool/pool.js';
import { capture, fakeExecutor, tempDir, tinyExperiment } from '../sweep/fixtures.js';

/** A folder of experiment files: name → the `expect` block (or a whole document). */
function regressionDir(files: Record<string, string[] | object>): string {
  const dir = tempDir();
  for (const [name, spec] of Object.entries(files)) {
    const doc = Array.isArray(spec) ? { ...tinyExperiment, name, expect: spec } : spec;
    writeFileSync(join(dir, `${name}.json5`), JSON.stringify(doc));
  }
  return dir;
}

const run = (dir: string, out = capture(), executor: (parallel: number) => TrialExecutor = () => createInProcessExecutor()) =>
  runRegression(dir, { out, executor, runsRoot: join(dir, 'runs'), signal: new AbortController().signal });

describe('regress', function () {
  this.timeout(60_000);

  it('exit 0 when every expectation passes, with a table', async () => {
    const dir = regressionDir({ a: ['epochs == 3', 'status == "completed"'], b: ['test.accuracy >= 0'] });
    const out = capture();
    expect(await run(dir, out)).to.equal(0);
    expect(out.text()).to.match(/a\.json5 +PASS +2\/2/);
    expect(out.text()).to.match(/b\.json5 +PASS +1\/1/);
    expect(out.text()).to.match(/2 pass$/m);
  });

  it('exit 1 when one fails, showing the failing condition and its actual value', async () => {
    const dir = regressionDir({ a: ['epochs == 3'], b: ['epochs >= 4', 'test.accuracy >= 0'] });
    const out = capture();
    expect(await run(dir, out)).to.equal(1);
    expect(out.text()).to.match(/b\.json5 +FAIL +1\/2 .*epochs >= 4 \(epochs = 3\)/);
    expect(out.text()).to.match(/1 pass, 1 fail/);
  });

  it('exit 1 when a run breaks', async () => {
    const dir = regressionDir({ a: ['epochs == 3'] });
    const out = capture();
    const ex = fakeExecutor(() => ({ ok: false, error: 'Error: out of memory', user: false }));
    expect(await run(dir, out, ex.factory)).to.equal(1);
    expect(out.text()).to.match(/a\.json5 +ERROR .*out of memory/);
  });

  it('exit 2 for an invalid experiment, a refused expression or a missing expect, before training anything', async () => {
    const dir = regressionDir({
      good: ['epochs == 3'],
      refused: ['import({})'],
      none: [],
      schema: { ...tinyExperiment, name: 'schema', train: { eta: -1 }, expect: ['epochs > 0'] },
    });
    const ex = fakeExecutor(() => ({ ok: false, error: 'must not run', user: false }));
    const out = capture();
    expect(await run(dir, out, ex.factory)).to.equal(2);
    expect(ex.calls).to.have.length(0);
    const text = out.text();
    expect(text).to.match(/refused\.json5, expect\[0\].*calling `import` is not allowed/);
    expect(text).to.match(/none\.json5: a regression experiment needs an `expect` block/);
    expect(text).to.match(/schema\.json5: invalid experiment/);
    expect(text).to.match(/3 invalid/);
  });

  it('refuses a folder without experiments', async () => {
    let err: Error | undefined;
    try {
      await run(tempDir());
    } catch (e) {
      err = e as Error;
    }
    expect(err?.message).to.match(/holds no \.json5 experiment files/);
  });
});

describe('regress table and exit codes', () => {
  const row = (status: RegressionRow['status']): RegressionRow => ({ file: `${status}.json5`, status, seconds: 1, results: [] });
  it('0 all pass, 1 a failure, error or interruption, 2 anything invalid', () => {
    expect(regressionExitCode([row('pass'), row('pass')])).to.equal(0);
    expect(regressionExitCode([row('pass'), row('fail')])).to.equal(1);
    expect(regressionExitCode([row('error')])).to.equal(1);
    expect(regressionExitCode([row('interrupted')])).to.equal(1);
    expect(regressionExitCode([row('fail'), row('invalid')])).to.equal(2);
  });

  it('lists each experiment with its result', () => {
    const text = formatRegressionTable([row('pass'), { ...row('fail'), results: [{ expression: 'test.r2 > 0.9', passed: false, values: { 'test.r2': 0.85 } }] }]);
    expect(text).to.match(/pass\.json5 +PASS/);
    expect(text).to.match(/fail\.json5 +FAIL +0\/1 +1\.0s +test\.r2 > 0\.9 \(test\.r2 = 0\.85\)/);
  });
});

describe('the shipped regression experiments', () => {
  it('are valid and each has expectations (without training)', async () => {
    const ex = fakeExecutor(() => ({ ok: false, error: 'not run here', user: false }));
    const out = capture();
    // Every file loads and compiles; the fake executor then fails them (exit 1, not 2).
    expect(await runRegression('experiments/regression', { out, executor: ex.factory, runsRoot: join(tempDir(), 'runs'), signal: new AbortController().signal })).to.equal(1);
    expect(ex.calls.length).to.be.greaterThan(2);
  });
});
