import { expect } from 'chai';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
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

import { runRecord } from '../helpers/interrupt.js';

describe('what a user sink cannot do', function () {
  this.timeout(120_000);

  it('a close() that never settles (and a timer that keeps the process alive) misses its deadline: named, exit 1, files complete', () => {
    const dir = tempDir();
    writeFile(dir, 'hang-sink.js', `
      export default function () {
        return { name: 'hang', next() {}, close() { setInterval(() => {}, 1000); return new Promise(() => {}); } };
      }
    `);
    const file = writeFile(dir, 'exp.json5', tinyExperiment({ sinks: [{ module: './hang-sink.js', closeSeconds: 1 }, 'jsonl', 'csv', 'summary'] }));
    const out = join(dir, 'run');
    const r = runCli(['exp', file, '--out', out]);
    expect(r.code, r.stderr).to.equal(1);
    expect(r.stderr).to.match(/sink hang failed to close: close\(\) did not settle within 1 s \(module \.\/hang-sink\.js; its closeSeconds sets the deadline\)/);
    expect(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')).status).to.equal('completed');
    expect(readFileSync(join(out, 'events.jsonl'), 'utf8').trimEnd().split('\n').at(-1)).to.match(/^\{"type":"end"/);
  });

  it('a sink that changes the events it is handed changes nothing else: events are frozen copies', () => {
    const dir = tempDir();
    writeFile(dir, 'meddle-sink.js', `
      import { writeFileSync } from 'node:fs';
      export default function (options) {
        const refused = new Set();
        const meddle = (what, f) => { try { f(); } catch (e) { refused.add(what + ': ' + e.constructor.name); } };
        return {
          name: 'meddle',
          next(e) {
            meddle('type', () => { e.type = 'nothing'; });
            if (e.type === 'eval') meddle('metrics', () => { e.metrics.loss = -1; });
            if (e.type === 'end') meddle('summary', () => { e.summary.metrics.test.accuracy = 1; e.summary.status = 'completed'; });
            if (e.type === 'checkpoint') e.params.flat.fill(0); // its own copy: allowed, and without effect
          },
          async close() { writeFileSync(options.file, JSON.stringify([...refused].sort())); },
        };
      }
    `);
    const run = (name: string, sinks: unknown[]) => {
      const out = join(dir, name);
      const r = runCli(['exp', writeFile(dir, `${name}.json5`, tinyExperiment({ train: { eta: 0.1, batchSize: 8, maxEpochs: 2 }, sinks })), '--out', out]);
      expect(r.code, r.stderr).to.be.oneOf([0, 1]);
      return out;
    };
    const plain = run('plain', ['jsonl', 'csv', 'checkpoint', 'summary']);
    const meddled = run('meddled', [{ module: './meddle-sink.js', options: { file: join(dir, 'refused.json') } }, 'jsonl', 'csv', 'checkpoint', 'summary']);
    expect(JSON.parse(readFileSync(join(dir, 'refused.json'), 'utf8'))).to.deep.equal(['metrics: TypeError', 'summary: TypeError', 'type: TypeError']);
    const [got, want] = [runRecord(meddled), runRecord(plain)];
    for (const key of Object.keys(want)) expect(got[key], key).to.equal(want[key]);
  });
});

describe('a user sink factory that returns no sink', () => {
  it('leaves no half-made run folder: the same --out works once the sink is fixed; a folder that was there keeps what it held', () => {
    const dir = tempDir();
    writeFile(dir, 'sink.js', 'export default function () { return 42; }');
    const file = writeFile(dir, 'exp.json5', tinyExperiment({ sinks: [{ module: './sink.js' }] }));
    const out = join(dir, 'run');
    const refused = runCli(['exp', file, '--out', out]);
    expect(refused.code, refused.stderr).to.equal(2);
    expect(refused.stderr).to.contain('its factory returned number, not a sink');
    expect(existsSync(out), 'no run folder left').to.equal(false);
    // A folder of the user's own: what it held stays, nothing of the refused run is added.
    const own = join(dir, 'own');
    mkdirSync(own);
    writeFile(own, 'notes.txt', 'mine');
    expect(runCli(['exp', file, '--out', own]).code).to.equal(2);
    expect(readdirSync(own)).to.deep.equal(['notes.txt']);
    writeFile(dir, 'sink.js', 'export default function () { return { next() {}, async close() {} }; }');
    const fixed = runCli(['exp', file, '--out', out]);
    expect(fixed.code, fixed.stderr).to.equal(0);
    expect(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')).status).to.equal('completed');
  });
});
