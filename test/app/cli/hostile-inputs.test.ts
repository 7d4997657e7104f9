/**
 * The hostile inputs of issue 11, each through the CLI as a user meets it: exit 2, a message naming
 * the file and the place (field, row and column, tensor value) and what to do, no stack trace, and no
 * file of an existing run changed by the refusal.
 */
import { expect } from 'chai';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkSummaryPaths } from '../../../src/app/sweep/prepare.js';
import { loadSweepFile } from '../../../src/app/sweep/spec.js';
import { expandPoints } from '../../../src/app/search/index.js';
import { planTrials } from '../../../src/app/sweep/trials.js';
import { readJson5File } from '../../../src/config/load.js';
import { cliPath, root, runCli, tempDir, tinyExperiment, writeFile } from '../../helpers/cli.js';

const refused = (args: string[], pattern: RegExp) => {
  const r = runCli(args);
  expect(r.code, r.stderr + r.stdout).to.equal(2);
  expect(r.stderr).to.match(pattern);
  expect(r.stderr).not.to.match(/^\s+at /m);
  expect(r.stderr).not.to.match(/\bnull\b/);
  return r;
};

/** Every file of a folder with its bytes, to show that a refusal changed nothing. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[p.slice(dir.length)] = readFileSync(p, 'latin1');
    }
  };
  walk(dir);
  return out;
}

/** A small CSV time series (two features, one target in 0…100), deterministic. */
function csvText(rows = 60): string {
  const lines = ['a,b,y'];
  for (let i = 0; i < rows; i++) lines.push(`${(Math.sin(i) + 1).toFixed(4)},${(i % 7) / 7},${((i * 37) % 100).toFixed(1)}`);
  return lines.join('\n') + '\n';
}

const csvExperiment = (data: Record<string, unknown> = {}, model: Record<string, unknown> = {}, name = 'series') => tinyExperiment({
  name,
  data: { name: 'csv', file: 'series.csv', features: ['a', 'b'], target: 'y', timesteps: 3, ...data },
  model: { netType: 'regression', outputMode: 'last', hiddenSize: 3, ...model },
  train: { eta: 0.05, batchSize: 8, maxEpochs: 2 },
});

describe('hostile inputs are refused with the place and the fix (issue 11)', function () {
  this.timeout(120_000);
  const dir = tempDir();
  writeFile(dir, 'series.csv', csvText());

  it('non-finite numbers anywhere in an experiment: NaN and 1e309 class thresholds, eta 1e400 in the file or from --set', () => {
    // JSON5 reads NaN, and 1e309 / 1e400 as Infinity; each is named by its path, never shown as null.
    const nan = writeFile(dir, 'nan.json5', csvExperiment({ task: 'classes', classes: [12345] }, { netType: 'multiclass' }).replace('12345', 'NaN'));
    refused(['exp', nan], /nan\.json5: invalid experiment:\n {2}- data\.classes\[0\] is NaN; numbers here must be finite/);
    const inf = writeFile(dir, 'inf.json5', csvExperiment({ task: 'classes', classes: [50, 12345] }, { netType: 'multiclass' }).replace('12345', '1e309'));
    refused(['exp', inf], /data\.classes\[1\] is Infinity \(a literal such as 1e400 is beyond the largest number/);
    const eta = writeFile(dir, 'eta.json5', tinyExperiment({ train: { eta: 12345, batchSize: 8, maxEpochs: 1 } }).replace('12345', '1e400'));
    refused(['exp', eta], /train\.eta is Infinity/);
    const ok = writeFile(dir, 'ok.json5', tinyExperiment());
    refused(['exp', ok, '--set', 'train.eta=1e400'], /train\.eta is Infinity .*\(from --set train\.eta=1e400\)/);
    refused(['exp', ok, '--set', 'train.momentum=NaN'], /train\.momentum is NaN.*\(from --set train\.momentum=NaN\)/);
  });

  it('a classes task needs a classifier, a value task is no softmax', () => {
    const f = writeFile(dir, 'classes-regression.json5', csvExperiment({ task: 'classes', classes: [50] }));
    refused(['exp', f], /data\.task "classes" labels each window with a class, which a regression net .* set model\.netType to "multiclass"/);
    const g = writeFile(dir, 'pm25-class-regression.json5', tinyExperiment({
      data: { name: 'pm25', timesteps: 2, target: 'class' }, model: { netType: 'regression', outputMode: 'last', hiddenSize: 2 },
    }));
    refused(['validate', g], /data\.target "class" labels each window with a class/);
    const h = writeFile(dir, 'value-softmax.json5', csvExperiment({}, { netType: 'multiclass' }));
    refused(['validate', h], /a softmax over one output is always 1/);
  });

  it('sample counts have maxima, checked before anything is generated', () => {
    const echo = (data: Record<string, unknown>) => tinyExperiment({
      data: { name: 'echo', ...data }, model: { netType: 'regression', outputMode: 'last', hiddenSize: 2 },
    });
    refused(['validate', writeFile(dir, 'echo-huge.json5', echo({ trainSamples: 1e9 }))], /data\.trainSamples is 1000000000; it must be <= 1000000/);
    refused(['validate', writeFile(dir, 'echo-long.json5', echo({ trainSamples: 1e6, timesteps: 100 }))],
      /\(trainSamples \+ validationSamples \+ testSamples\) × timesteps is 100010000, more than 50000000 values/);
  });

  it('empty, header-only and garbled CSV files name the file and the row', () => {
    writeFile(dir, 'empty.csv', '');
    writeFile(dir, 'header.csv', 'a,b,y\n');
    writeFile(dir, 'ragged.csv', 'a,b,y\n1,2,3\n4,5\n');
    writeFile(dir, 'inf.csv', csvText(20).replace(/\n(.*?),(.*?),(.*?)\n/, '\n$1,$2,1e309\n'));
    refused(['validate', writeFile(dir, 'e1.json5', csvExperiment({ file: 'empty.csv' }))], /empty\.csv: the file is empty; expected a header row and data rows/);
    refused(['validate', writeFile(dir, 'e2.json5', csvExperiment({ file: 'header.csv' }))], /header\.csv: too few rows .* 0 data rows/);
    refused(['validate', writeFile(dir, 'e3.json5', csvExperiment({ file: 'ragged.csv' }))], /ragged\.csv, row 3: malformed row: 2 cells where the header has 3/);
    refused(['validate', writeFile(dir, 'e4.json5', csvExperiment({ file: 'inf.csv' }))], /inf\.csv, row 2, column "y": "1e309" is beyond the largest number/);
  });

  describe('damaged files of a finished run', () => {
    const run = join(dir, 'run');
    before(() => {
      const r = runCli(['exp', writeFile(dir, 'good.json5', csvExperiment()), '--out', run]);
      expect(r.code, r.stderr).to.equal(0);
    });
    const copyRun = (name: string) => {
      const d = join(dir, name);
      cpSync(run, d, { recursive: true });
      return d;
    };

    it('a parameter value 1e999 (read as Infinity) names the tensor, the value and what to use instead; eval, predict and export refuse it', () => {
      const d = copyRun('inf-params');
      const file = join(d, 'params', 'best.json');
      writeFileSync(file, readFileSync(file, 'utf8').replace(/("W":\{"shape":\[\d+,\d+\],"values":\[[^,]+,)[^,]+/, '$11e999'));
      const before = snapshot(d);
      const message = /params\/best\.json: tensor W value 1 \(row 0, column 1\) is Infinity .*use another \(params\/best\.json, params\/final\.json\) or train again/;
      refused(['eval', d], message);
      refused(['predict', d, '--input', join(dir, 'series.csv')], message);
      refused(['export', d, '--out', join(dir, 'inf.safetensors')], message);
      expect(snapshot(d)).to.deep.equal(before);
    });

    it('truncated and garbled parameter files say so and name the file', () => {
      const d = copyRun('cut-params');
      writeFileSync(join(d, 'params', 'best.json'), readFileSync(join(d, 'params', 'best.json'), 'utf8').slice(0, 100));
      refused(['eval', d], /params\/best\.json: not valid JSON, the file may be truncated/);
      writeFileSync(join(d, 'params', 'final.json'), '{"format":"rnnflow-params","version":2,"spec":{}}');
      refused(['eval', d, '--params', 'final'], /params\/final\.json: bad spec/);
    });

    it('a truncated, garbled or incomplete state file refuses resume and leaves every file as it was', () => {
      const cases: [string, (text: string) => string, RegExp][] = [
        ['cut', (t) => t.slice(0, 200), /state\/last\.json: not valid JSON, the file may be truncated/],
        ['foreign', () => '{"format":"something-else"}', /state\/last\.json: not an rnnflow training state/],
        ['incomplete', (t) => { const o = JSON.parse(t); delete o.state.optimizer; return JSON.stringify(o); }, /state\/last\.json: the training state is incomplete/],
      ];
      for (const [name, damage, message] of cases) {
        const d = copyRun(`state-${name}`);
        rmSync(join(d, 'summary.json')); // as if killed: a run without a summary can be resumed
        const file = join(d, 'state', 'last.json');
        writeFileSync(file, damage(readFileSync(file, 'utf8')));
        const before = snapshot(d);
        refused(['resume', d], message);
        expect(snapshot(d), name).to.deep.equal(before);
      }
    });
  });

  describe('sweeps are checked before any trial runs', () => {
    const sweep = (name: string, text: string) => writeFile(dir, `${name}.json5`, text);
    const nothingRan = (out: string) => expect(() => readdirSync(out)).to.throw(/ENOENT/);
    before(() => writeFile(dir, 'base.json5', csvExperiment()));

    it('a ranking metric or expect path that no trial summary will have, with "did you mean"', () => {
      const out = join(dir, 'sweeps-metric');
      const a = sweep('typo-metric', `{ base: 'base.json5', parameters: { 'train.eta': [0.05, 0.1] }, metric: 'test.r3', goal: 'max', outDir: '${out}' }`);
      refused(['sweep', a, '--plain'], /typo-metric\.json5: invalid sweep \(nothing has run\):\n {2}- metric: `test\.r3` will not be in the summary of a regression net on csv data\. Did you mean "test\.r2"\? Available: .*bestParams\.test\.r2/);
      const b = sweep('wrong-kind', `{ base: 'base.json5', parameters: { 'train.eta': [0.05] }, metric: 'test.r2', goal: 'max', expect: ['bestParams.test.accuracy > 0.5'], outDir: '${out}' }`);
      refused(['sweep', b, '--plain'], /expect\[0\]: `bestParams\.test\.accuracy` will not be in the summary of a regression net/);
      nothingRan(out);
    });

    it('an expression over k: [0, 1e10] is refused by its size at once; non-finite values by their path', () => {
      const out = join(dir, 'sweeps-size');
      const a = sweep('huge-k', `{ base: 'base.json5', method: 'random', trials: 2, parameters: { 'train.eta': { expression: '0.1 * 2^-k', k: [0, 1e10] } }, metric: 'test.r2', goal: 'max', outDir: '${out}' }`);
      refused(['sweep', a, '--plain'], /parameters\."train\.eta": k \[0, 10000000000\] gives 10000000001 values, more than 100000/);
      const b = sweep('inf-value', `{ base: 'base.json5', parameters: { 'train.eta': [0.1, 1e999] }, metric: 'test.r2', goal: 'max', outDir: '${out}' }`);
      refused(['sweep', b, '--plain'], /parameters\."train\.eta"\[1\] is Infinity/);
      nothingRan(out);
    });

    it('a sweep folder that cannot be made is exit 2 naming the path (no stack trace)', () => {
      const file = writeFile(dir, 'a-file', 'not a folder');
      const a = sweep('fine', `{ base: 'base.json5', parameters: { 'train.eta': [0.05] }, metric: 'test.r2', goal: 'max' }`);
      refused(['sweep', a, '--out', file, '--plain'], /a-file: cannot create the sweep folder \(ENOTDIR/);
    });

    it('a sweep folder that cannot be written (read-only, as another user) ends with the path and cause, exit 1, no stack trace', () => {
      const out = join(dir, 'sweep-ro');
      const a = sweep('ro', `{ base: 'base.json5', parameters: { 'train.eta': [0.05] }, metric: 'test.r2', goal: 'max' }`);
      const done = runCli(['sweep', a, '--out', out, '--plain']);
      expect(done.code, done.stderr).to.equal(0);
      chmodSync(dir, 0o755);
      for (const p of [out, ...readdirSync(out, { recursive: true }).map((f) => join(out, String(f)))]) chmodSync(p, statSync(p).isDirectory() ? 0o755 : 0o644);
      const r = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, cliPath, 'sweep', '--resume', out, '--plain'],
        { cwd: root, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
      expect(r.status, r.stderr).to.equal(1);
      // Its first write is the sweep folder's lock.
      expect(r.stderr).to.match(/EACCES: permission denied, open '[^']*sweep-ro\/run\.lock' \(EACCES: free space, or make the folder writable, then run again with --resume\)/);
      expect(r.stderr).not.to.match(/^\s+at /m);
    });

    it('one process per sweep folder: a second sweep --resume refuses while the first lives, naming its pid', async () => {
      writeFile(dir, 'slow.json5', tinyExperiment({
        name: 'slow', data: { name: 'echo', trainSamples: 5000 }, model: { netType: 'regression', outputMode: 'last', hiddenSize: 8 },
        train: { eta: 0.01, batchSize: 1, maxEpochs: 1000 },
      }));
      const out = join(dir, 'sweep-live');
      const a = sweep('live', `{ base: 'slow.json5', parameters: { seed: [1] }, metric: 'test.r2', goal: 'max', parallel: 1 }`);
      const first = spawn(process.execPath, [cliPath, 'sweep', a, '--out', out, '--plain'], { cwd: root, env: { ...process.env, CI: 'true' }, stdio: 'ignore' });
      try {
        for (let waited = 0; !existsSync(join(out, 'trials')) && waited < 60_000; waited += 100) await new Promise((r) => setTimeout(r, 100));
        expect(existsSync(join(out, 'run.lock')), 'the sweep folder is locked').to.equal(true);
        refused(['sweep', '--resume', out, '--plain'], new RegExp(`sweep-live: another rnnflow process \\(pid ${first.pid}\\) is writing this sweep folder`));
      } finally {
        first.kill('SIGKILL');
        await new Promise((r) => first.on('close', r));
      }
    });

    it('the shipped sweeps pass the summary path check', () => {
      for (const f of ['minus-random.json5', 'pm25-hidden.json5', 'search/grid.json5', 'search/tpe-asha.json5']) {
        const spec = loadSweepFile(join('experiments/sweeps', f));
        const { trials } = planTrials(expandPoints(spec).points, readJson5File(spec.base) as object, { file: spec.base, baseDir: join(spec.base, '..') });
        expect(() => checkSummaryPaths(spec, trials.flatMap((t) => (t.experiment ? [t.experiment] : []))), f).not.to.throw();
      }
    });
  });
});
