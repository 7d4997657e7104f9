import { expect } from 'chai';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rnn } from '../../src/model/rnn.js';
import { initParameters } from '../../src/model/init.js';
import { loadParams, saveParams } from '../../src/model/param-file.js';
import { Random } from '../../src/core/random.js';
import type { RnnSpec } from '../../src/model/spec.js';

const spec: RnnSpec = { netType: 'regression', outputMode: 'each', timesteps: 4, inputSize: 3, hiddenSize: 5, outputSize: 2, bias: true };

describe('parameter files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rnnflow-params-'));
  const net = new Rnn(spec);
  initParameters(net.params, 'book', new Random(5, 'init'));
  const file = join(dir, 'p.json');
  saveParams(file, net.params, { kind: 'final' });

  it('save → load is bit-exact', () => {
    const back = loadParams(file, spec);
    expect(Buffer.from(back.flat.buffer).equals(Buffer.from(net.params.flat.buffer))).to.equal(true);
    expect(JSON.parse(readFileSync(file, 'utf8'))).to.include({ format: 'rnnflow-params', version: 2 });
  });

  it('version 2 carries the cell, the layers and the direction; every net round-trips bit-exactly', () => {
    const stacked: RnnSpec = { ...spec, cell: 'gru', hiddenSize: [3, 2], bidirectional: 'concat' };
    const gru = new Rnn(stacked);
    initParameters(gru.params, 'pytorch', new Random(6, 'init'));
    const f = join(dir, 'gru.json');
    saveParams(f, gru.params);
    expect(JSON.parse(readFileSync(f, 'utf8')).spec).to.include({ cell: 'gru', bidirectional: 'concat' });
    const back = loadParams(f, stacked);
    expect(Array.from(back.flat)).to.deep.equal(Array.from(gru.params.flat));
    expect(() => loadParams(f, { ...stacked, cell: 'lstm' })).to.throw(/cell: expected "lstm", file has "gru"/);
  });

  it('a float32 net: the file says dtype float32, its values read back bit-exactly into a float32 net; float64 files have no dtype', () => {
    const f32: RnnSpec = { ...spec, cell: 'lstm', dtype: 'float32' };
    const net32 = new Rnn(f32);
    initParameters(net32.params, 'pytorch', new Random(7, 'init'));
    const f = join(dir, 'f32.json');
    saveParams(f, net32.params);
    expect(JSON.parse(readFileSync(f, 'utf8')).spec).to.include({ dtype: 'float32' });
    expect(JSON.parse(readFileSync(file, 'utf8')).spec).to.not.have.property('dtype');
    const back = loadParams(f, f32);
    expect(back.flat).to.be.instanceOf(Float32Array);
    expect(Buffer.from(back.flat.buffer).equals(Buffer.from(net32.params.flat.buffer))).to.equal(true);
    expect(() => loadParams(f, { ...f32, dtype: 'float64' })).to.throw(/dtype: expected "float64", file has "float32"/);
  });

  it('a version-1 file (one Elman layer, no cell field) still loads', () => {
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    doc.version = 1;
    delete doc.spec.cell;
    delete doc.spec.bidirectional;
    const v1 = join(dir, 'v1.json');
    writeFileSync(v1, JSON.stringify(doc));
    const back = loadParams(v1, spec);
    expect(Array.from(back.flat)).to.deep.equal(Array.from(net.params.flat));
    expect(back.toNested()).to.have.keys('U', 'W', 'V', 'bu', 'bv');
    writeFileSync(v1, JSON.stringify({ ...doc, spec: { ...doc.spec, cell: 'lstm' } }));
    expect(() => loadParams(v1)).to.throw(/unknown spec field cell/);
  });

  it('a differing spec names each field and both values', () => {
    expect(() => loadParams(file, { ...spec, hiddenSize: 6, bias: false }))
      .to.throw(/hiddenSize: expected 6, file has 5; bias: expected false, file has true/);
  });

  it('a truncated file names the file, not a stack of JSON internals', () => {
    const bad = join(dir, 'truncated.json');
    writeFileSync(bad, readFileSync(file, 'utf8').slice(0, 200));
    expect(() => loadParams(bad)).to.throw(new RegExp(`${bad.replace(/[/.]/g, '\\$&')}: not valid JSON, the file may be truncated`));
  });

  it('NaN values, missing tensors and wrong shapes are refused with the tensor named', () => {
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    const write = (name: string, d: unknown) => { const f = join(dir, name); writeFileSync(f, JSON.stringify(d)); return f; };
    const nan = structuredClone(doc); nan.tensors.W.values[3] = null;
    expect(() => loadParams(write('nan.json', nan))).to.throw(/tensor W value 3 \(row \d+, column \d+\) is null, not a finite number/);
    const missing = structuredClone(doc); delete missing.tensors.bv;
    expect(() => loadParams(write('missing.json', missing))).to.throw(/tensor bv is missing/);
    const shape = structuredClone(doc); shape.tensors.U.shape = [5, 3];
    expect(() => loadParams(write('shape.json', shape))).to.throw(/tensor U has shape \[5,3\], the spec needs \[3,5\]/);
    expect(() => loadParams(write('other.json', { hello: 1 }))).to.throw(/not an rnnflow parameter file/);
    expect(() => loadParams(join(dir, 'absent.json'))).to.throw(/absent.json: cannot read the parameter file \(ENOENT\)/);
  });
});
