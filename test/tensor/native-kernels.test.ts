/**
 * The native kernels at the seam: a fuzz of random shapes and offsets against the JS kernels (every
 * level, both dtypes), bounds checked before anything is touched, and a back end asked for is the one
 * that runs or an error, never a silent fallback.
 */
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { createKernels, FLOAT_TYPES, type Kernels } from '../../src/tensor/kernels.js';
import { machineKernels, nativeIsa } from '../../src/tensor/backend.js';
import { Wasm } from '../../src/tensor/wasm/api.js';
import { Random } from '../../src/core/random.js';
import { packageDir } from '../../src/core/paths.js';
import { nativeIsas, nativeKernelsAt } from '../helpers/backends.js';

const ELEMENTS = 65536 * 16 / 8; // 16 pages of float64 (twice as many float32)

/** One random call: a kernel, shapes up to 70 and offsets anywhere in memory (regions apart), run on js and on `other`. */
function fuzzOnce(rng: Random, mem: Float64Array | Float32Array, js: Kernels, other: Kernels): string {
  const size = () => rng.int(1, 70);
  const m = size(), k = size(), n = size();
  // Four regions far apart, each at a random (odd or even) offset inside its quarter.
  const quarter = Math.floor(mem.length / 4);
  const [a, b, c, d] = [0, 1, 2, 3].map((q) => q * quarter + rng.int(0, quarter - 70 * 70 - 1));
  const which = rng.int(0, 8);
  const calls: [string, (kk: Kernels) => void, number, number][] = [
    [`mm+= ${m}×${k}×${n}`, (kk) => kk.mm(a, b, c, m, k, n, true), c, m * n],
    [`mm= ${m}×${k}×${n}`, (kk) => kk.mm(a, b, c, m, k, n, false), c, m * n],
    [`mmB ${m}×${k}×${n}`, (kk) => { kk.prepareB(b, k, n, false, d); kk.mmB(a, d, c, m, k, n, true); }, c, m * n],
    [`mmBᵀ ${m}×${k}×${n}`, (kk) => { kk.prepareB(b, n, k, true, d); kk.mmB(a, d, c, m, k, n, false); }, c, m * n],
    [`mmBRow ${m}×${k}×${n}`, (kk) => { kk.prepareB(b, k, n, false, d); kk.mmBRow(a, d, c, m, k, n, b + k * n); }, c, m * n],
    [`mmTA ${m}×${k}×${n}`, (kk) => kk.mmTA(a, b, c, m, k, n), c, k * n],
    [`tanh ${m * k}`, (kk) => kk.tanh(c, m * k), c, m * k],
    [`tanhGrad ${m * k}`, (kk) => kk.tanhGrad(c, a, m * k), c, m * k],
    [`columnSums ${m}×${n}`, (kk) => kk.columnSums(a, m, n, c), c, n],
  ];
  const [name, run, out, count] = calls[which];
  const start = mem.slice(c, c + 70 * 70);
  run(js);
  const want = Array.from(mem.subarray(out, out + count));
  mem.set(start, c);
  run(other);
  const got = Array.from(mem.subarray(out, out + count));
  mem.set(start, c);
  expect(got, `${name}, offsets ${a} ${b} ${c} ${d}`).to.deep.equal(want);
  return name;
}

for (const dtype of FLOAT_TYPES) describe(`${dtype} native kernels at the seam`, () => {
  const memory = new Wasm.Memory({ initial: 16, maximum: 16, shared: true });
  const mem: Float64Array | Float32Array = dtype === 'float32' ? new Float32Array(memory.buffer) : new Float64Array(memory.buffer);

  it('fuzz: random kernels, shapes and offsets give the JS kernels\' bits at every level', function () {
    const rng = new Random(41, `fuzz-${dtype}`);
    for (let i = 0; i < mem.length; i++) mem[i] = rng.normal();
    const js = createKernels('js', memory, [], dtype);
    let calls = 0;
    for (const isa of nativeIsas(this)) {
      const native = nativeKernelsAt(isa, memory, [], dtype);
      for (let i = 0; i < 150; i++, calls++) fuzzOnce(rng, mem, js, native);
    }
    expect(calls).to.be.above(0);
  });

  it('a range past the memory, a negative or fractional offset is a RangeError that touches nothing', function () {
    const isas = nativeIsas(this);
    const elements = dtype === 'float32' ? 2 * ELEMENTS : ELEMENTS;
    expect(mem.length).to.equal(elements);
    for (let i = 0; i < mem.length; i++) mem[i] = i % 251;
    const before = mem.slice();
    for (const isa of isas) {
      const k = nativeKernelsAt(isa, memory, [], dtype);
      const bad: [string, () => void][] = [
        ['C past the end', () => k.mm(0, 100, elements - 10, 4, 4, 4, false)],
        ['A past the end', () => k.mm(elements - 15, 0, 100, 4, 4, 4, false)],
        ['a huge m', () => k.mm(0, 0, 0, 2 ** 40, 1, 1, false)],
        ['a negative offset', () => k.mmB(-8, 0, 100, 4, 4, 4, true)],
        ['a fractional offset', () => k.mmTA(0.5, 0, 100, 4, 4, 4)],
        ['NaN', () => k.mm(Number.NaN, 0, 100, 4, 4, 4, false)],
        ['the bias row past the end', () => k.mmBRow(0, 0, 100, 4, 4, 4, elements - 3)],
        ['Aᵀ·B\'s C past the end', () => k.mmTA(0, 0, elements - 19, 4, 5, 4)],
        ['prepareB\'s destination past the end', () => k.prepareB(0, 30, 30, true, elements - 899)],
        ['tanh past the end', () => k.tanh(elements - 5, 6)],
        ['tanhGrad\'s s past the end', () => k.tanhGrad(0, elements - 5, 6)],
        ['add\'s out past the end', () => k.add(elements, 0, 0, 1)],
        ['columnSums\' out past the end', () => k.columnSums(0, 3, 9, elements - 8)],
      ];
      for (const [what, call] of bad) expect(call, `${isa}: ${what}`).to.throw(RangeError, /^native /);
      // Exactly at the end is inside.
      k.mm(0, 100, elements - 16, 4, 4, 4, false);
      mem.set(before.subarray(elements - 16), elements - 16);
    }
    expect(Array.from(mem.subarray(0, 1000))).to.deep.equal(Array.from(before.subarray(0, 1000)));
    expect(mem.every((v, i) => v === before[i]), 'nothing written by a refused call').to.equal(true);
  });
});

describe('a back end asked for runs, or is an error', () => {
  const memory = new Wasm.Memory({ initial: 1, maximum: 1, shared: true });

  it('native at each level RNNFLOW_NATIVE_ISA names runs that level; a level above the CPU\'s or unknown is an error', function () {
    const isas = nativeIsas(this);
    for (const isa of isas) expect(nativeKernelsAt(isa, memory, [], 'float64').isa).to.equal(isa);
    expect(nativeIsa({})).to.equal(isas[isas.length - 1]);
    expect(() => nativeIsa({ RNNFLOW_NATIVE_ISA: 'avx1024' })).to.throw(/RNNFLOW_NATIVE_ISA=avx1024: use one of sse, avx2, avx512/);
    if (!isas.includes('avx512')) expect(() => nativeIsa({ RNNFLOW_NATIVE_ISA: 'avx512' })).to.throw(/this CPU runs only/);
  });

  it('RNNFLOW_KERNELS picks the back end; an unknown one is an error; unset, native where built', function () {
    for (const name of ['js', 'wasm', 'native'] as const) expect(machineKernels({ RNNFLOW_KERNELS: name })).to.equal(name);
    expect(() => machineKernels({ RNNFLOW_KERNELS: 'cuda' })).to.throw(/RNNFLOW_KERNELS=cuda: use one of native, wasm, js/);
    expect(machineKernels({})).to.equal(nativeIsas(this).length ? 'native' : 'wasm');
    expect(createKernels('native', memory, [], 'float64').name).to.equal('native');
  });

  it('native asked for where the addon is missing is an error naming why, not WebAssembly', () => {
    const script = `import('${packageDir}/dist/src/tensor/kernels.js').then((k) => {
      const memory = new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
      try { const made = k.createKernels('native', memory); console.log('ran ' + made.name); } catch (e) { console.log('refused: ' + e.message); }
    })`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8', env: { ...process.env, RNNFLOW_NATIVE_ADDON: '/nonexistent/rnnflow_native.node' },
    });
    expect(out).to.match(/^refused: native kernels asked for, but the native kernels were not built \(\/nonexistent\/rnnflow_native.node is missing/);
  });
});
