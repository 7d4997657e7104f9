import { expect } from 'chai';
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tempDir } from '../../helpers/cli.js';
import { startBoard, type RunningBoard } from '../../../src/app/board/server.js';
import { bucketMeans, downsample, downsamplePoints, emptyPoints, parseEventText, type Point } from '../../../src/app/board/event-points.js';
import { writeReport } from '../../../src/app/report/write-report.js';
import { runOrigin } from '../../../src/app/board/run-origin.js';
import { writeRun, writeSweep } from './fixture.js';

/** GET with the path sent exactly as written (a URL object would resolve "..").  */
function get(board: RunningBoard, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<{ status: number; body: string; type?: string }> {
  const { port } = new URL(board.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, type: res.headers['content-type'] }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('board: reading run folders', () => {
  it('downsampling keeps every bucket\'s lowest and highest point, in order, within the limit', () => {
    const points: Point[] = Array.from({ length: 100_000 }, (_, i) => [i, Math.sin(i / 1000) + (i === 77_777 ? 50 : 0)]);
    const out = downsample(points, 2000);
    expect(out.length).to.be.at.most(2000).and.at.least(1000);
    expect(out.map((p) => p[1])).to.include(Math.sin(77.777) + 50); // the spike survives
    expect(Math.min(...out.map((p) => p[1]))).to.equal(Math.min(...points.map((p) => p[1])));
    for (let i = 1; i < out.length; i++) expect(out[i][0]).to.be.greaterThan(out[i - 1][0]);
    expect(downsample(points.slice(0, 10), 2000)).to.have.length(10);
  });

  it('sends the steps\' means beside their envelope, for the smoothed line (means of means when downsampled again)', () => {
    const points: Point[] = Array.from({ length: 10_000 }, (_, i) => [i / 100, (i % 7) + Math.cos(i)]);
    const means = bucketMeans(points, 2000);
    expect(means).to.have.length(2000);
    // A slow reference: every 5 consecutive points averaged.
    for (const b of [0, 1, 999, 1999]) {
      const run = points.slice(5 * b, 5 * b + 5);
      expect(means[b][0]).to.be.closeTo(run.reduce((s, p) => s + p[0], 0) / 5, 1e-12);
      expect(means[b][1]).to.be.closeTo(run.reduce((s, p) => s + p[1], 0) / 5, 1e-12);
    }
    const sent = downsamplePoints({ ...emptyPoints(), train: points }, 2000);
    expect(sent.trainMean).to.deep.equal(means);
    expect(downsamplePoints(sent, 400).trainMean).to.deep.equal(bucketMeans(means, 400));
    expect(downsamplePoints({ ...emptyPoints(), train: points.slice(0, 50) }, 2000).trainMean).to.equal(undefined); // whole: the steps are their own means
  });

  it('reads single and batched step events, with epochs from iterations', () => {
    const text = [
      { type: 'start', iterationsPerEpoch: 4 },
      { type: 'step', epoch: 0, iteration: 2, loss: 0.5, eta: 0.1 },
      { type: 'step', iteration: 5, losses: [0.4, 0.3, 0.2], eta: 0.05 },
      { type: 'eval', split: 'validation', epoch: 1.25, iteration: 5, metrics: { loss: 0.3, samples: 9, r2: 0.5 } },
      { type: 'checkpoint', kind: 'best', epoch: 1.25, iteration: 5, validationLoss: 0.3 },
      { type: 'end', status: 'early-stopped' },
    ].map((e) => JSON.stringify(e)).join('\n') + '\n{"type":"step","iter';
    const p = parseEventText(text, {});
    expect(p.train).to.deep.equal([[0.5, 0.5], [0.75, 0.4], [1, 0.3], [1.25, 0.2]]);
    expect(p.lr.map((x) => x[1])).to.deep.equal([0.1, 0.05, 0.05, 0.05]);
    expect(p.evals[0]).to.deep.include({ split: 'validation', epoch: 1.25 });
    expect(p.evals[0].metrics).to.deep.equal({ loss: 0.3, samples: 9, r2: 0.5 });
    expect(p.best).to.deep.equal([{ epoch: 1.25, iteration: 5, validationLoss: 0.3, metric: 'validation.loss', value: 0.3 }]);
    expect(p.status).to.equal('early-stopped');
  });
});

describe('board: who made a run (the runs list keeps regress\'s and the tests\' apart)', () => {
  const root = tempDir('rnnflow-board-');
  const run = (path: string, sourceFile?: string) => {
    const dir = join(root, ...path.split('/'));
    mkdirSync(dir, { recursive: true });
    if (sourceFile) writeFileSync(join(dir, 'run.json'), JSON.stringify({ source: { file: sourceFile, baseDir: '/' } }));
    return runOrigin(dir, path);
  };
  after(() => rmSync(root, { recursive: true, force: true }));

  it('tells regress by its folders or its experiment files, tests by their temporary folders or "<test>", else the user', () => {
    expect(run('regression/2026-12-07T00-02-00/minus')).to.equal('regress');
    expect(run('elsewhere/r1', '/home/me/rnnflow/experiments/regression/minus.json5')).to.equal('regress');
    expect(run('tiny/r1', join(tmpdir(), 'rnnflow-test-AbC123', 'tiny.json5'))).to.equal('test');
    expect(run('code/r1', '/home/me/rnnflow/<test>')).to.equal('test');
    expect(run('minus/r1', '/home/me/rnnflow/experiments/minus.json5')).to.equal('user');
    expect(run('mine/r1', join(tmpdir(), 'my-experiments', 'a.json5'))).to.equal('user');
    expect(run('regression/minus/r1')).to.equal('user'); // a folder the user named "regression": no start-time folder under it
    expect(run('nofacts/r1')).to.equal('user');
  });
});

describe('board: the server serves only what is under its folders', () => {
  const dir = tempDir('rnnflow-board-');
  const root = join(dir, 'runs');
  writeRun(join(root, 'a', 'run1'), { name: 'a' });
  writeSweep(join(root, 'sweeps', 's1'), [{ id: 'ee00000000e1', eta: 0.1, hiddenSize: 2 }, { id: 'ee00000000e2', eta: 0.2, hiddenSize: 4 }]);
  writeFileSync(join(dir, 'secret.txt'), 'secret');
  mkdirSync(join(dir, 'elsewhere'));
  writeFileSync(join(dir, 'elsewhere', 'secret.json'), '{"secret":1}');
  symlinkSync(join(dir, 'elsewhere'), join(root, 'a', 'run1', 'link'));
  let board: RunningBoard;

  before(async () => { board = await startBoard({ dirs: [root], port: 0, host: '127.0.0.1' }); });
  after(() => board.close());

  it('binds to 127.0.0.1 and lists the runs and sweeps found', async () => {
    expect(board.url).to.match(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const index = JSON.parse((await get(board, '/api/index')).body);
    expect(index.runs.map((r: { id: string }) => r.id)).to.deep.equal(['0:a/run1']);
    expect(index.sweeps.map((s: { id: string; done: number }) => [s.id, s.done])).to.deep.equal([['0:sweeps/s1', 2]]);
  });

  it('serves a run\'s own files and its detail', async () => {
    expect(JSON.parse((await get(board, '/files/0/a/run1/summary.json')).body).name).to.equal('a');
    const detail = JSON.parse((await get(board, '/api/run?id=0%3Aa%2Frun1')).body);
    expect(detail.points.evals).to.have.length(3);
    expect(detail.files).to.include('events.jsonl');
  });

  for (const path of ['/files/0/../secret.txt', '/files/0/a/../../secret.txt', '/files/0/%2e%2e%2fsecret.txt', '/files/0/a/%2e%2e/%2e%2e/secret.txt',
    '/files/0/a/run1/link/secret.json', '/files/0//etc/passwd', '/files/1/secret.txt', '/files/0/a', '/api/run?id=0%3A..%2F', '/api/run?id=0%3A%2Fetc',
    '/api/sweep?id=0%3Aa%2Frun1%2Flink', '/assets/..%2f..%2fpackage.json']) {
    it(`refuses ${path}`, async () => {
      const r = await get(board, path);
      expect(r.status, r.body).to.equal(404);
      expect(r.body).to.not.contain('secret');
    });
  }

  it('says why a run has no test-week forecasts, as JSON, without showing a file it was pointed at', async () => {
    const none = JSON.parse((await get(board, '/api/forecast?id=0%3Aa%2Frun1&week=2')).body);
    expect(none).to.deep.equal({ error: 'not a PM2.5 value run (data.name "pm25", data.target "value")' });
    // A PM2.5 value run whose dataset.json names a file outside the folders: read to compute, never sent.
    const fake = join(root, 'a', 'pm25');
    mkdirSync(join(fake, 'params'), { recursive: true });
    writeFileSync(join(fake, 'summary.json'), '{"name":"pm25","status":"completed"}');
    writeFileSync(join(fake, 'experiment.resolved.json'), JSON.stringify({ data: { name: 'pm25', target: 'value', horizons: [1] } }));
    writeFileSync(join(fake, 'dataset.json'), JSON.stringify({ file: join(dir, 'elsewhere', 'secret.json') }));
    const r = await get(board, '/api/forecast?id=0%3Aa%2Fpm25');
    expect(r.status).to.equal(200);
    expect(JSON.parse(r.body).error).to.match(/secret\.json: not the PM2\.5 file the run read \(its header lacks the UCI columns/);
    expect(r.body).to.not.contain('"secret":1');
  });

  it('is read-only and answers only to its own host name (no DNS rebinding)', async () => {
    expect((await get(board, '/api/index', {}, 'POST')).status).to.equal(405);
    expect((await get(board, '/api/index', { host: 'evil.example:80' })).status).to.equal(403);
    expect((await get(board, '/', { host: 'localhost:6006' })).status).to.equal(200);
  });

  it('a report inlines its data without letting a description end the script', async () => {
    const run = writeRun(join(dir, 'markup'), { name: 'markup', description: '</script><script>window.pwned=1</script>' });
    const file = await writeReport([run], join(dir, 'report.html'));
    const html = readFileSync(file, 'utf8');
    expect(html).to.not.contain('<script>window.pwned');
    expect(html).to.contain('\\u003c/script>\\u003cscript>window.pwned=1');
    expect(html).to.not.match(/<script[^>]+src=/); // everything inline
  });
});
