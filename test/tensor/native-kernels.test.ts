/**
 * The native kernels at the seam: a fuzz of random shapes and offsets against the JS kernels (every
 * level, both dtypes), bounds checked before anything is touched, and a back end asked for is the one
 * that runs or an error, never a silent fallback.
 */
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { createKernels, FLOAT_TYPES, NO_STEP, type Kernels } from '../../src/tensor/kernels.js';
import { machineKernels, nativeIsa } from '../../src/tensor/backend.js';
import { Wasm } from '../../src/tensor/wasm/api.js';
import { Random } from '../../src/core/random.js';
import { packageDir } from '../../src/core/paths.js';
import { nativeIsas, nativeKernelsAt } from '../helpers/backends.js';
import { expectSameWrites } from '../helpers/same-writes.js';

const ELEMENTS = 65536 * 16 / 8; // 16 pages of float64 (twice as many float32)

/** One random call: a kernel, shapes up to 70 and offsets anywhere in memory (regions apart), run on js and on `other`. */
function fuzzOnce(rng: Random, mem: Float64Array | Float32Array, js: Kernels, other: Kernels): string {
  const size = () => rng.int(1, 70);
  const m = size(), k = size(), n = size();
  // Four regions far apart, each at a random (odd or even) offset inside its quarter.
  const quarter = Math.floor(mem.length / 4);
  const [a, b, c, d] = [0, 1, 2, 3].map((q) => q * quarter + rng.int(0, quarter - 70 * 70 - 1));
  const calls: [string, (kk: Kernels) => void][] = [
    [`mm+= ${m}×${k}×${n}`, (kk) => kk.mm(a, b, c, m, k, n, true)],
    [`mm= ${m}×${k}×${n}`, (kk) => kk.mm(a, b, c, m, k, n, false)],
    [`mmB ${m}×${k}×${n}`, (kk) => { kk.prepareB(b, k, n, false, d); kk.mmB(a, d, c, m, k, n, true); }],
    [`mmBᵀ ${m}×${k}×${n}`, (kk) => { kk.prepareB(b, n, k, true, d); kk.mmB(a, d, c, m, k, n, false); }],
    [`mmBRow ${m}×${k}×${n}`, (kk) => { kk.prepareB(b, k, n, false, d); kk.mmBRow(a, d, c, m, k, n, b + k * n); }],
    [`mmTA ${m}×${k}×${n}`, (kk) => kk.mmTA(a, b, c, m, k, n)],
    [`tanh ${m * k}`, (kk) => kk.tanh(c, m * k)],
    [`tanhGrad ${m * k}`, (kk) => kk.tanhGrad(c, a, m * k)],
    [`columnSums ${m}×${n}`, (kk) => kk.columnSums(a, m, n, c)],
    ...gateCalls(rng, mem.length, m, n),
  ];
  const [name, run] = calls[rng.int(0, calls.length - 1)];
  // d holds a prepared B, in each back end's own layout.
  expectSameWrites(mem, js, other, run, `${name}, offsets ${a} ${b} ${c} ${d}`, [d, k * n]);
  return name;
}

/**
 * The gate kernels on a random step of rows × hidden: operands one after another from a random
 * offset with random gaps, a random first or last step (NO_STEP), padded rows or none, in place or not.
 */
function gateCalls(rng: Random, elements: number, rows: number, hidden: number): [string, (kk: Kernels) => void][] {
  const step = rows * hidden;
  let at = rng.int(0, elements - 24 * step - 12 * 64);
  const next = (size: number) => { const o = at; at += size + rng.int(0, 63); return o; };
  const [g4, d4, g3a, g3b, g3c, g2] = [4 * step, 4 * step, 3 * step, 3 * step, 3 * step, 2 * step].map(next);
  const [s1, s2, s3, s4, s5] = [step, step, step, step, step].map(next);
  const maybe = (o: number) => (rng.int(0, 2) === 0 ? NO_STEP : o);
  const t = rng.int(0, 6), lengths = rng.int(0, 1) ? Int32Array.from({ length: rows }, () => rng.int(1, 7)) : null;
  const inPlace = rng.int(0, 1) === 1, toward = rng.int(0, 1) ? 1 : -1, fromNext = maybe(s4);
  const shape = `${rows}×${hidden}, t = ${t}, lengths ${lengths ? Array.from(lengths).join(',') : 'none'}${inPlace ? ', in place' : ''}`;
  const cPrev = maybe(s1), hPrev = maybe(s1), carryIn = maybe(s5);
  return [
    [`lstmForward ${shape}`, (kk) => kk.lstmForward(g4, inPlace ? s2 : cPrev, s2, s3, s4, rows, hidden)],
    [`lstmBackward ${shape}`, (kk) => kk.lstmBackward(g4, cPrev, s2, s3, carryIn, inPlace || carryIn === NO_STEP ? s5 : s4, d4, rows, hidden, lengths, t)],
    [`gruForward ${shape}`, (kk) => kk.gruForward(g3a, g3b, g2, s2, inPlace ? s3 : hPrev, s3, rows, hidden)],
    [`gruBackward ${shape}, next ${t + toward}`, (kk) => kk.gruBackward(g2, s2, g3a, hPrev, s3, fromNext, fromNext === NO_STEP ? NO_STEP : s5, g3b, g3c, rows, hidden, lengths, t, t + toward)],
  ];
}

for (const dtype of FLOAT_TYPES) describe(`${dtype} native kernels at the seam`, () => {
  const memory = new Wasm.Memory({ initial: 16, maximum: 16, shared: true });
  const mem: Float64Array | Float32Array = dtype === 'float32' ? new Float32Array(memory.buffer) : new Float64Array(memory.buffer);

  it('fuzz: random kernels, shapes and offsets give the JS kernels\' bits at every level', function () {
    const rng = new Random(41, `fuzz-${dtype}`);
    for (let i = 0; i < mem.length; i++) mem[i] = rng.normal();
    const js = createKernels('js', memory, [], dtype);
    const seen = new Set<string>();
    for (const isa of nativeIsas(this)) {
      const native = nativeKernelsAt(isa, memory, [], dtype);
      for (let i = 0; i < 150; i++) seen.add(fuzzOnce(rng, mem, js, native).split(' ')[0]);
    }
    // Every kernel of the seam drawn at least once.
    expect([...seen].sort()).to.deep.equal(['columnSums', 'gruBackward', 'gruForward', 'lstmBackward', 'lstmForward', 'mm+=', 'mm=', 'mmB', 'mmBRow', 'mmBᵀ', 'mmTA', 'tanh', 'tanhGrad']);
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
        // The gate kernels, 2 rows × 3 hidden: [rows][H] ranges of 6, gates of 24 (LSTM), 18 (GRU).
        ['lstmForward\'s h past the end', () => k.lstmForward(0, NO_STEP, 100, 200, elements - 5, 2, 3)],
        ['lstmForward\'s gates past the end', () => k.lstmForward(elements - 23, NO_STEP, 0, 100, 200, 2, 3)],
        ['lstmBackward\'s c_prev past the end', () => k.lstmBackward(0, elements - 5, 100, 200, NO_STEP, 300, 400, 2, 3, null, 0)],
        ['lstmBackward\'s dGates past the end', () => k.lstmBackward(0, NO_STEP, 100, 200, 300, 300, elements - 23, 2, 3, null, 0)],
        ['an offset of −2 (only −1 is NO_STEP)', () => k.lstmBackward(0, -2, 100, 200, NO_STEP, 300, 400, 2, 3, null, 0)],
        ['lengths for fewer rows than rows', () => k.lstmBackward(0, NO_STEP, 100, 200, NO_STEP, 300, 400, 3, 3, new Int32Array(2), 0)],
        ['gruForward\'s resetUpdate past the end', () => k.gruForward(0, 100, elements - 11, 200, NO_STEP, 300, 2, 3)],
        ['gruForward\'s h_prev past the end', () => k.gruForward(0, 100, 200, 300, elements - 1, 400, 2, 3)],
        ['gruBackward\'s zNext past the end', () => k.gruBackward(0, 100, 200, NO_STEP, 300, 400, elements - 5, 500, 600, 2, 3, null, 0, 1)],
        ['gruBackward\'s dHiddenPart past the end', () => k.gruBackward(0, 100, 200, NO_STEP, 300, NO_STEP, NO_STEP, 500, elements - 17, 2, 3, null, 0, 1)],
        ['gruBackward with dhNext but no zNext', () => k.gruBackward(0, 100, 200, NO_STEP, 300, 400, NO_STEP, 500, 600, 2, 3, null, 0, 1)],
        ['a fractional step', () => k.gruBackward(0, 100, 200, NO_STEP, 300, NO_STEP, NO_STEP, 500, 600, 2, 3, null, 0.5, 1)],
      ];
      for (const [what, call] of bad) expect(call, `${isa}: ${what}`).to.throw(RangeError, /^native /);
      const float64Lengths = new Float64Array(2) as unknown as Int32Array;
      expect(() => k.lstmBackward(0, NO_STEP, 100, 200, NO_STEP, 300, 400, 2, 3, float64Lengths, 0), `${isa}: lengths not an Int32Array`)
        .to.throw(TypeError, /^native lstmBackward: lengths must be an Int32Array or null/);
      expect(mem.every((v, i) => v === before[i]), `${isa}: nothing written by a refused call`).to.equal(true);
      // Exactly at the end is inside.
      k.mm(0, 100, elements - 16, 4, 4, 4, false);
      k.gruBackward(0, 100, 200, NO_STEP, 300, NO_STEP, NO_STEP, 500, elements - 18, 2, 3, null, 0, 1);
      mem.set(before);
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
