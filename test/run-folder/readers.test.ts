/**
 * Every reader of events.jsonl gets the same events from the same recorded run, however its steps
 * were split into `steps` lines, with a torn last line, and however the file grew while it was read:
 * the run folder's own reader (whole and tailing), the board (run page and live tail), a sweep's
 * check series, the plot sink's history and resume's cut. The oracle is the plain reading: split the
 * original file at its newlines and JSON.parse each line.
 */
import { expect } from 'chai';
import { appendFileSync, cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readRunDetail } from '../../src/app/board/run-reader.js';
import { emptyPoints, eventPoints, type ParserState } from '../../src/app/board/event-points.js';
import { cutEvents } from '../../src/app/run-files.js';
import { readChecks } from '../../src/app/board/metrics-csv.js';
import { readCheckSeries } from '../../src/app/search/check-series.js';
import { plotHistory } from '../../src/sinks/plot.js';
import { EventTail, readEvents, readRunInfo, readSummary, RunFolderError, runFiles, stepEntries, type EventRecord } from '../../src/run-folder/index.js';
import { Random } from '../../src/core/random.js';
import { runCli, tempDir, tinyExperiment, writeFile } from '../helpers/cli.js';
import { runCollecting } from '../helpers/run.js';

type Json = Record<string, unknown>;

/** The plain reading of a file that ends with a newline: what every reader must agree with. */
function plainEvents(text: string): Json[] {
  return text.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Json);
}

/** One entry per step: where the lines split the steps must not show. */
function flat(events: Iterable<Json>): Json[] {
  return [...events].flatMap((e) => (e.type === 'step' || e.type === 'steps' ? stepEntries(e).map((s) => ({ type: 'step', ...s })) : [e]));
}

/** A `steps` record cut into pieces of the given sizes (the writer's form: firstIteration … last iteration). */
function splitSteps(r: Json, sizes: number[]): Json[] {
  const losses = r.losses as number[];
  const out: Json[] = [];
  let at = 0;
  for (const size of sizes) {
    const part = losses.slice(at, at + size);
    const first = (r.firstIteration as number) + at;
    const etas = r.etas as number[] | undefined;
    out.push({
      type: 'steps', firstIteration: first, iteration: first + part.length - 1, epoch: r.epoch, losses: part,
      ...(etas ? { etas: etas.slice(at, at + size) } : { eta: r.eta }), rows: 0,
    });
    at += size;
  }
  return out;
}

/** The same events with every `steps` line re-split by `cut` (sizes summing to its number of steps). */
function resplit(events: Json[], cut: (n: number) => number[]): string {
  return events.flatMap((e) => (e.type === 'steps' ? splitSteps(e, cut((e.losses as number[]).length)) : [e]))
    .map((e) => JSON.stringify(e) + '\n').join('');
}

const TORN = '{"type":"steps","firstIteration":9999,"iteration":10001,"epoch":3,"losses":[0.5,0.';

describe('run folder readers: every reader, the same events', () => {
  let original = '';
  let recorded = '';
  const variants: Record<string, string> = {};
  const random = new Random(5);

  before(async () => {
    const dir = tempDir('rnnflow-readers-');
    await runCollecting({
      name: 'readers', seed: 3,
      data: { name: 'echo', trainSamples: 40, validationSamples: 10, testSamples: 10 },
      model: { netType: 'regression', outputMode: 'last', hiddenSize: 3 },
      train: { eta: 0.1, batchSize: 4, maxEpochs: 3, checkpointEvery: 0.5, optimizer: 'momentum' },
      sinks: ['jsonl', 'csv', 'checkpoint', 'summary'],
    }, { outDir: dir });
    recorded = dir;
    original = readFileSync(runFiles(dir).events, 'utf8');
    const events = plainEvents(original);
    expect(events.filter((e) => e.type === 'steps').length, 'the recorded run batches its steps').to.be.greaterThan(1);
    variants.recorded = original;
    variants['one step a line'] = resplit(events, (n) => Array(n).fill(1));
    variants['split at seeded points'] = resplit(events, (n) => {
      const sizes: number[] = [];
      for (let left = n; left > 0;) {
        const k = 1 + Math.floor(random.uniform() * left);
        sizes.push(k);
        left -= k;
      }
      return sizes;
    });
    variants['the old one-step form'] = flat(events).map((e) => JSON.stringify(e) + '\n').join('');
    for (const name of Object.keys(variants)) variants[`${name}, torn last line`] = variants[name] + TORN;
  });

  /** A run folder holding the variant's events.jsonl. */
  const folder = (name: string): string => {
    const dir = tempDir('rnnflow-variant-');
    writeFileSync(join(dir, 'events.jsonl'), variants[name]);
    return dir;
  };

  it('the run folder\'s reader gives the plain reading\'s events, steps one per entry, for every split and a torn last line', () => {
    const expected = flat(plainEvents(original));
    expect(expected.filter((e) => e.type === 'step').length).to.equal(30);
    for (const name of Object.keys(variants)) {
      const dir = folder(name);
      expect(flat(readEvents(runFiles(dir).events)), name).to.deep.equal(expected);
      const tail = new EventTail(runFiles(dir).events);
      expect([...tail.take()].map((r) => r.event), name).to.deep.equal([...readEvents(runFiles(dir).events)]);
      expect(tail.offset, name).to.equal(Buffer.byteLength(variants[name]) - (name.endsWith('torn last line') ? Buffer.byteLength(TORN) : 0));
      expect(tail.damaged, name).to.equal(0);
    }
  });

  it('a tail read while the file grows in pieces of any size (mid-line, mid-character) gives the same events, each once', () => {
    const text = variants['split at seeded points'].replace('"readers"', '"réadérs ✓"'); // multi-byte characters to cut through
    const bytes = Buffer.from(text);
    const expected = flat(plainEvents(text.slice(0, text.lastIndexOf('\n') + 1)));
    for (const chunkBytes of [1, 7, 4096]) {
      const file = join(tempDir('rnnflow-tail-'), 'events.jsonl');
      writeFileSync(file, '');
      const tail = new EventTail(file, { chunkBytes });
      const got: EventRecord[] = [];
      for (let at = 0; at < bytes.length;) {
        const piece = 1 + Math.floor(random.uniform() * 300);
        appendFileSync(file, bytes.subarray(at, at + piece));
        at += piece;
        got.push(...tail.takeEvents());
      }
      expect(flat(got), `chunks of ${chunkBytes} bytes`).to.deep.equal(expected);
      expect(tail.damaged).to.equal(0);
    }
  });

  it('the board\'s run page and its live tail draw the same points from every variant', async () => {
    const reference = (await readRunDetail(folder('recorded'), '0:x')).points;
    expect(reference.train.length).to.equal(30);
    expect(reference.evals.length).to.be.greaterThan(3);
    for (const name of Object.keys(variants)) {
      const dir = folder(name);
      expect((await readRunDetail(dir, '0:x')).points, name).to.deep.equal(reference);
      // The live tail: one poll per piece appended, points added up.
      const file = join(tempDir('rnnflow-live-'), 'events.jsonl');
      writeFileSync(file, '');
      const tail = new EventTail(file);
      const state: ParserState = {};
      const live = emptyPoints();
      const bytes = Buffer.from(variants[name]);
      for (let at = 0; at < bytes.length; at += 500) {
        appendFileSync(file, bytes.subarray(at, at + 500));
        eventPoints(tail.takeEvents(), state, live);
      }
      expect(live, name).to.deep.equal(reference);
    }
  });

  it('a sweep\'s check series, the plot sink\'s history and metrics.csv read the same checks from every variant', () => {
    const evals = plainEvents(original).filter((e) => e.type === 'eval' && e.split === 'validation');
    const expected = evals.map((e) => ({ epoch: e.epoch, value: (e.metrics as Json).loss }));
    expect(expected.length).to.be.greaterThan(3);
    expect(readChecks(recorded, 'validation.loss')).to.deep.equal(expected.map((c) => [c.epoch, c.value]));
    const plot = plotHistory(folder('recorded'), 'r2');
    expect(plot.losses.filter((p) => p.series === 'validation').map((p) => p.value)).to.deep.equal(expected.map((c) => c.value));
    for (const name of Object.keys(variants)) {
      expect(readCheckSeries(folder(name), 'validation.loss'), name).to.deep.equal(expected);
      expect(plotHistory(folder(name), 'r2'), name).to.deep.include({ losses: plot.losses, metric: plot.metric });
    }
  });

  it('resume\'s cut keeps the events up to a state line, in every variant, and drops a torn last line', () => {
    const events = plainEvents(original);
    const states = events.filter((e) => e.type === 'state');
    expect(states.length).to.be.greaterThan(2);
    const state = states[1];
    const expected = flat(events.slice(0, events.indexOf(state) + 1));
    for (const name of Object.keys(variants)) {
      const dir = folder(name);
      const dropped = cutEvents(runFiles(dir).events, state.iteration as number);
      expect(dropped, name).to.be.greaterThan(0);
      const kept = readFileSync(runFiles(dir).events, 'utf8');
      expect(kept.endsWith('\n'), name).to.equal(true);
      expect(flat(plainEvents(kept)), name).to.deep.equal(expected);
    }
  });
});

describe('run folder readers: damaged input', () => {
  it('lines that are not events, and a line longer than the bound, are skipped and counted; the next lines still read', () => {
    const file = join(tempDir('rnnflow-damaged-'), 'events.jsonl');
    const good = (i: number) => JSON.stringify({ type: 'epoch', epoch: i, iteration: i }) + '\n';
    writeFileSync(file, good(1) + 'not json\n' + '[1,2]\n' + '{"no":"type"}\n' + `{"type":"message","text":"${'x'.repeat(5000)}"}\n` + good(2) + '\n' + good(3));
    const tail = new EventTail(file, { chunkBytes: 256, maxLineBytes: 1024 });
    expect([...tail.takeEvents()].map((e) => e.epoch)).to.deep.equal([1, 2, 3]);
    expect(tail.damaged).to.equal(4);
  });

  it('a tail goes on from its offset: a later take() reads only what was appended', () => {
    const dir = tempDir('rnnflow-offset-');
    const file = join(dir, 'events.jsonl');
    writeFileSync(file, JSON.stringify({ type: 'epoch', epoch: 1 }) + '\n');
    const first = new EventTail(file);
    expect([...first.takeEvents()]).to.have.length(1);
    const resumed = new EventTail(file, { offset: first.offset });
    expect([...resumed.takeEvents()]).to.deep.equal([]);
    appendFileSync(file, JSON.stringify({ type: 'epoch', epoch: 2 }) + '\n');
    expect([...resumed.takeEvents()].map((e) => e.epoch)).to.deep.equal([2]);
    expect([...first.takeEvents()].map((e) => e.epoch)).to.deep.equal([2]);
  });
});

describe('run folder readers: damaged JSON files name the file and what is wrong', () => {
  const dir = tempDir('rnnflow-json-');
  const run = join(dir, 'run');
  before(() => {
    const r = runCli(['exp', writeFile(dir, 'tiny.json5', tinyExperiment()), '--out', run]);
    expect(r.code, r.stderr).to.equal(0);
  });
  const damaged = (name: string, file: string, text: string): string => {
    const d = join(dir, name);
    cpSync(run, d, { recursive: true });
    writeFileSync(join(d, file), text);
    return d;
  };

  it('summary.json and run.json: truncated, of the wrong shape, or an unknown status', () => {
    const summary = readFileSync(runFiles(run).summary, 'utf8');
    expect(readSummary(run)?.status).to.equal('completed');
    expect(() => readSummary(damaged('cut', 'summary.json', summary.slice(0, 50)))).to.throw(RunFolderError, /cut\/summary\.json: not valid JSON, the file may be truncated/);
    expect(() => readSummary(damaged('status', 'summary.json', summary.replace('"completed"', '"done"')))).to.throw(/status\/summary\.json: status "done" is none of running, completed/);
    expect(() => readSummary(damaged('array', 'summary.json', '[]'))).to.throw(/array\/summary\.json: holds an array, not the run summary/);
    expect(() => readRunInfo(damaged('source', 'run.json', '{"source":{"file":3}}'))).to.throw(/source\/run\.json: file is 3, expected a string/);
    expect(readSummary(join(dir, 'nowhere'))).to.equal(undefined);
  });

  it('the commands refuse a damaged file with exit 2, naming it, and a run list shows the run as it can', () => {
    const d = damaged('cli-cut', 'summary.json', '{"name":');
    const resume = runCli(['resume', d]);
    expect(resume.code).to.equal(2);
    expect(resume.stderr).to.match(/cli-cut\/summary\.json: not valid JSON/);
    const runInfo = damaged('cli-run', 'run.json', '{');
    const ev = runCli(['eval', runInfo]);
    expect(ev.code).to.equal(2);
    expect(ev.stderr).to.match(/cli-run\/run\.json: not valid JSON/);
    const list = runCli(['runs', d]);
    expect(list.code, list.stderr).to.equal(0);
    expect(list.stdout).to.match(/cli-cut\s+running/);
  });
});
