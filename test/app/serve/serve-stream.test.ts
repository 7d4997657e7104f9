/**
 * `POST /stream`: JSON lines in, Server-Sent Events out, each request its own sequence. The waits are
 * for events (a prediction arriving), never delays: what must hold holds whatever the timing.
 */
import { expect } from 'chai';
import { request, type ClientRequest } from 'node:http';
import { basename } from 'node:path';
import { loadRun, type RawRow } from '../../../src/app/predict/run-model.js';
import type { TextPredictions } from '../../../src/app/predict/text-model.js';
import { startServer, type RunningServer } from '../../../src/app/serve/server.js';
import { parseCsvTable } from '../../../src/data/csv-table.js';
import { lastDaysCsv, tinyPm25Run, tinyTextRun } from './tiny-runs.js';

interface Event { event: string; data: Record<string, unknown> }

/** One POST /stream: send lines, read the events as they come. */
class StreamClient {
  readonly events: Event[] = [];
  readonly status: Promise<number>;
  readonly done: Promise<Event[]>;
  private readonly req: ClientRequest;
  private waiters: (() => void)[] = [];

  constructor(server: RunningServer, query = '', type = 'application/x-ndjson') {
    let status!: (code: number) => void;
    this.status = new Promise((resolve) => { status = resolve; });
    this.req = request(new URL(`/stream${query}`, server.url), { method: 'POST', headers: { 'content-type': type }, agent: false });
    this.done = new Promise((resolve, reject) => {
      this.req.on('response', (res) => {
        status(res.statusCode ?? 0);
        let text = '';
        res.on('data', (d: Buffer) => {
          text += d.toString();
          for (let cut = text.indexOf('\n\n'); cut >= 0; cut = text.indexOf('\n\n')) {
            const [name, data] = text.slice(0, cut).split('\n');
            text = text.slice(cut + 2);
            this.events.push({ event: name.replace(/^event: /, ''), data: JSON.parse(data.replace(/^data: /, '')) as Record<string, unknown> });
          }
          for (const w of this.waiters.splice(0)) w();
        });
        res.on('end', () => { for (const w of this.waiters.splice(0)) w(); resolve(this.events); });
      });
      this.req.on('error', reject);
    });
    this.req.flushHeaders();
  }

  send(...lines: unknown[]): void {
    for (const line of lines) this.req.write(`${typeof line === 'string' && line.startsWith('raw:') ? line.slice(4) : JSON.stringify(line)}\n`);
  }

  /** Resolves when `n` events have come. */
  async until(n: number): Promise<Event[]> {
    while (this.events.length < n) await new Promise<void>((resolve) => this.waiters.push(resolve));
    return this.events;
  }

  end(): Promise<Event[]> {
    this.req.end();
    return this.done;
  }
}

const predictionsOf = (events: Event[]) => events.filter((e) => e.event === 'prediction').map((e) => e.data);

describe('rnnflow serve: POST /stream', () => {
  let server: RunningServer;
  let rows: RawRow[];
  let predicted: { windowEnd: string; forecasts: { for: string; value: number }[] }[];
  before(async function () {
    this.timeout(120_000);
    const runDir = await tinyPm25Run();
    const model = await loadRun(runDir);
    server = await startServer({ model, dir: runDir, id: basename(runDir) }, { port: 0, host: '127.0.0.1', maxBodyBytes: 4096 });
    const table = parseCsvTable(lastDaysCsv(), 'last-days.csv');
    rows = table.records.map((rec) => Object.fromEntries(table.header.map((h, j) => [h, rec[j]])));
    predicted = model.predict(rows).rows as typeof predicted;
  });
  after(async () => { await server?.drain(); });

  it('streams predict\'s forecasts, one event per row from the window\'s last row on, then `end`', async () => {
    const client = new StreamClient(server);
    client.send(...rows);
    const events = await client.end();
    expect(await client.status).to.equal(200);
    expect(events.at(-1)).to.deep.equal({ event: 'end', data: { lines: rows.length } });
    const streamed = predictionsOf(events);
    // T = 3, and the first row only gives the second its hourly wind speed: the first prediction at row 4.
    expect(streamed.map((p) => p.step)).to.deep.equal(rows.slice(3).map((_, i) => i + 4));
    expect(streamed.map((p) => p.windowEnd)).to.deep.equal(predicted.map((r) => r.windowEnd));
    streamed.forEach((p, i) => {
      const [f] = p.forecasts as { for: string; value: number }[];
      expect(f.for).to.equal(predicted[i].forecasts[0].for);
      expect(Math.abs(f.value - predicted[i].forecasts[0].value), String(p.windowEnd)).to.be.at.most(1e-12 * Math.abs(predicted[i].forecasts[0].value));
    });
  });

  it('two streams at once, their rows interleaved line by line, each get the predictions of their own rows alone', async () => {
    const a = new StreamClient(server), b = new StreamClient(server);
    // Two stretches of hours; each line is sent once the other stream has answered its last (the server reads them in turn).
    const rowsA = rows.slice(0, 36), rowsB = rows.slice(36);
    for (let i = 0; i < rowsA.length; i++) {
      a.send(rowsA[i]);
      b.send(rowsB[i]);
      if (i >= 3) await Promise.all([a.until(i - 2), b.until(i - 2)]);
    }
    const [eventsA, eventsB] = await Promise.all([a.end(), b.end()]);
    const alone = async (part: RawRow[]) => { const c = new StreamClient(server); c.send(...part); return predictionsOf(await c.end()); };
    expect(predictionsOf(eventsA)).to.deep.equal(await alone(rowsA)).and.to.have.length(33);
    expect(predictionsOf(eventsB)).to.deep.equal(await alone(rowsB)).and.to.have.length(33);
    expect(predictionsOf(eventsB)[0].windowEnd).to.equal(predicted[36].windowEnd);
  });

  it('{"reset": true} starts the sequence anew: the next prediction comes a window later, as at the start', async () => {
    const client = new StreamClient(server);
    client.send(...rows.slice(0, 10), { reset: true }, ...rows.slice(20, 30));
    const streamed = predictionsOf(await client.end());
    expect(streamed.map((p) => p.step)).to.deep.equal([4, 5, 6, 7, 8, 9, 10, 4, 5, 6, 7, 8, 9, 10]);
    expect(streamed[7].windowEnd).to.equal(predicted[20].windowEnd);
  });

  it('?key=station: one request carries several series, each with its own states; {"reset": "a"} restarts series a alone', async () => {
    const client = new StreamClient(server, '?key=station');
    const rowsA = rows.slice(0, 36), rowsB = rows.slice(36);
    rowsA.forEach((row, i) => client.send({ ...row, station: 'a' }, { ...rowsB[i], station: 'b' }));
    client.send({ reset: 'a' }, ...rowsA.slice(0, 4).map((row) => ({ ...row, station: 'a' })));
    const events = await client.end();
    expect(events.at(-1)!.event, JSON.stringify(events.at(-1))).to.equal('end');
    const streamed = predictionsOf(events);
    const alone = async (part: RawRow[]) => { const c = new StreamClient(server); c.send(...part); return predictionsOf(await c.end()); };
    const [aloneA, aloneB] = [await alone(rowsA), await alone(rowsB)];
    const a = streamed.filter((p) => p.key === 'a'), b = streamed.filter((p) => p.key === 'b');
    expect(a.slice(0, 33)).to.deep.equal(aloneA.map((p) => ({ ...p, key: 'a' })));
    expect(b).to.deep.equal(aloneB.map((p) => ({ ...p, key: 'b' })));
    // After its reset, a's window starts again: its first prediction is a window later, as at the start.
    expect(a.slice(33)).to.deep.equal([{ ...aloneA[0], key: 'a' }]);
  });

  it('a bad line ends the stream with one `error` event naming the line; a wrong media type or query is a 4xx before any event', async () => {
    const cases: [unknown[], RegExp][] = [
      [[rows[0], 'raw:{"year": 20'], /^request body, line 2: not JSON/],
      [[rows[0], [1, 2]], /^request body, line 2: \[1,2\] is not an observation; send a row object, a token string or \{"reset": true\}$/],
      [[{ reset: false }], /^request body, line 1: reset is false; it must be true\.$/],
      [[rows[0], { ...rows[1], DEWP: [3] }], /^request body, line 2: DEWP is \[3\] \(array\)/],
      [[rows[0], { ...rows[1], colour: 'red' }], /colour/],
      [[`raw:${'x'.repeat(5000)}`], /^request body, line 1: longer than 4096 bytes/],
    ];
    for (const [lines, message] of cases) {
      const client = new StreamClient(server);
      client.send(...lines);
      const events = await client.end();
      expect(events.at(-1)!.event, String(message)).to.equal('error');
      expect(events.at(-1)!.data.error).to.match(message);
    }
    const csv = new StreamClient(server, '', 'text/csv');
    expect(await csv.status).to.equal(415);
    void csv.end();
    const query = new StreamClient(server, '?horizon=2');
    expect(await query.status).to.equal(400);
    void query.end();
  });

  it('Ctrl-C\'s drain ends an open stream after the lines it has read (`end`, "stopped"), then resolves', async function () {
    this.timeout(60_000);
    const runDir = await tinyPm25Run();
    const own = await startServer({ model: await loadRun(runDir), dir: runDir, id: basename(runDir) }, { port: 0, host: '127.0.0.1', maxBodyBytes: 4096 });
    const client = new StreamClient(own);
    client.send(...rows.slice(0, 5));
    await client.until(2);
    await own.drain();
    const events = await client.done;
    expect(predictionsOf(events)).to.have.length(2);
    expect(events.at(-1)).to.deep.equal({ event: 'end', data: { lines: 5, stopped: 'the server is stopping (Ctrl-C)' } });
  });
});

describe('rnnflow serve: POST /stream on a text run', () => {
  it('reads a token a line; after each, the labels of the text so far, equal to predict\'s for that text', async function () {
    this.timeout(120_000);
    const runDir = await tinyTextRun();
    const model = await loadRun(runDir);
    const server = await startServer({ model, dir: runDir, id: basename(runDir) }, { port: 0, host: '127.0.0.1', maxBodyBytes: 4096 });
    try {
      const client = new StreamClient(server, '?top=2');
      client.send('a', 'b', 'e');
      const streamed = predictionsOf(await client.end());
      expect(streamed.map((p) => p.token)).to.deep.equal(['a', 'b', 'e']);
      ['a', 'ab', 'abe'].forEach((text, i) => {
        const [want] = (model.predict([text], { top: 2 }) as TextPredictions).rows;
        (streamed[i].top as { label: string; probability: number }[]).forEach((g, k) => {
          expect(g.label).to.equal(want.top![k].label);
          expect(Math.abs(g.probability - want.top![k].probability)).to.be.at.most(1e-12);
        });
      });
    } finally {
      await server.drain();
    }
  });
});
