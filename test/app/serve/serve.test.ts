import { expect } from 'chai';
import { Ajv } from 'ajv';
import { request } from 'node:http';
import { basename, join } from 'node:path';
import { readFileSync } from 'node:fs';
import { loadRun } from '../../../src/app/predict/run-model.js';
import { CSV_BODY_NAME } from '../../../src/app/serve/predict-route.js';
import { DEFAULT_MAX_BODY_BYTES, predictQuerySchema, rowsBodySchema, streamLineSchema, textBodySchema } from '../../../src/app/serve/request-schemas.js';
import { startServer, type RunningServer } from '../../../src/app/serve/server.js';
import { parseCsvTable } from '../../../src/data/csv-table.js';
import { runCli, tempDir, writeFile } from '../../helpers/cli.js';
import { lastDaysCsv, tinyPm25Run, tinyTextRun } from './tiny-runs.js';

interface Answer { status: number; type: string; text: string; json: () => Record<string, unknown> }

/** One request on a connection of its own (no keep-alive: a test's spawnSync stalls the server's timers). */
function call(server: RunningServer, path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, server.url), { method: init.method ?? 'GET', headers: init.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'] ?? '', text, json: () => JSON.parse(text) as Record<string, unknown> });
      });
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

type Init = Parameters<typeof call>[2];

const csvBody = (text: string, accept = 'application/json'): Init => ({ method: 'POST', headers: { 'content-type': 'text/csv', accept }, body: text });
const jsonBody = (value: unknown, accept = 'application/json'): Init => ({ method: 'POST', headers: { 'content-type': 'application/json', accept }, body: JSON.stringify(value) });

/** A POST of `bytes` bytes sent in pieces with no content-length (chunked): the cap must hold while reading. */
function postChunked(server: RunningServer, path: string, bytes: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, server.url), { method: 'POST', headers: { 'content-type': 'text/csv' } }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => { body += d.toString(); });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    const piece = Buffer.alloc(64 * 1024, 'a');
    for (let sent = 0; sent < bytes; sent += piece.length) req.write(piece.subarray(0, Math.min(piece.length, bytes - sent)));
    req.end();
  });
}

describe('rnnflow serve: a PM2.5 value run over HTTP', () => {
  let runDir: string;
  let server: RunningServer;
  let input: string;
  let csv: string;
  before(async function () {
    this.timeout(120_000);
    runDir = await tinyPm25Run();
    csv = lastDaysCsv();
    input = writeFile(tempDir('rnnflow-serve-'), 'last-days.csv', csv);
    const model = await loadRun(runDir);
    server = await startServer({ model, dir: runDir, id: basename(runDir) }, { port: 0, host: '127.0.0.1', maxBodyBytes: DEFAULT_MAX_BODY_BYTES });
  });
  after(async () => { await server?.drain(); });

  it('binds the loopback address on a free port', () => {
    expect(server.url).to.match(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(server.url).not.to.match(/:0\/$/);
  });

  it('POST /predict with Accept: text/csv answers exactly what rnnflow predict prints, at any --precision', async function () {
    this.timeout(120_000);
    for (const [query, flags] of [['?horizon=2', ['--horizon', '2']], ['?horizon=3&precision=17', ['--horizon', '3', '--precision', '17']]] as const) {
      const cli = runCli(['predict', runDir, '--input', input, ...flags]);
      expect(cli.code, cli.stderr).to.equal(0);
      const served = await call(server, `/predict${query}`, csvBody(csv, 'text/csv'));
      expect(served.status, served.text).to.equal(200);
      expect(served.type).to.equal('text/csv; charset=utf-8');
      expect(served.text).to.equal(cli.stdout);
    }
  });

  it('POST /predict answers JSON with the doubles of predict --precision 17, from a CSV body or JSON rows alike', async function () {
    this.timeout(60_000);
    const cli = runCli(['predict', runDir, '--input', input, '--horizon', '2', '--precision', '17']);
    expect(cli.code, cli.stderr).to.equal(0);
    const lines = cli.stdout.trim().split('\n').slice(1).map((l) => l.split(','));
    const fromCsv = await call(server, '/predict?horizon=2', csvBody(csv));
    expect(fromCsv.status, fromCsv.text).to.equal(200);
    const answer = fromCsv.json() as { run: string; params: string; target: object; assumptions: string[]; rows: { windowEnd: string; forecasts: { for: string; value: number }[] }[] };
    expect(answer.run).to.equal(basename(runDir));
    expect(answer.params).to.equal('best');
    expect(answer.target).to.deep.equal({ name: 'pm2.5', unit: 'µg/m³' });
    expect(answer.assumptions[0]).to.match(/carried forward/);
    expect(answer.rows.map((r) => [r.windowEnd, ...r.forecasts.flatMap((f) => [f.for, f.value])])).to.deep.equal(
      lines.map(([end, t1, v1, t2, v2]) => [end, t1, Number(v1), t2, Number(v2)]));
    // The same rows as JSON objects (numbers as numbers, NA as null) give the same answer.
    const table = parseCsvTable(csv, 'x.csv');
    const rows = table.records.map((rec) => Object.fromEntries(table.header.map((h, j) => [h, rec[j] === 'NA' ? null : Number.isNaN(Number(rec[j])) ? rec[j] : Number(rec[j])])));
    const fromJson = await call(server, '/predict?horizon=2', jsonBody({ rows }));
    expect(fromJson.status, fromJson.text).to.equal(200);
    expect(fromJson.json().rows).to.deep.equal(answer.rows);
  });

  it('a bad request gets 400 and the line rnnflow predict prints for the same input (its file named "request body")', async function () {
    this.timeout(60_000);
    const bad = csv.split('\n').map((l, i) => (i === 7 ? l.replace(/,(NW|SE|NE|cv),/, ',N,') : l)).join('\n');
    const file = writeFile(tempDir('rnnflow-serve-'), 'bad.csv', bad);
    const cli = runCli(['predict', runDir, '--input', file]);
    expect(cli.code).to.equal(2);
    const served = await call(server, '/predict', csvBody(bad));
    expect(served.status).to.equal(400);
    const error = served.json().error as string;
    expect(error).to.match(/^request body, row 8, column "cbwd": unknown wind direction "N"/);
    expect(cli.stderr.trim()).to.equal(`rnnflow: ${error.replace(CSV_BODY_NAME, file)}`);
    // Too few rows, a query out of range, a body that is not JSON, JSON of the wrong shape, a cell of the wrong type.
    const cases: [string, Init, RegExp][] = [
      ['/predict', csvBody(csv.split('\n').slice(0, 3).join('\n')), /^request body: too few rows: 2 rows for windows of 3 hours/],
      ['/predict?horizon=0', csvBody(csv), /^query: horizon is 0; it must be >= 1\.$/],
      ['/predict?horizon=2&colour=red', csvBody(csv), /^query: unknown key "colour" at the top level\. Allowed: horizon, top, precision\.$/],
      ['/predict', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"rows": [' }, /^request body: not JSON/],
      ['/predict', jsonBody({ text: ['abc'] }), /^request body: it is missing the required key "rows"\.$/],
      ['/predict', jsonBody({ rows: [{ year: [2014] }] }), /^request body: rows\[0\]\.year is \[2014\] \(array\)/],
    ];
    for (const [path, init, message] of cases) {
      const r = await call(server, path, init);
      expect(r.status, `${path} ${String(init?.body).slice(0, 40)}`).to.equal(400);
      expect(r.json().error, path).to.match(message);
    }
  });

  it('404 for an unknown route, 405 for another method, 415 for another media type', async () => {
    const none = await call(server, '/predictions');
    expect(none.status).to.equal(404);
    expect(none.json().error).to.equal('no route /predictions; the routes are POST /predict, POST /stream, GET /model, GET /health, GET /openapi.json, GET /');
    expect((await call(server, '/')).json()).to.deep.equal({
      run: basename(runDir), routes: ['POST /predict', 'POST /stream', 'GET /model', 'GET /health', 'GET /openapi.json', 'GET /'], description: '/openapi.json',
    });
    const get = await call(server, '/predict');
    expect(get.status).to.equal(405);
    expect(get.json().error).to.equal('/predict takes POST, not GET');
    const xml = await call(server, '/predict', { method: 'POST', headers: { 'content-type': 'application/xml' }, body: '<rows/>' });
    expect(xml.status).to.equal(415);
    expect(xml.json().error).to.match(/reads JSON \{"rows": \[\{…\}\]\} .* or CSV .*, not application\/xml$/);
  });

  it('413 above the documented body limit, said up front (content-length) or while reading (chunked); at the limit is read', async function () {
    this.timeout(60_000);
    const over = 'x'.repeat(DEFAULT_MAX_BODY_BYTES + 1);
    const declared = await call(server, '/predict', csvBody(over));
    expect(declared.status).to.equal(413);
    expect(declared.json().error).to.equal(`the request body is larger than ${DEFAULT_MAX_BODY_BYTES} bytes (the limit: serve --max-body); send fewer rows per request`);
    const chunked = await postChunked(server, '/predict', DEFAULT_MAX_BODY_BYTES + 1);
    expect(chunked.status).to.equal(413);
    // Exactly the limit is read (and refused for what it holds, not for its size).
    const atLimit = await postChunked(server, '/predict', DEFAULT_MAX_BODY_BYTES);
    expect(atLimit.status).to.equal(400);
    expect((await call(server, '/health')).status).to.equal(200);
  });

  it('GET /model and /health say what is served', async () => {
    const model = (await call(server, '/model')).json();
    const spec = JSON.parse(readFileSync(join(runDir, 'params', 'best.json'), 'utf8')).spec;
    expect(model).to.deep.include({ run: basename(runDir), name: 'serve-pm25', params: 'best', data: 'pm25', spec });
    expect(model.inputs).to.deep.equal({
      kind: 'rows', columns: ['year', 'month', 'day', 'hour', 'pm2.5', 'DEWP', 'TEMP', 'PRES', 'cbwd', 'Iws', 'Is', 'Ir'], timesteps: 3, delimiter: ',', decimal: '.',
    });
    expect(model.outputs).to.deep.equal({ kind: 'value', target: 'pm2.5', unit: 'µg/m³', maxHorizon: predictQuerySchema.properties.horizon.maximum });
    expect((await call(server, '/health')).json()).to.deep.equal({ status: 'ok', run: basename(runDir), inFlight: 0 });
  });

  it('GET /openapi.json holds the very schemas that check requests: what they refuse is refused with 400, what they take is taken', async () => {
    const doc = (await call(server, '/openapi.json')).json() as {
      openapi: string; paths: Record<string, Record<string, { parameters?: { name: string; in: string; schema: object }[]; requestBody?: { content: Record<string, { schema: object }> } }>>;
    };
    expect(doc.openapi).to.equal('3.1.0');
    expect(Object.keys(doc.paths).sort()).to.deep.equal(['/', '/health', '/model', '/openapi.json', '/predict', '/stream']);
    expect(doc.paths['/stream'].post.requestBody!.content['application/x-ndjson'].schema).to.deep.equal(streamLineSchema);
    const post = doc.paths['/predict'].post;
    expect(post.requestBody!.content['application/json'].schema).to.deep.equal(rowsBodySchema);
    expect(post.parameters!.map((p) => [p.name, p.in, p.schema])).to.deep.equal(
      [['horizon', 'query', predictQuerySchema.properties.horizon], ['precision', 'query', predictQuerySchema.properties.precision]]);
    // The document's body schema, compiled on its own, agrees with the server on bodies it refuses and takes.
    const validate = new Ajv({ strict: false }).compile(post.requestBody!.content['application/json'].schema);
    const table = parseCsvTable(csv, 'x.csv');
    const good = { rows: table.records.map((rec) => Object.fromEntries(table.header.map((h, j) => [h, rec[j]]))) };
    for (const body of [good, { rows: [] }, { rows: [{ a: {} }] }, { rows: good.rows, extra: 1 }, []]) {
      const r = await call(server, '/predict', jsonBody(body));
      expect(r.status === 200, JSON.stringify(body).slice(0, 60)).to.equal(validate(body));
    }
  });
});

describe('rnnflow serve: a text run over HTTP', () => {
  let runDir: string;
  let server: RunningServer;
  before(async function () {
    this.timeout(120_000);
    runDir = await tinyTextRun();
    server = await startServer({ model: await loadRun(runDir), dir: runDir, id: basename(runDir) }, { port: 0, host: '127.0.0.1', maxBodyBytes: 1000 });
  });
  after(async () => { await server?.drain(); });

  it('POST /predict {"text": [...]} gives predict --text\'s labels: the same CSV, and JSON with the probabilities themselves', async function () {
    this.timeout(60_000);
    const texts = ['abe', 'zoo', 'Mia'];
    const cli = runCli(['predict', runDir, '--text', ...texts, '--top', '2']);
    expect(cli.code, cli.stderr).to.equal(0);
    const asCsv = await call(server, '/predict?top=2', jsonBody({ text: texts }, 'text/csv'));
    expect(asCsv.text).to.equal(cli.stdout);
    const asJson = (await call(server, '/predict?top=2', jsonBody({ text: texts }))).json();
    const model = await loadRun(runDir);
    expect(asJson.rows).to.deep.equal(model.predict(texts, { top: 2 }).rows);
    const doc = (await call(server, '/openapi.json')).json() as { paths: { '/predict': { post: { requestBody: { content: Record<string, { schema: object }> } } } } };
    expect(doc.paths['/predict'].post.requestBody.content).to.deep.equal({ 'application/json': { schema: textBodySchema } });
  });

  it('refuses rows, an empty text, and a body over --max-body', async () => {
    const rows = await call(server, '/predict', jsonBody({ rows: [{ a: 1 }] }));
    expect(rows.status).to.equal(400);
    expect(rows.json().error).to.match(/^request body: it is missing the required key "text"\./);
    const empty = await call(server, '/predict', jsonBody({ text: [''] }));
    expect(empty.json().error).to.match(/^request body: text\[0\] must NOT have fewer than 1 characters/);
    const big = await call(server, '/predict', jsonBody({ text: ['a'.repeat(1000)] }));
    expect(big.status).to.equal(413);
    expect(big.json().error).to.match(/larger than 1000 bytes/);
    expect((await call(server, '/model')).json().inputs).to.deep.include({ kind: 'text', tokens: 'characters' });
  });
});
