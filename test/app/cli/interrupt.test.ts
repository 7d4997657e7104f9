import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadParams } from '../../../src/model/param-file.js';
import { cliPath, root, tempDir, writeFile } from '../../helpers/cli.js';

describe('Ctrl-C during a run', () => {
  it('saves a loadable interrupted checkpoint, completes events.jsonl and exits 130', async () => {
    const dir = tempDir();
    const file = writeFile(dir, 'long.json5', JSON.stringify({
      name: 'long', seed: 1,
      data: { name: 'echo', trainSamples: 2000, validationSamples: 50, testSamples: 50 },
      model: { netType: 'regression', outputMode: 'last', hiddenSize: 8 },
      train: { eta: 0.05, batchSize: 1, maxEpochs: 100000 },
    }));
    const out = join(dir, 'run');
    const child = spawn(process.execPath, [cliPath, 'exp', file, '--out', out], { cwd: root, env: { ...process.env, CI: 'true' } });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const code = await new Promise<number | null>((resolve) => {
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
        // Interrupt once training is under way (after the first per-epoch check line).
        if (/^epoch 1\.00/m.test(stdout) && !child.killed) child.kill('SIGINT');
      });
      child.on('close', (c) => resolve(c));
    });
    expect(code, stdout).to.equal(130);
    const lines = readFileSync(join(out, 'events.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines[0].type).to.equal('start');
    expect(lines.at(-1)).to.deep.include({ type: 'end', status: 'interrupted' });
    expect(lines.some((e) => e.type === 'checkpoint' && e.kind === 'interrupted')).to.equal(true);
    const params = loadParams(join(out, 'params', 'interrupted.json'));
    expect(params.flat.every(Number.isFinite)).to.equal(true);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary.status).to.equal('interrupted');
    // It ends with the command that continues it, as a sweep's Ctrl-C does.
    expect(stderr.trimEnd().split('\n').at(-1)).to.equal(`to continue: npx rnnflow resume ${out}`);
  });
});
