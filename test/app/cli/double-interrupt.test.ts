/**
 * A second Ctrl-C while the first one's save is under way quits at the next turn of the event loop
 * (exit 130): the save is synchronous, so it finishes first and state/last.json is the interrupt's
 * state; what it leaves resumes to the same run, bit for bit. Real SIGINTs from the parent: the run's
 * own sink holds it at a step (first signal) and then inside the interrupt's state save (second
 * signal, with events.jsonl holding the state's line and state/last.json not yet written).
 */
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeStateFile } from '../../../src/train/training-state.js';
import { cliPath, root, runCli, tempDir, writeFile } from '../../helpers/cli.js';
import { runRecord } from '../../helpers/interrupt.js';

/**
 * Holds (blocks, says so on stderr) at step `at` and at the first state save after it, until the parent
 * acks. In between, each event takes 20 ms, so that the training loop yields (every 50 ms) and handles
 * the first signal well before the next check.
 */
const DOUBLE_SINK = `import { existsSync, writeSync } from 'node:fs';
export default function (options, context) {
  const ack = process.env.RNNFLOW_TEST_ACK;
  let stage = context.resuming || !ack ? 2 : 0;
  const cell = new Int32Array(new SharedArrayBuffer(4));
  const hold = (n) => {
    writeSync(2, 'HOLD' + n + '\\n');
    for (let waited = 0; waited < 30000 && !existsSync(ack + n); waited += 10) Atomics.wait(cell, 0, 0, 10);
  };
  return {
    name: 'double-ctrl-c',
    next(e) {
      if (stage === 1) Atomics.wait(cell, 0, 0, 20);
      if (stage === 0 && e.type === 'step' && e.iteration === options.at) { stage = 1; hold(1); }
      else if (stage === 1 && e.type === 'state') { stage = 2; hold(2); }
    },
    async close() {},
  };
}
`;

function runTwiceInterrupted(args: string[], ack: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], { cwd: root, env: { ...process.env, CI: 'true', RNNFLOW_TEST_ACK: ack }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`timed out\n${stderr}`)); }, 60_000);
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      for (const n of [1, 2]) {
        if (stderr.includes(`HOLD${n}`) && !existsSync(ack + n)) {
          child.kill('SIGINT');
          writeFileSync(ack + n, '');
        }
      }
    });
    child.on('error', reject);
    child.on('close', (code) => { clearTimeout(timer); resolveRun({ code, stderr }); });
  });
}

describe('a second Ctrl-C while the first is saving', function () {
  this.timeout(120_000);

  it('quits at once with exit 130, leaves a state that loads, and the run resumes bit for bit', async () => {
    const work = tempDir('rnnflow-double-');
    writeFile(work, 'double-sink.js', DOUBLE_SINK);
    const at = 12; // early in the second epoch: 10 batches an epoch, a check (and a state) at each epoch's end
    const file = writeFile(work, 'double.json', JSON.stringify({
      name: 'double', seed: 3,
      data: { name: 'echo', trainSamples: 40, validationSamples: 20, testSamples: 20 },
      model: { netType: 'regression', outputMode: 'last', hiddenSize: 3 },
      train: { optimizer: 'adam', eta: 0.02, batchSize: 4, maxEpochs: 4, checkpointEvery: 1 },
      sinks: ['jsonl', 'csv', 'checkpoint', 'summary', { module: './double-sink.js', options: { at } }],
    }));
    const refDir = join(work, 'reference');
    const ref = runCli(['exp', file, '--out', refDir]);
    expect(ref.code, ref.stderr).to.equal(0);

    const dir = join(work, 'interrupted');
    const r = await runTwiceInterrupted(['exp', file, '--out', dir], join(work, 'ack'));
    expect(r.code, r.stderr).to.equal(130);
    expect(r.stderr).to.match(/SIGINT: stopping after this batch/);
    // The second signal came inside the interrupt's state save (mid-epoch, before the check at 20):
    // that save finished (it is synchronous) and state/last.json is it; the process quit after it, with
    // or without reaching the summary (that depends on whether the loop turned before the end).
    const events = readFileSync(join(dir, 'events.jsonl'), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as { type: string; iteration?: number });
    const lastState = events.filter((e) => e.type === 'state').at(-1)!;
    expect(lastState.iteration).to.be.within(at, 19);
    const saved = decodeStateFile(readFileSync(join(dir, 'state', 'last.json'), 'utf8'));
    expect(saved.state.position.iteration).to.equal(lastState.iteration);
    // Either the loop turned before the end (the handler quit: it says so, no summary) or the run's
    // end came first (the summary says interrupted, and the signal had nothing left to stop).
    if (existsSync(join(dir, 'summary.json'))) expect(JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')).status).to.equal('interrupted');
    else expect(r.stderr).to.match(/SIGINT again: quitting at once\. The last saved state stays in state\/last\.json; rnnflow resume continues from it/);

    const resumed = runCli(['resume', dir]);
    expect(resumed.code, resumed.stderr).to.equal(0);
    const [got, want] = [runRecord(dir), runRecord(refDir)];
    for (const key of Object.keys(want)) expect(got[key], key).to.equal(want[key]);
  });
});
