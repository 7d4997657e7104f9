/**
 * Issue 24: an exported model in a web page. The page docs/export.md shows (its ```html block, read
 * from the page so the docs cannot drift) runs in headless Chromium with onnxruntime-web's
 * WebAssembly build, served from a loopback server with the package's own files, and its `predict`
 * equals rnnflow's forward within 1e-12 (float64) / 1e-6 (float32) of the largest output: on an
 * exported run's test split, and on a text-like model with lengths and NaN in the padding.
 */
import { expect } from 'chai';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { readRunExperiment } from '../../../src/app/run-files.js';
import { encodeModel } from '../../../src/app/onnx/graph-builder.js';
import { scanGraph } from '../../../src/app/onnx/scan-graph.js';
import { packageDir } from '../../../src/core/paths.js';
import { loadDataset } from '../../../src/data/index.js';
import { Rnn } from '../../../src/model/rnn.js';
import type { RnnSpec } from '../../../src/model/spec.js';
import { readRunParams } from '../../../src/run-folder/index.js';
import { root, runCli, tempDir, tinyExperiment } from '../../helpers/cli.js';
import { CHUNK, chunksOf } from '../../helpers/onnx-split.js';
import { ONNX_TOLERANCE, RelativeError } from '../../helpers/onnxruntime.js';
import { requireOrSkip } from '../../helpers/requires.js';
import { runCollecting } from '../../helpers/run.js';
import { CHROMIUM, CHROMIUM_ARGS } from '../board/chromium.js';

declare const window: any; // eslint-disable-line @typescript-eslint/no-explicit-any
declare const document: any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The page of docs/export.md: its one ```html block. */
function docsPage(): string {
  const m = /```html\n([\s\S]*?)```/.exec(readFileSync(join(root, 'docs', 'export.md'), 'utf8'));
  if (!m) throw new Error('docs/export.md has no ```html block (the browser page)');
  return m[1];
}

const ORT_DIST = join(root, 'node_modules', 'onnxruntime-web', 'dist');
/** What the page's folder holds besides the model: the docs' page and the three files the docs copy. */
const FILES: Record<string, { type: string; body: () => Buffer | string }> = {
  '/': { type: 'text/html', body: docsPage },
  '/ort.wasm.min.js': { type: 'text/javascript', body: () => readFileSync(join(ORT_DIST, 'ort.wasm.min.js')) },
  '/ort-wasm-simd-threaded.mjs': { type: 'text/javascript', body: () => readFileSync(join(ORT_DIST, 'ort-wasm-simd-threaded.mjs')) },
  '/ort-wasm-simd-threaded.wasm': { type: 'application/wasm', body: () => readFileSync(join(ORT_DIST, 'ort-wasm-simd-threaded.wasm')) },
};

/** x [rows][T][F] nested, as a page's caller gives it. */
function nested(x: Float64Array, rows: number, T: number, F: number): number[][][] {
  return Array.from({ length: rows }, (_, r) => Array.from({ length: T }, (_, t) => Array.from(x.subarray((r * T + t) * F, (r * T + t + 1) * F))));
}

describe('ONNX export in a web page: onnxruntime-web in Chromium runs the docs\' page', function () {
  this.timeout(180_000);
  const dir = tempDir('rnnflow-onnx-web-');
  let model: Uint8Array = new Uint8Array();
  let server: Server;
  let base = '';
  let browser: Browser;

  before(async function () {
    requireOrSkip(this, existsSync(CHROMIUM), { missing: `no Chromium at ${CHROMIUM} (the browser tests drive it)`, fix: 'apt-get update && apt-get install -y chromium' });
    server = createServer((req, res) => {
      const path = (req.url ?? '/').split('?')[0];
      // A browser asks for one; the docs' server has none either.
      if (path === '/favicon.ico') { res.writeHead(204).end(); return; }
      const file = path === '/model.onnx' ? { type: 'application/octet-stream', body: () => Buffer.from(model) } : FILES[path];
      if (!file) { res.writeHead(404).end(); return; }
      res.writeHead(200, { 'content-type': file.type, 'cache-control': 'no-store' }).end(file.body());
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });

  after(async () => {
    await browser?.close();
    await new Promise((done) => (server ? server.close(done) : done(undefined)));
    rmSync(dir, { recursive: true, force: true });
  });

  /** A fresh page serving `bytes` as model.onnx; resolves once the page's own example has run, with what it shows. */
  async function openPage(bytes: Uint8Array): Promise<{ page: Page; shown: string; errors: string[] }> {
    model = bytes;
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    await page.goto(`${base}/`);
    await page.waitForFunction(() => !document.getElementById('out').textContent.startsWith('loading'));
    return { page, shown: await page.evaluate(() => document.getElementById('out').textContent), errors };
  }

  async function pagePredict(page: Page, x: number[][][], lengths?: number[]): Promise<{ y: number[]; dims: number[] }> {
    return page.evaluate(([xs, ls]) => window.predict(xs, ls), [x, lengths] as const);
  }

  for (const dtype of ['float64', 'float32'] as const) {
    it(`an exported run (${dtype}): the page's example runs, and predict equals rnnflow on the test split`, async () => {
      const runDir = join(dir, 'run');
      if (!existsSync(join(runDir, 'params', 'final.json'))) {
        const model = { netType: 'binary', outputMode: 'each', cell: 'gru', hiddenSize: 3, bidirectional: 'concat', bias: true };
        await runCollecting(JSON.parse(tinyExperiment({ model, train: { eta: 0.1, batchSize: 8, maxEpochs: 2 } })), { outDir: runDir });
      }
      const out = join(dir, `model-${dtype}.onnx`);
      const r = runCli(['export', runDir, '--format', 'onnx', '--dtype', dtype, '--params', 'final', '--out', out]);
      expect(r.code, r.stderr).to.equal(0);
      const { page, shown, errors } = await openPage(readFileSync(out));
      // The docs' example input is one 4-step minus sample: four probabilities.
      expect(shown).to.match(/^y \[1,4,1\]: ([01]\.\d{3} ){3}[01]\.\d{3}$/);
      const { experiment, source } = readRunExperiment(runDir);
      const split = loadDataset(experiment.data, { seed: experiment.seed, baseDir: source.baseDir, packageDir }).test;
      const params = readRunParams(runDir, 'final');
      const net = new Rnn(params.spec, { batchCapacity: CHUNK });
      net.params.copyFrom(params);
      const error = new RelativeError();
      for (const c of chunksOf(split, net, dtype === 'float32' ? Math.fround : (v) => v)) {
        const { y, dims } = await pagePredict(page, nested(c.x, c.rows, c.T, split.inputSize));
        expect(dims).to.deep.equal([c.rows, c.T, 1]);
        error.add(c.ours, y);
      }
      if (process.env.ONNX_ERRORS) console.log(`      browser, exported GRU run, ${dtype}: worst relative error ${error.value.toExponential(2)}`);
      expect(error.value, `relative error ${error.value}`).to.be.at.most(ONNX_TOLERANCE[dtype]);
      expect(errors).to.deep.equal([]);
      await page.close();
    });

    it(`a text-like model with lengths (${dtype}): GRU, embedding, bidirectional concat; NaN in the padding changes nothing`, async () => {
      const spec = { cell: 'gru', netType: 'multiclass', outputMode: 'last', hiddenSize: [4, 3], bidirectional: 'concat', bias: true, embeddingSize: 3, timesteps: 7, inputSize: 5, outputSize: 4 } as RnnSpec;
      const net = new Rnn(spec);
      // The tests' own stream: the same weights and inputs every run.
      let s = 12345;
      const next = () => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s / 2 ** 31 - 1; };
      for (let i = 0; i < net.params.flat.length; i++) net.params.flat[i] = 1.5 * next();
      const lengths = [7, 1, 4, 2, 7, 5];
      const round = dtype === 'float32' ? Math.fround : (v: number) => v;
      const x = lengths.map((n) => Array.from({ length: 7 }, (_, t) => Array.from({ length: 5 }, () => (t < n ? round(2 * next()) : NaN))));
      const ours = (net.forward(x.map((row) => row.map((step) => step.map((v) => (Number.isNaN(v) ? 0 : v)))), { lengths }) as number[][]).flat();
      const { page, shown, errors } = await openPage(encodeModel(scanGraph(spec, net.params, { dtype, lengths: true }).graph(), {}, 'test'));
      const { y, dims } = await pagePredict(page, x, lengths);
      expect(dims).to.deep.equal([6, 4]);
      const error = new RelativeError().add(ours, y).value;
      if (process.env.ONNX_ERRORS) console.log(`      browser, lengths model, ${dtype}: worst relative error ${error.toExponential(2)}`);
      expect(error, `relative error ${error}`).to.be.at.most(ONNX_TOLERANCE[dtype]);
      // The page's own example feeds this 5-feature model 2 features, and no lengths: it says so.
      expect(shown).to.match(/^error: .*dimension/i);
      expect(errors).to.deep.equal([]);
      await page.close();
    });
  }
});
