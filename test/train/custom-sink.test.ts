import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadExperimentFile } from '../../src/app/experiment-file.js';
import { executeRun } from '../../src/app/execute.js';
import type { RunEvent } from '../../src/events/run-event.js';
import { tempDir, tinyExperiment, writeFile } from '../helpers/cli.js';

describe('a user sink module', () => {
  it('is loaded from the experiment file\'s folder, gets its options and receives every event', async () => {
    const dir = tempDir();
    writeFile(dir, 'my-sink.js', `
      import { writeFileSync } from 'node:fs';
      export default function (options, context) {
        const seen = [];
        return {
          name: 'mine',
          next(event) { seen.push(event.type); },
          async close() { writeFileSync(options.file, JSON.stringify({ seen, runDir: context.runDir })); },
        };
      }
    `);
    const file = writeFile(dir, 'exp.json5', tinyExperiment({ sinks: [{ module: './my-sink.js', options: { file: join(dir, 'seen.json') } }] }));
    const { experiment, source } = loadExperimentFile(file);
    const all: RunEvent[] = [];
    const { runDir } = await executeRun(experiment, source, {
      outDir: join(dir, 'run'), extraSinks: [{ name: 'all', next: (e) => { all.push(e); }, close: async () => {} }],
    });
    const recorded = JSON.parse(readFileSync(join(dir, 'seen.json'), 'utf8'));
    expect(recorded.runDir).to.equal(runDir);
    expect(recorded.seen).to.deep.equal(all.map((e) => e.type));
    expect(recorded.seen[0]).to.equal('start');
    expect(recorded.seen.at(-1)).to.equal('end');
  });
});

import { runCli } from '../helpers/cli.js';

describe('a sink that fails', () => {
  it('does not stop the other sinks, and the run exits 1 naming the sink, without a stack trace', () => {
    const dir = tempDir();
    writeFile(dir, 'bad-sink.js', `
      export default function () {
        return { name: 'bad', next() {}, async close() { throw new Error('disk full'); } };
      }
    `);
    const file = writeFile(dir, 'exp.json5', tinyExperiment({ sinks: ['summary', { module: './bad-sink.js' }] }));
    const out = join(dir, 'run');
    const r = runCli(['exp', file, '--out', out]);
    expect(r.code).to.equal(1);
    expect(r.stderr).to.match(/sink \.\/bad-sink\.js failed to close: disk full|sink bad failed to close: disk full/);
    expect(r.stderr).not.to.match(/^\s+at /m);
    expect(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')).status).to.equal('completed');
  });
});
