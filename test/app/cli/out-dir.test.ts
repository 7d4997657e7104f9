import { expect } from 'chai';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempDir, tinyExperiment, writeFile } from '../../helpers/cli.js';

describe('exp --out into a folder that holds another run', () => {
  it('refuses, naming what is there; --overwrite replaces that run entirely', () => {
    const dir = tempDir();
    const file = writeFile(dir, 'tiny.json5', tinyExperiment({ sinks: ['jsonl', 'csv', 'checkpoint', 'summary', 'plot'] }));
    const out = join(dir, 'run');
    expect(runCli(['exp', file, '--out', out, '--seed', '3']).code).to.equal(0);
    const refused = runCli(['exp', file, '--out', out]);
    expect(refused.code).to.equal(2);
    expect(refused.stderr).to.match(/run: holds another run \(experiment\.resolved\.json, .*params.*\); choose another --out, or add --overwrite/);

    expect(runCli(['exp', file, '--out', out, '--overwrite', '--set', 'sinks=["checkpoint","summary"]']).code).to.equal(0);
    const fresh = join(dir, 'fresh');
    expect(runCli(['exp', file, '--out', fresh, '--set', 'sinks=["checkpoint","summary"]']).code).to.equal(0);
    expect(readFileSync(join(out, 'params', 'final.json'), 'utf8')).to.equal(readFileSync(join(fresh, 'params', 'final.json'), 'utf8'));
    // The old run's files are gone: plots (not listed this time), and events.jsonl (always written) is the new run's alone.
    expect(existsSync(join(out, 'plots')), 'plots').to.equal(false);
    const events = readFileSync(join(out, 'events.jsonl'), 'utf8');
    expect(events.match(/"type":"start"/g), 'one start event').to.have.length(1);
    expect(events).to.not.match(/"seed":3\b/);
  });
});
