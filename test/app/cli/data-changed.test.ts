/**
 * eval and resume read the data again from its path: when the file changed since the run trained on
 * it, they say so with both content hashes instead of reporting (or training on) other data.
 */
import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempDir, tinyExperiment, writeFile } from '../../helpers/cli.js';

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('a data file that changed since the run', function () {
  this.timeout(120_000);
  const dir = tempDir();
  const data = join(dir, 'series.csv');
  const run = join(dir, 'run');
  const rows = ['a,y', ...Array.from({ length: 40 }, (_, i) => `${(i % 5) / 5},${(i * 13) % 50}`)];

  before(() => {
    writeFileSync(data, rows.join('\n') + '\n');
    const file = writeFile(dir, 'series.json5', tinyExperiment({
      name: 'series',
      data: { name: 'csv', file: 'series.csv', features: ['a'], target: 'y', timesteps: 2 },
      model: { netType: 'regression', outputMode: 'last', hiddenSize: 2 },
      train: { eta: 0.05, batchSize: 8, maxEpochs: 2 },
    }));
    const r = runCli(['exp', file, '--out', run]);
    expect(r.code, r.stderr).to.equal(0);
  });

  it('run.json records the SHA-256 of the data file', () => {
    expect(JSON.parse(readFileSync(join(run, 'run.json'), 'utf8')).dataSha256).to.equal(sha256(data));
  });

  it('eval refuses, naming the file and both hashes; --allow-changed-data evaluates with a note', () => {
    const same = runCli(['eval', run]);
    expect(same.code, same.stderr).to.equal(0);
    const before = sha256(data);
    writeFileSync(data, [...rows.slice(0, 30), '0.5,49', ...rows.slice(31)].join('\n') + '\n');
    const after = sha256(data);
    const r = runCli(['eval', run]);
    expect(r.code, r.stderr).to.equal(2);
    expect(r.stderr).to.include(`the data file series.csv has changed since this run trained on it (sha256 then ${before.slice(0, 16)}…, now ${after.slice(0, 16)}…`);
    expect(r.stderr).to.match(/add --allow-changed-data/);
    expect(r.stdout).to.equal('');
    const anyway = runCli(['eval', run, '--allow-changed-data']);
    expect(anyway.code, anyway.stderr).to.equal(0);
    expect(anyway.stderr).to.match(/note: the data file .* has changed/);
    expect(anyway.stdout).to.match(/best parameters, test split/);
    writeFileSync(data, rows.join('\n') + '\n');
  });

  it('resume refuses to continue on other data unless --force, and changes no file', () => {
    const killed = join(dir, 'killed');
    cpSync(run, killed, { recursive: true });
    rmSync(join(killed, 'summary.json')); // as if killed: no summary
    writeFileSync(data, rows.join('\n') + '\n1,1\n');
    const events = readFileSync(join(killed, 'events.jsonl'), 'utf8');
    const r = runCli(['resume', killed]);
    expect(r.code, r.stderr).to.equal(2);
    expect(r.stderr).to.match(/the data file series\.csv now has sha256 [0-9a-f]{12}, the run started on [0-9a-f]{12}\. Resume with --force/);
    expect(readFileSync(join(killed, 'events.jsonl'), 'utf8')).to.equal(events);
    writeFileSync(data, rows.join('\n') + '\n');
  });
});
