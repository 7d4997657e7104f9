/**
 * rnnflow resume, with real signals to child processes at seeded moments: a resumed run ends with the
 * same parameters, metrics.csv, summary and events (timing aside) as the same run uninterrupted.
 */
import { expect } from 'chai';
import { appendFileSync, cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Random } from '../../../src/core/random.js';
import { runCli, tempDir } from '../../helpers/cli.js';
import { interruptibleExperiment, runChild, runRecord, type Interrupt } from '../../helpers/interrupt.js';

const rng = new Random(2026, 'resume-test');

const echo = (name: string, train: Record<string, unknown>) => ({
  name, seed: 5,
  data: { name: 'echo', trainSamples: 40, validationSamples: 20, testSamples: 20 },
  model: { netType: 'regression', outputMode: 'last', hiddenSize: 3 },
  // 10 batches an epoch, 60 in all, a check (and a state) at every epoch's end
  train: { eta: 0.05, batchSize: 4, maxEpochs: 6, checkpointEvery: 1, ...train },
});

/** The uninterrupted reference run and a folder for the interrupted one. */
async function reference(doc: Record<string, unknown>): Promise<{ file: string; refDir: string; dir: string }> {
  const work = tempDir('rnnflow-resume-');
  const file = interruptibleExperiment(work, doc);
  const refDir = join(work, 'reference');
  const ref = await runChild(['exp', file, '--out', refDir]);
  expect(ref.code, ref.stderr).to.equal(0);
  return { file, refDir, dir: join(work, 'interrupted') };
}

/** Starts the run, interrupts it at each point in turn (resuming in between), then resumes it to its end. */
async function interruptAndResume(file: string, dir: string, points: Interrupt[], threads: (string | undefined)[] = [], started = false): Promise<void> {
  for (let i = 0; i <= points.length; i++) {
    const threadArgs = threads[i] ? ['--threads', threads[i]!] : [];
    const args = i === 0 && !started ? ['exp', file, '--out', dir, ...threadArgs] : ['resume', dir, ...threadArgs];
    const r = await runChild(args, points[i]);
    const what = `${args.join(' ')} ${JSON.stringify(points[i] ?? 'to the end')}`;
    if (i === points.length) {
      expect(r.code, `${what}\n${r.stderr}`).to.equal(0);
    } else if (points[i].signal === 'SIGKILL') {
      expect(r.signal, `${what}: killed\n${r.stderr}`).to.equal('SIGKILL');
    } else {
      expect(r.code, `${what}: interrupted\n${r.stderr}`).to.equal(130);
      expect(JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')).status).to.equal('interrupted');
    }
  }
}

const expectSameRun = (dir: string, refDir: string) => {
  expect(readFileSync(join(dir, 'events.jsonl'), 'utf8')).to.match(/^\{"type":"resume",/m);
  const [got, want] = [runRecord(dir), runRecord(refDir)];
  for (const key of Object.keys(want)) expect(got[key], key).to.equal(want[key]);
};

describe('rnnflow resume: the same run, bit for bit, with real signals', function () {
  this.timeout(120_000);

  it('sgd: Ctrl-C at two seeded iterations, resumed each time', async () => {
    const { file, refDir, dir } = await reference(echo('sgd', { optimizer: 'sgd' }));
    const a = rng.int(2, 25);
    const b = rng.int(a + 5, 50);
    await interruptAndResume(file, dir, [
      { where: 'first', type: 'step', iteration: a, signal: 'SIGINT' },
      { where: 'first', type: 'step', iteration: b, signal: 'SIGINT' },
    ]);
    expectSameRun(dir, refDir);
  });

  it('momentum: kill -9 mid-epoch, during a validation check and during a state save', async () => {
    const { file, refDir, dir } = await reference(echo('momentum', { optimizer: 'momentum', eta: 0.02 }));
    const mid = rng.int(11, 19);
    const check = 10 * rng.int(3, 4);
    await interruptAndResume(file, dir, [
      { where: 'first', type: 'step', iteration: mid, signal: 'SIGKILL' },
      { where: 'first', type: 'eval', iteration: check, signal: 'SIGKILL' },
      { where: 'last', type: 'state', iteration: check + 10, signal: 'SIGKILL' },
    ]);
    expectSameRun(dir, refDir);
  });

  it('adam, a state after every batch, each part with another --threads (1, 2, 3, 1)', async () => {
    // 80 samples in batches of 40 (two row blocks, so threads split them): 2 batches an epoch, 30 in all.
    const doc = echo('adam', { optimizer: 'adam', eta: 0.01, batchSize: 40, maxEpochs: 15, saveStateEvery: 0 });
    const { file, refDir, dir } = await reference({ ...doc, data: { name: 'echo', trainSamples: 80, validationSamples: 20, testSamples: 20 } });
    const [s1, s2] = [rng.int(3, 9), rng.int(12, 19)];
    await interruptAndResume(file, dir, [
      { where: 'first', type: 'step', iteration: s1, signal: 'SIGKILL' },
      { where: 'last', type: 'state', iteration: s2, signal: 'SIGKILL' },
      { where: 'first', type: 'eval', iteration: 2 * rng.int(11, 13), signal: 'SIGKILL' },
    ], ['1', '2', '3', '1']);
    expectSameRun(dir, refDir);
  });

  it('patience: early stopping that fires after the resume', async () => {
    const doc = echo('patience', { optimizer: 'momentum', eta: 0.3, etaSchedule: 'eta * 0.5^epoch', maxEpochs: 40, patience: 2, minDelta: 0.01 });
    const { file, refDir, dir } = await reference(doc);
    const summary = JSON.parse(readFileSync(join(refDir, 'summary.json'), 'utf8'));
    expect(summary.status).to.equal('early-stopped');
    const stop: number = summary.iterations;
    expect(stop).to.be.greaterThan(30);
    await interruptAndResume(file, dir, [
      { where: 'last', type: 'state', iteration: stop - 20, signal: 'SIGKILL' },
      { where: 'first', type: 'step', iteration: stop - rng.int(1, 9), signal: 'SIGKILL' },
    ]);
    expectSameRun(dir, refDir);
  });

  it('PM2.5 feedback training: kill -9 after a roll-out, then SIGTERM', async () => {
    const { file, refDir, dir } = await reference({
      name: 'feedback', seed: 2,
      data: { name: 'pm25', target: 'value', timesteps: 2, validation: { method: 'holdout', size: 200 }, feedbackTraining: { every: 1, steps: 1 } },
      model: { netType: 'regression', outputMode: 'last', hiddenSize: 2 },
      // 18 batches an epoch; roll-outs at the starts of epochs 2 and 3
      train: { eta: 0.01, optimizer: 'adam', batchSize: 4096, maxEpochs: 3, checkpointEvery: 1 },
    });
    await interruptAndResume(file, dir, [
      { where: 'first', type: 'step', iteration: rng.int(19, 35), signal: 'SIGKILL' },
      { where: 'first', type: 'step', iteration: rng.int(37, 50), signal: 'SIGTERM' },
    ]);
    expectSameRun(dir, refDir);
  });

  it('a torn last line of events.jsonl (kill -9 while it was written) is cut on resume', async () => {
    const { file, refDir, dir } = await reference(echo('torn', { optimizer: 'sgd', saveStateEvery: 0 }));
    const first = await runChild(['exp', file, '--out', dir], { where: 'last', type: 'state', iteration: rng.int(5, 30), signal: 'SIGKILL' });
    expect(first.signal).to.equal('SIGKILL');
    appendFileSync(join(dir, 'events.jsonl'), '{"type":"step","epoch":3.1,"itera');
    await interruptAndResume(file, dir, [{ where: 'first', type: 'eval', iteration: 50, signal: 'SIGKILL' }], [], true);
    expectSameRun(dir, refDir);
    for (const line of readFileSync(join(dir, 'events.jsonl'), 'utf8').trimEnd().split('\n')) JSON.parse(line);
  });

  it('refuses a finished run, another experiment or another code version (unless --force), saying which', async () => {
    const { file, dir } = await reference(echo('refuse', { optimizer: 'sgd' }));
    expect((await runChild(['exp', file, '--out', dir], { where: 'last', type: 'state', iteration: 30, signal: 'SIGKILL' })).signal).to.equal('SIGKILL');
    const edited = `${dir}-edited`;
    cpSync(dir, edited, { recursive: true });
    const resolved = join(edited, 'experiment.resolved.json');
    writeFileSync(resolved, readFileSync(resolved, 'utf8').replace('"eta": 0.05', '"eta": 0.06'));
    const refused = runCli(['resume', edited]);
    expect(refused.code).to.equal(2);
    expect(refused.stderr).to.match(/experiment\.resolved\.json \(identity \w+\) is not the experiment that wrote the state .*--force/);
    expect(runCli(['resume', edited, '--force']).code).to.equal(0);

    const stateFile = join(dir, 'state', 'last.json');
    const state = readFileSync(stateFile, 'utf8');
    writeFileSync(stateFile, state.replace(/"codeVersion":"\w+"/, '"codeVersion":"000000000000"'));
    const other = runCli(['resume', dir]);
    expect(other.code).to.equal(2);
    expect(other.stderr).to.match(/written by code version 000000000000, this rnnflow is \w+/);
    writeFileSync(stateFile, state);
    expect(runCli(['resume', dir]).code).to.equal(0);
    const finished = runCli(['resume', dir]);
    expect(finished.code).to.equal(2);
    expect(finished.stderr).to.match(/ended with status completed/);
  });

  it('one writer per run folder: a second exp or resume refuses while the run lives; its stale lock is taken over after kill -9', async () => {
    const { file, refDir, dir } = await reference(echo('lock', { optimizer: 'sgd' }));
    const tries: { code: number; stderr: string }[] = [];
    const first = await runChild(['exp', file, '--out', dir], {
      where: 'first', type: 'step', iteration: 25, signal: 'SIGKILL',
      whileHeld: () => { tries.push(runCli(['resume', dir]), runCli(['exp', file, '--out', dir])); },
    });
    expect(first.signal).to.equal('SIGKILL');
    for (const t of tries) {
      expect(t.code).to.equal(2);
      expect(t.stderr).to.match(/another rnnflow process \(pid \d+\) is writing this run folder/);
    }
    expect(readFileSync(join(dir, 'run.lock'), 'utf8')).to.match(/^\d+\n$/);
    expect(runCli(['resume', dir]).code).to.equal(0);
    expectSameRun(dir, refDir);
  });
});
