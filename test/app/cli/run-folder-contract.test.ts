/** What every run folder records for other readers: the engine's code version and the experiment's identity. */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { codeVersion } from '../../../src/core/code-version.js';
import { experimentIdentity } from '../../../src/config/identity.js';
import { runCli, tempDir, tinyExperiment, writeFile } from '../../helpers/cli.js';

describe('the run folder records', () => {
  it('the code version (summary.json, run.json, the start event) and the experiment id (run.json)', () => {
    const dir = tempDir();
    const file = writeFile(dir, 'tiny.json5', tinyExperiment());
    const out = join(dir, 'run');
    const r = runCli(['exp', file, '--out', out]);
    expect(r.code, r.stderr).to.equal(0);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    const run = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'));
    const start = JSON.parse(readFileSync(join(out, 'events.jsonl'), 'utf8').split('\n')[0]);
    expect(start.type).to.equal('start');
    for (const v of [summary.codeVersion, run.codeVersion, start.codeVersion]) expect(v).to.equal(codeVersion());
    const resolved = JSON.parse(readFileSync(join(out, 'experiment.resolved.json'), 'utf8'));
    expect(run.experimentId).to.equal(experimentIdentity(resolved));
  });
});
