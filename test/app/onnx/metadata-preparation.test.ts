/**
 * Issue 24: the model's metadata_props are enough to use it. A "user" here has only the .onnx file:
 * it decodes metadata_props, prepares raw input by what they say (no rnnflow code: the text rules
 * and vocabulary of a names run; the feature definitions, normalisation and output scaling of a
 * PM2.5 value run), runs onnxruntime-node, and gets `rnnflow predict`'s numbers (loadRun).
 */
import { expect } from 'chai';
import JSON5 from 'json5';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { exportRun } from '../../../src/app/export.js';
import { onnx } from '../../../src/app/onnx/graph-builder.js';
import { loadRun } from '../../../src/app/predict/run-model.js';
import { parseCsvTable } from '../../../src/data/csv-table.js';
import { root, tempDir } from '../../helpers/cli.js';
import { onnxRuntimeOrSkip, RelativeError, type OnnxRuntime } from '../../helpers/onnxruntime.js';
import { runCollecting } from '../../helpers/run.js';

/** A shipped experiment trained one epoch into dir/name, exported float64; returns the run and the model file. */
async function trainedAndExported(dir: string, name: string): Promise<{ runDir: string; file: string }> {
  const doc = JSON5.parse(readFileSync(join(root, 'experiments', `${name}.json5`), 'utf8'));
  doc.train = { ...doc.train, maxEpochs: 1 };
  doc.sinks = ['jsonl', 'checkpoint', 'summary'];
  doc.expect = [];
  const runDir = join(dir, name);
  await runCollecting(doc, { outDir: runDir });
  const file = join(dir, `${name}.onnx`);
  exportRun(runDir, { params: 'final', format: 'onnx', dtype: 'float64', out: file });
  return { runDir, file };
}

function metadataOf(file: string): Record<string, string> {
  return Object.fromEntries(onnx.ModelProto.decode(readFileSync(file)).metadataProps.map((p) => [p.key, p.value]));
}

describe('ONNX export: metadata_props alone reproduce rnnflow predict', function () {
  this.timeout(300_000);
  let ort: OnnxRuntime;
  const dir = tempDir('rnnflow-onnx-meta-');
  before(function () { ort = onnxRuntimeOrSkip(this); });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('names: texts prepared by rnnflow.input.text and one-hot by rnnflow.input.vocabulary give predict\'s probabilities', async () => {
    const { runDir, file } = await trainedAndExported(dir, 'names');
    const meta = metadataOf(file);
    const text = JSON.parse(meta['rnnflow.input.text']) as { tokens: string; stripAccents: boolean; lowerCase: boolean; keep: string | null };
    const vocabulary = JSON.parse(meta['rnnflow.input.vocabulary']) as string[];
    const classes = JSON.parse(meta['rnnflow.output.names']) as string[];
    expect(text.tokens).to.equal('characters');
    const names = ['Nakamura', 'Müller', 'O\'Neill', 'Dvořák', 'Ng'];
    const prepared = names.map((n) => {
      let s = text.stripAccents ? n.normalize('NFD').replace(/\p{M}/gu, '') : n;
      if (text.lowerCase) s = s.toLowerCase();
      return [...s].filter((c) => text.keep === null || text.keep.includes(c));
    });
    const T = Math.max(...prepared.map((p) => p.length)), F = vocabulary.length;
    const x = new Float64Array(names.length * T * F);
    prepared.forEach((chars, b) => chars.forEach((c, t) => { const k = vocabulary.indexOf(c); if (k >= 0) x[(b * T + t) * F + k] = 1; }));
    const session = await ort.InferenceSession.create(file);
    const { y } = await session.run({
      x: new ort.Tensor('float64', x, [names.length, T, F]),
      lengths: new ort.Tensor('int64', BigInt64Array.from(prepared, (p) => BigInt(p.length)), [names.length]),
    });
    const model = await loadRun(runDir, { params: 'final' });
    const predicted = model.predict(names, { top: classes.length });
    const ours = predicted.rows.flatMap((r) => classes.map((c) => r.top!.find((g) => g.label === c)!.probability));
    const error = new RelativeError().add(ours, y.data as Float64Array).value;
    expect(error, `relative error ${error}`).to.be.at.most(1e-12);
  });

  it('pm25-regression: raw UCI rows made into features by rnnflow.input.definitions, normalised, unscaled give predict\'s µg/m³', async () => {
    const { runDir, file } = await trainedAndExported(dir, 'pm25-regression');
    const meta = metadataOf(file);
    const features = JSON.parse(meta['rnnflow.input.features']) as string[];
    const norm = JSON.parse(meta['rnnflow.input.normalisation']) as { min: number[]; max: number[] };
    const out = JSON.parse(meta['rnnflow.output.scaling']) as { min: number; max: number };
    const definitions = JSON.parse(meta['rnnflow.input.definitions']) as Record<string, string>;
    const T = Number(meta['rnnflow.input.timesteps']);
    // The data file by base name only: no folder of the training machine leaves with the model.
    const dataset = JSON.parse(meta['rnnflow.dataset']) as { file: string };
    expect(dataset.file).to.match(/\.csv(\.gz)?$/);
    expect(dataset.file).to.not.contain('/');
    // The wind codes as the definition states them ("cbwd as a number: NW 9, NE 3, …").
    const codes = Object.fromEntries([...definitions.windDirection.matchAll(/(\w+) (\d+)/g)].map((m) => [m[1], Number(m[2])]));
    const csvFile = join(root, 'data', 'pm25-last-days.csv');
    const [header, ...lines] = readFileSync(csvFile, 'utf8').trim().split('\n').map((l) => l.split(','));
    const rows = lines.map((cells) => Object.fromEntries(header.map((h, j) => [h, cells[j]])));
    const value = (r: number, f: string): number => {
      const row = rows[r], num = (c: string) => Number(row[c]);
      switch (f) {
        case 'pollution': return num('pm2.5');
        case 'dewPoint': return num('DEWP');
        case 'temperature': return num('TEMP');
        case 'pressure': return num('PRES');
        case 'windDirection': return codes[row.cbwd];
        case 'windSpeed': return row.cbwd === rows[r - 1].cbwd ? num('Iws') - Number(rows[r - 1].Iws) : num('Iws');
        case 'hourSin': return Math.sin(2 * Math.PI * num('hour') / 24);
        case 'hourCos': return Math.cos(2 * Math.PI * num('hour') / 24);
        case 'monthSin': return Math.sin(2 * Math.PI * (num('month') - 1) / 12);
        case 'monthCos': return Math.cos(2 * Math.PI * (num('month') - 1) / 12);
        case 'snowHours': return num('Is');
        case 'rainHours': return num('Ir');
        default: throw new Error(`no definition for ${f}`);
      }
    };
    // Row 0 only gives row 1's hourly wind speed: windows end at rows T … n − 1.
    const ends = Array.from({ length: rows.length - T }, (_, w) => T + w);
    const F = features.length;
    const x = new Float64Array(ends.length * T * F);
    ends.forEach((e, b) => {
      for (let t = 0; t < T; t++) {
        features.forEach((f, j) => {
          const range = norm.max[j] - norm.min[j];
          const v = value(e - T + 1 + t, f) - norm.min[j];
          x[(b * T + t) * F + j] = range > 0 ? v / range : v;
        });
      }
    });
    const session = await ort.InferenceSession.create(file);
    const { y } = await session.run({ x: new ort.Tensor('float64', x, [ends.length, T, F]) });
    const theirs = Array.from(y.data as Float64Array, (v) => v * (out.max - out.min) + out.min);
    const model = await loadRun(runDir, { params: 'final' });
    const predicted = model.predict(parseCsvTable(readFileSync(csvFile, 'utf8'), csvFile));
    const ours = predicted.rows.map((r) => r.forecasts[0].value!);
    expect(ours).to.have.length(ends.length);
    const error = new RelativeError().add(ours, theirs).value;
    expect(error, `relative error ${error}`).to.be.at.most(1e-12);
  });
});
