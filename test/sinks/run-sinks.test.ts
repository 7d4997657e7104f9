/** Listing sinks only adds outputs: a run with a custom sink still has every file a run folder needs. */
import { expect } from 'chai';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runSinks, RUN_FOLDER_SINKS, DEFAULT_SINKS } from '../../src/sinks/index.js';
import { runCli, tempDir, tinyExperiment, writeFile } from '../helpers/cli.js';

describe('run sinks', () => {
  it('are the defaults without `sinks`, and the run folder\'s own plus the listed ones with it', () => {
    expect(runSinks(undefined)).to.deep.equal(DEFAULT_SINKS);
    expect(runSinks(['plot'])).to.deep.equal([...RUN_FOLDER_SINKS, 'plot']);
    const user = { module: './m.js', options: {} };
    expect(runSinks(['csv', user])).to.deep.equal(['jsonl', 'checkpoint', 'summary', 'csv', user]);
    // Listed in full, the order is the list's (a test sink may see events before jsonl does).
    expect(runSinks([user, 'summary', 'checkpoint', 'csv', 'jsonl'])).to.deep.equal([user, 'summary', 'checkpoint', 'csv', 'jsonl']);
  });

  it('a custom sink alone: params, metrics, events and summary are written, and eval works', () => {
    const dir = tempDir();
    writeFile(dir, 'count-sink.js', `import { writeFileSync } from 'node:fs';
export default function (options, context) {
  let n = 0;
  return { name: 'count', next() { n++; }, async close() { writeFileSync(context.runDir + '/count.txt', String(n)); } };
}`);
    const file = writeFile(dir, 'custom.json5', tinyExperiment({ sinks: [{ module: './count-sink.js' }] }));
    const out = join(dir, 'run');
    const r = runCli(['exp', file, '--out', out]);
    expect(r.code, r.stderr).to.equal(0);
    for (const f of ['events.jsonl', 'metrics.csv', 'summary.json', 'params/best.json', 'params/final.json', 'count.txt']) {
      expect(existsSync(join(out, f)), f).to.equal(true);
    }
    expect(Number(readFileSync(join(out, 'count.txt'), 'utf8'))).to.be.greaterThan(5);
    const e = runCli(['eval', out]);
    expect(e.code, e.stderr).to.equal(0);
  });
});
