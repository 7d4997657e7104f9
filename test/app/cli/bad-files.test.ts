import { expect } from 'chai';
import { runCli, tempDir, tinyExperiment, writeFile } from '../../helpers/cli.js';

/** Every class of bad experiment: exit code 2, a message naming the file and the fix, no stack trace. */
describe('bad experiment files fail before training with an actionable message', () => {
  const dir = tempDir();
  const check = (args: string[], pattern: RegExp) => {
    // From a temporary folder: a run that fails at its sinks has made its folder under ./runs already.
    const r = runCli(args, { cwd: dir });
    expect(r.code, r.stderr).to.equal(2);
    expect(r.stderr).to.match(pattern);
    expect(r.stderr).not.to.match(/^\s+at /m);
    return r;
  };

  it('a JSON5 syntax error gives the file, line and column', () => {
    const f = writeFile(dir, 'syntax.json5', '{\n  name: "x",\n  data: { name: "minus" }\n  model: {}\n}\n');
    check(['exp', f], new RegExp(`${f}:4:3: JSON5 syntax error`));
  });

  it('a misspelled key gets "did you mean", with the path and what is allowed', () => {
    const f = writeFile(dir, 'typo.json5', tinyExperiment({ train: { eta: 0.1, batchsize: 8 } }));
    check(['exp', f], /unknown key "batchsize" in train; did you mean "batchSize"\? Allowed: eta, etaSchedule/);
  });

  it('a value of the wrong type or range names the path, the value and what is allowed', () => {
    const f = writeFile(dir, 'type.json5', tinyExperiment({ train: { eta: 'fast' } }));
    check(['exp', f], /train\.eta is "fast" \(string\); it must be of type number/);
    const g = writeFile(dir, 'range.json5', tinyExperiment({ train: { batchSize: 0 } }));
    check(['exp', g], /train\.batchSize is 0; it must be >= 1/);
    const h = writeFile(dir, 'enum.json5', tinyExperiment({ model: { netType: 'binery', outputMode: 'each' } }));
    check(['exp', h], /model\.netType is "binery"; allowed: "regression", "binary", "multiclass"\. Did you mean "binary"\?/);
  });

  it('a missing data file gives its resolved path', () => {
    const f = writeFile(dir, 'nodata.json5', tinyExperiment({
      data: { name: 'csv', file: 'nowhere.csv', features: ['a'], target: 'a' },
      model: { netType: 'regression', outputMode: 'last' },
    }));
    check(['exp', f], new RegExp(`${dir}/nowhere\\.csv`));
  });

  it('--set values are type-checked like the file', () => {
    const f = writeFile(dir, 'ok.json5', tinyExperiment());
    check(['exp', f, '--set', 'train.maxEpochs=many'], /train\.maxEpochs is "many".*\(from --set train\.maxEpochs=many\)/);
    check(['exp', f, '--set', 'train.maxepochs=3'], /unknown key "maxepochs" in train; did you mean "maxEpochs"\?/);
  });

  it('a refused expect expression stops before training', () => {
    const f = writeFile(dir, 'expect.json5', tinyExperiment({ expect: ['import({})'] }));
    check(['exp', f], /expect\[0\]/);
  });

  it('a user sink module that is missing or exports no sink is an error before training', () => {
    const f = writeFile(dir, 'sink1.json5', tinyExperiment({ sinks: [{ module: './absent-sink.js' }] }));
    check(['exp', f], /module "\.\/absent-sink\.js" not found at .*absent-sink\.js/);
    writeFile(dir, 'empty-sink.js', 'export const nothing = 1;\n');
    const g = writeFile(dir, 'sink2.json5', tinyExperiment({ sinks: [{ module: './empty-sink.js' }] }));
    check(['exp', g], /must export a factory/);
  });

  it('validate checks without training and exits 0 for a good file', () => {
    const f = writeFile(dir, 'good.json5', tinyExperiment());
    const r = runCli(['validate', f]);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout).to.match(/valid\. minus data: 136 train/);
  });
});
