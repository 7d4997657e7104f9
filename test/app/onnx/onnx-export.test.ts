import { expect } from 'chai';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeModel, onnx } from '../../../src/app/onnx/graph-builder.js';
import { scanGraph } from '../../../src/app/onnx/scan-graph.js';
import { loadParams } from '../../../src/model/param-file.js';
import { Rnn } from '../../../src/model/rnn.js';
import type { RnnSpec } from '../../../src/model/spec.js';
import { validateExperiment } from '../../../src/app/experiment-file.js';
import { setupRun } from '../../../src/train/setup.js';
import { runCli, tempDir, tinyExperiment, writeFile } from '../../helpers/cli.js';
import { ONNX_TOLERANCE as TOLERANCE, onnxRuntimeOrSkip, relativeError, type OnnxDtype as Dtype, type OnnxRuntime } from '../../helpers/onnxruntime.js';
import { runCollecting } from '../../helpers/run.js';


/** A deterministic stream in [−1, 1): the tests' own, so each case is the same every run. */
function uniform(seed: number): () => number {
  let s = seed >>> 0;
  return () => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s / 2 ** 31 - 1; };
}

/**
 * Runs `bytes` in ONNX Runtime on random x (garbage in the padding: NaN for ONNX Runtime, 1e30 for
 * rnnflow, which asks for finite numbers) and returns the relative error against net.forward.
 */
async function compare(ort: OnnxRuntime, bytes: Uint8Array, net: Rnn, dtype: Dtype, lengths: number[] | null, seed: number): Promise<number> {
  const { inputSize: F } = net.spec, B = 5, T = net.spec.timesteps, next = uniform(seed);
  const round = dtype === 'float32' ? Math.fround : (v: number) => v;
  const x = Array.from({ length: B }, (_, b) => Array.from({ length: T }, (_, t) =>
    Array.from({ length: F }, () => (lengths && t >= lengths[b] ? 1e30 : round(2 * next())))));
  return compareOn(ort, bytes, net, dtype, x, lengths);
}

/** The same on given x [batch][T][features] (1e30 marks padding). */
async function compareOn(ort: OnnxRuntime, bytes: Uint8Array, net: Rnn, dtype: Dtype, x: number[][][], lengths: number[] | null): Promise<number> {
  const B = x.length, T = x[0].length, F = x[0][0].length;
  const ours = (lengths ? net.forward(x, { lengths }) : net.forward(x)).flat(2) as number[];
  const flatX = x.flat(2).map((v) => (v === 1e30 ? NaN : v));
  const feeds: Record<string, InstanceType<OnnxRuntime['Tensor']>> = {
    x: new ort.Tensor(dtype, dtype === 'float32' ? Float32Array.from(flatX) : Float64Array.from(flatX), [B, T, F]),
  };
  if (lengths) feeds.lengths = new ort.Tensor('int64', BigInt64Array.from(lengths.map(BigInt)), [B]);
  const session = await ort.InferenceSession.create(bytes);
  const { y } = await session.run(feeds);
  return relativeError(ours, y.data as Float32Array | Float64Array);
}

const KINDS: { label: string; spec: Partial<RnnSpec> }[] = [
  { label: 'Elman regression each, bias', spec: { cell: 'elman', netType: 'regression', outputMode: 'each', hiddenSize: 3, bias: true } },
  { label: 'Elman binary last, stack [3, 2] concat, no bias', spec: { cell: 'elman', netType: 'binary', outputMode: 'last', hiddenSize: [3, 2], bidirectional: 'concat', bias: false } },
  { label: 'LSTM binary last, stack [3, 2] concat, bias', spec: { cell: 'lstm', netType: 'binary', outputMode: 'last', hiddenSize: [3, 2], bidirectional: 'concat', bias: true } },
  { label: 'LSTM regression each, stack [2, 2] sum, no bias', spec: { cell: 'lstm', netType: 'regression', outputMode: 'each', hiddenSize: [2, 2], bidirectional: 'sum', bias: false } },
  { label: 'GRU multiclass each, stack [2, 3] sum, no bias', spec: { cell: 'gru', netType: 'multiclass', outputMode: 'each', hiddenSize: [2, 3], bidirectional: 'sum', bias: false } },
  { label: 'GRU multiclass last, concat, embedding 2, bias', spec: { cell: 'gru', netType: 'multiclass', outputMode: 'last', hiddenSize: 3, bidirectional: 'concat', bias: true, embeddingSize: 2 } },
  { label: 'LSTM multiclass each, bias', spec: { cell: 'lstm', netType: 'multiclass', outputMode: 'each', hiddenSize: 4, bias: true } },
];

describe('ONNX export: the Scan graph in ONNX Runtime equals rnnflow\'s forward', function () {
  this.timeout(60_000);
  let ort: OnnxRuntime;
  before(function () { ort = onnxRuntimeOrSkip(this); });

  KINDS.forEach(({ label, spec: partial }, k) => {
    for (const dtype of ['float64', 'float32'] as const) {
      for (const withLengths of [false, true]) {
        it(`${label}, ${dtype}${withLengths ? ', mixed lengths with garbage padding' : ''}`, async () => {
          const spec = { timesteps: 6, inputSize: 4, outputSize: 3, ...partial } as RnnSpec;
          const net = new Rnn(spec);
          const next = uniform(100 + k);
          for (let i = 0; i < net.params.flat.length; i++) net.params.flat[i] = 1.5 * next();
          const bytes = encodeModel(scanGraph(spec, net.params, { dtype, lengths: withLengths }).graph(), {}, 'test');
          const error = await compare(ort, bytes, net, dtype, withLengths ? [6, 1, 3, 6, 2] : null, 7 + k);
          if (process.env.ONNX_ERRORS) console.log(`      ${label}, ${dtype}${withLengths ? ", lengths" : ""}: worst relative error ${error.toExponential(2)}`);
          expect(error, `relative error ${error}`).to.be.at.most(TOLERANCE[dtype]);
        });
      }
    }
  });
});

describe('ONNX export with --onnx-ops native: ONNX\'s RNN/LSTM/GRU ops (float32) in ONNX Runtime equal rnnflow\'s forward', function () {
  this.timeout(60_000);
  let ort: OnnxRuntime;
  before(function () { ort = onnxRuntimeOrSkip(this); });

  KINDS.forEach(({ label, spec: partial }, k) => {
    for (const withLengths of [false, true]) {
      it(`${label}${withLengths ? ', mixed lengths with garbage padding' : ''}`, async () => {
        const spec = { timesteps: 6, inputSize: 4, outputSize: 3, ...partial } as RnnSpec;
        const net = new Rnn(spec);
        const next = uniform(200 + k);
        for (let i = 0; i < net.params.flat.length; i++) net.params.flat[i] = 1.5 * next();
        const graph = scanGraph(spec, net.params, { dtype: 'float32', lengths: withLengths, ops: 'native' }).graph();
        const ops = new Set(graph.node!.map((n) => n.opType));
        expect(ops.has('Scan')).to.equal(false);
        expect(ops.has({ elman: 'RNN', lstm: 'LSTM', gru: 'GRU' }[spec.cell!]!)).to.equal(true);
        const error = await compare(ort, encodeModel(graph, {}, 'test'), net, 'float32', withLengths ? [6, 1, 3, 6, 2] : null, 17 + k);
        if (process.env.ONNX_ERRORS) console.log(`      native ${label}${withLengths ? ', lengths' : ''}: worst relative error ${error.toExponential(2)}`);
        expect(error, `relative error ${error}`).to.be.at.most(TOLERANCE.float32);
      });
    }
  });
});

describe('rnnflow export --format onnx', function () {
  this.timeout(120_000);
  const dir = tempDir();
  const runDir = join(dir, 'run');
  const model = { netType: 'binary', outputMode: 'each', cell: 'gru', hiddenSize: [3, 2], bidirectional: 'concat', bias: true };
  const train = { eta: 0.1, batchSize: 8, maxEpochs: 2 };
  let ort: OnnxRuntime;
  before(async function () {
    ort = onnxRuntimeOrSkip(this);
    await runCollecting(JSON.parse(tinyExperiment({ model, train })), { outDir: runDir });
  });

  /** The run's test split as [rows][T][features], gathered as training does. */
  function testInputs(dtype: Dtype): number[][][] {
    const source = { file: join(dir, 'tiny.json5'), baseDir: dir };
    const { data } = setupRun(validateExperiment(JSON.parse(tinyExperiment({ model, train })), source), source);
    const { size: rows, timesteps: T, inputSize: F } = data.test;
    const x = new Float64Array(T * rows * F), y = new Float64Array(T * rows * data.test.outputSize);
    data.test.gather(Array.from({ length: rows }, (_, r) => r), 0, rows, x, y);
    const round = dtype === 'float32' ? Math.fround : (v: number) => v;
    return Array.from({ length: rows }, (_, r) => Array.from({ length: T }, (_, t) => Array.from(x.subarray((t * rows + r) * F, (t * rows + r + 1) * F), round)));
  }

  for (const [dtype, ops] of [['float64', 'scan'], ['float32', 'scan'], ['float32', 'native']] as const) {
    it(`exports a trained run (${dtype}, --onnx-ops ${ops}) whose ONNX model gives the run's predictions, with the run in metadata_props`, async () => {
      const out = join(dir, `model-${dtype}-${ops}.onnx`);
      const r = runCli(['export', runDir, '--format', 'onnx', '--dtype', dtype, '--onnx-ops', ops, '--params', 'final', '--out', out]);
      expect(r.code, r.stderr).to.equal(0);
      expect(r.stdout).to.match(/ONNX model \(opset 17, float(32|64)\), inputs x, output y/);
      const bytes = readFileSync(out);
      const model = onnx.ModelProto.decode(bytes);
      expect(Number(model.irVersion)).to.equal(8);
      expect(model.opsetImport.map((o) => Number(o.version))).to.deep.equal([17]);
      expect(model.graph!.node!.map((n) => n.opType)).to.include(ops === 'native' ? 'GRU' : 'Scan');
      const meta = Object.fromEntries(model.metadataProps.map((p) => [p.key, p.value]));
      expect(meta['rnnflow.run']).to.equal('run');
      expect(meta['rnnflow.params']).to.equal('final');
      expect(meta['rnnflow.code_version']).to.match(/\S/);
      expect(JSON.parse(meta['rnnflow.data'])).to.include({ name: 'minus' });
      const params = loadParams(join(runDir, 'params', 'final.json'));
      const net = new Rnn(params.spec);
      net.params.copyFrom(params);
      const random = await compare(ort, bytes, net, dtype, null, 3);
      expect(random, `relative error ${random}`).to.be.at.most(TOLERANCE[dtype]);
      const onTest = await compareOn(ort, bytes, net, dtype, testInputs(dtype), null);
      expect(onTest, `relative error on the test split ${onTest}`).to.be.at.most(TOLERANCE[dtype]);
    });
  }

  it('refuses an unknown format or dtype, and an existing --out without --overwrite, in one line with exit 2', () => {
    for (const [args, line] of [[['--format', 'xml'], /--format.*'xml' is invalid.*safetensors, onnx/], [['--format', 'onnx', '--dtype', 'float16'], /--dtype.*'float16' is invalid.*float64, float32/]] as const) {
      const r = runCli(['export', runDir, ...args, '--out', join(dir, 'never.onnx')]);
      expect(r.code, r.stderr).to.equal(2);
      // The error's one line, then the CLI's usual pointer to --help.
      expect(r.stderr.trim().split('\n')[0]).to.match(line);
      expect(r.stderr).to.not.match(/\n\s+at /);
    }
    const native64 = runCli(['export', runDir, '--format', 'onnx', '--onnx-ops', 'native', '--out', join(dir, 'never.onnx')]);
    expect(native64.code, native64.stderr).to.equal(2);
    expect(native64.stderr.trim().split('\n')[0]).to.match(/--onnx-ops native: ONNX Runtime's RNN, LSTM and GRU kernels refuse float64; use --dtype float32, or --onnx-ops scan/);
    expect(existsSync(join(dir, 'never.onnx'))).to.equal(false);
    const taken = writeFile(dir, 'taken.onnx', 'keep me');
    const r = runCli(['export', runDir, '--format', 'onnx', '--out', taken]);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.match(/taken\.onnx exists; choose another --out, or pass --overwrite/);
    expect(readFileSync(taken, 'utf8')).to.equal('keep me');
  });
});
