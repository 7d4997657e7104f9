import { expect } from 'chai';
import { createKernels, FLOAT_TYPES, mmTASlice, PACK_MIN_WIDTH, PACK_ROWS, type FloatType, type Kernels } from '../../src/tensor/kernels.js';
import { Wasm } from '../../src/tensor/wasm/api.js';
import { Random } from '../../src/core/random.js';
import { setRows } from '../../src/tensor/elementwise.js';
import { backendsUnderTest, label } from '../helpers/backends.js';

/**
 * A memory with random operands at a, b and a random starting C at c (offsets in elements of dtype);
 * others: wasm and native at every level this CPU runs, each held to js's bits.
 */
function setup(rng: Random, ks: number[], dtype: FloatType): { mem: Float64Array | Float32Array; js: Kernels; others: Kernels[] } {
  const memory = new Wasm.Memory({ initial: 64, maximum: 64, shared: true });
  const mem = dtype === 'float32' ? new Float32Array(memory.buffer) : new Float64Array(memory.buffer);
  for (let i = 0; i < 300_000; i++) mem[i] = rng.normal();
  return { mem, js: createKernels('js', memory, [], dtype), others: backendsUnderTest(memory, ks, dtype) };
}

// Odd offsets (8-byte, not 16-byte aligned) and sizes that hit every register-block edge.
const A = 1, B = 100_001, C = 200_001, PREPARED = 250_001, SCRATCH = 260_001;

for (const dtype of FLOAT_TYPES) describe(`${dtype} matrix products: the js, wasm and native kernels agree bit for bit`, () => {
  const rng = new Random(17, 'products');

  it('A·B, assigned and accumulated, over every row and column edge', () => {
    for (const [m, k, n] of [[1, 1, 1], [5, 3, 7], [32, 13, 11], [9, 40, 6], [33, 64, 70], [6, 5, 15]]) {
      for (const acc of [false, true]) {
        const { mem, js, others } = setup(rng, [k], dtype);
        const start = mem.slice(C, C + m * n);
        js.mm(A, B, C, m, k, n, acc);
        const want = mem.slice(C, C + m * n);
        for (const kernels of others) {
          mem.set(start, C);
          kernels.mm(A, B, C, m, k, n, acc);
          expect(Array.from(mem.subarray(C, C + m * n)), `${label(kernels)} ${m}×${k}×${n} acc ${acc}`).to.deep.equal(Array.from(want));
        }
      }
    }
  });

  it('A·B with B prepared (wasm: packed in column panels), from B or from its transpose', () => {
    for (const [m, k, n] of [[1, 1, 1], [5, 3, 7], [32, 13, 11], [9, 40, 6], [33, 64, 70], [6, 5, 15], [32, 24, 17]]) {
      for (const transposed of [false, true]) for (const acc of [false, true]) {
        const { mem, js, others } = setup(rng, [k], dtype);
        // B [k×n] is the matrix at B, or the transpose of the [n×k] matrix there.
        const [rows, cols] = transposed ? [n, k] : [k, n];
        const start = mem.slice(C, C + m * n);
        js.prepareB(B, rows, cols, transposed, PREPARED);
        js.mmB(A, PREPARED, C, m, k, n, acc);
        const want = mem.slice(C, C + m * n);
        for (const kernels of others) {
          mem.set(start, C);
          kernels.prepareB(B, rows, cols, transposed, PREPARED);
          kernels.mmB(A, PREPARED, C, m, k, n, acc);
          expect(Array.from(mem.subarray(C, C + m * n)), `${label(kernels)} ${m}×${k}×${n} transposed ${transposed} acc ${acc}`).to.deep.equal(Array.from(want));
        }
      }
    }
  });

  it('A·B with B prepared, every row starting from a bias row (mmBRow): exactly setRows then mmB accumulating', () => {
    const ROW = 290_001;
    for (const [m, k, n] of [[1, 1, 1], [5, 3, 7], [32, 13, 11], [9, 40, 6], [33, 64, 70], [6, 5, 15], [32, 24, 17]]) {
      const { mem, js, others } = setup(rng, [k], dtype);
      js.prepareB(B, k, n, false, PREPARED);
      setRows(mem, C, mem, ROW, m, n);
      js.mmB(A, PREPARED, C, m, k, n, true);
      const want = mem.slice(C, C + m * n);
      for (const kernels of [js, ...others]) {
        mem.fill(Number.NaN, C, C + m * n); // nothing of C is read
        kernels.prepareB(B, k, n, false, PREPARED);
        kernels.mmBRow(A, PREPARED, C, m, k, n, ROW);
        expect(Array.from(mem.subarray(C, C + m * n)), `${label(kernels)} ${m}×${k}×${n}`).to.deep.equal(Array.from(want));
      }
    }
  });

  it('Aᵀ·B with packing scratch (wasm packs both operands when k is a multiple of 4 and both are wide), in slices of PACK_ROWS', () => {
    const w = PACK_MIN_WIDTH;
    for (const [m, k, n] of [[3, w, w + 7], [70, w + 8, w + 13], [PACK_ROWS + 5, w + 4, w + 1], [2 * PACK_ROWS + 1, w + 12, w + 6], [9, w + 1, w], [40, 8, 13]]) {
      for (const scratch of [PACK_ROWS * (2 * w + 20), 8 * (k + n)]) {
        const { mem, js, others } = setup(rng, [], dtype);
        const start = mem.slice(C, C + k * n);
        js.mmTA(A, B, C, m, k, n);
        const want = mem.slice(C, C + k * n);
        for (const kernels of others) {
          mem.set(start, C);
          kernels.useScratch(SCRATCH, scratch);
          kernels.mmTA(A, B, C, m, k, n);
          expect(Array.from(mem.subarray(C, C + k * n)), `${label(kernels)} ${m}×${k}×${n} scratch ${scratch}`).to.deep.equal(Array.from(want));
        }
      }
    }
  });

  it('Aᵀ·B accumulated, including products long enough to run in row slices', () => {
    // The last two: rows of A 2 KiB apart or more in both dtypes (k·bytes ≥ 2048), which native packs
    // (native/src/gemm.h, TA_PACK_BYTES); narrower ones it reads in place.
    for (const [m, k, n] of [[3, 5, 7], [70, 9, 13], [2 * mmTASlice(40, 37) + 5, 40, 37], [3 * mmTASlice(130, 6) + 1, 130, 6],
      [PACK_ROWS + 3, 520, 9], [2 * PACK_ROWS + 1, 257, 19]]) {
      const { mem, js, others } = setup(rng, [], dtype);
      const start = mem.slice(C, C + k * n);
      js.mmTA(A, B, C, m, k, n);
      const want = mem.slice(C, C + k * n);
      for (const kernels of others) {
        mem.set(start, C);
        kernels.mmTA(A, B, C, m, k, n);
        expect(Array.from(mem.subarray(C, C + k * n)), `${label(kernels)} ${m}×${k}×${n}`).to.deep.equal(Array.from(want));
      }
    }
  });
});

describe('float32 products are float32 arithmetic', () => {
  it('A·B in float32 is within float32 rounding of the float64 product of the same operands', () => {
    const rng = new Random(18, 'products32');
    const [m, k, n] = [13, 70, 21];
    const memory = new Wasm.Memory({ initial: 64, maximum: 64, shared: true });
    const m32 = new Float32Array(memory.buffer);
    for (let i = 0; i < 300_000; i++) m32[i] = rng.normal();
    const a = Float64Array.from(m32.subarray(A, A + m * k)), b = Float64Array.from(m32.subarray(B, B + k * n));
    createKernels('wasm', memory, [k], 'float32').mm(A, B, C, m, k, n, false);
    let worst = 0, rounded = 0;
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
      let exact = 0, mag = 0;
      for (let p = 0; p < k; p++) { exact += a[i * k + p] * b[p * n + j]; mag += Math.abs(a[i * k + p] * b[p * n + j]); }
      const got = m32[C + i * n + j];
      worst = Math.max(worst, Math.abs(got - exact) / mag);
      if (got !== exact) rounded++;
    }
    // k terms, each sum rounded once to float32 (unit roundoff 2⁻²⁴): |error| ≤ k·2⁻²⁴·Σ|terms|.
    expect(worst).to.be.below(k * 2 ** -24);
    expect(rounded, 'results are rounded to float32, not computed in float64').to.be.above(m * n / 2);
  });
});

/**
 * An oracle apart from both kernels, so a bug they share cannot pass: each product written from its
 * definition as a triple loop in float64, C[i][j] = C0[i][j] + Σ_p A[i][p]·B[p][j] (Aᵀ·B: Σ_p A[p][i]·B[p][j]),
 * over the operands as stored (float32 values for float32). The kernels sum in another order (and
 * float32 rounds every sum), so they agree within the rounding bound of a k-term sum:
 * |got − exact| ≤ (k + 1)·u·(|C0| + Σ|terms|), u = 2⁻⁵³ (float64) or 2⁻²⁴ (float32), doubled for the
 * reference's own rounding. A transposed, shifted or dropped term is off by about a whole term.
 */
for (const dtype of FLOAT_TYPES) describe(`${dtype} matrix products against a naive float64 triple loop`, () => {
  const rng = new Random(19, 'products-reference');
  const u = dtype === 'float32' ? 2 ** -24 : 2 ** -53;
  const shapes = [[1, 1, 1], [5, 3, 7], [32, 13, 11], [9, 40, 6], [33, 64, 70], [6, 5, 15], [32, 24, 17]];

  /** Checks C (m×n at C) against c0 + Σ_p a(i, p)·b(p, j); returns the worst error in units of its bound. */
  function compare(mem: Float64Array | Float32Array, label: string, m: number, n: number, k: number, c0: (i: number, j: number) => number,
    a: (i: number, p: number) => number, b: (p: number, j: number) => number): number {
    let worst = 0;
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
      let exact = c0(i, j), mag = Math.abs(c0(i, j));
      for (let p = 0; p < k; p++) { const t = a(i, p) * b(p, j); exact += t; mag += Math.abs(t); }
      const bound = 2 * (k + 1) * u * mag + Number.MIN_VALUE;
      const err = Math.abs(mem[C + i * n + j] - exact);
      expect(err, `${label}: C[${i}][${j}] = ${mem[C + i * n + j]}, the definition gives ${exact}`).to.be.at.most(bound);
      worst = Math.max(worst, err / bound);
    }
    return worst;
  }

  it('A·B (mm), assigned and accumulated; B prepared, from B or its transpose (mmB); from a bias row (mmBRow)', () => {
    for (const [m, k, n] of shapes) for (let which = 0; ; which++) {
      const { mem, js, others } = setup(rng, [k], dtype);
      if (which > others.length) break;
      const kernels = which === 0 ? js : others[which - 1];
      const name = label(kernels);
      const snap = (at: number, count: number) => Float64Array.from(mem.subarray(at, at + count));
      const a = snap(A, m * k), b = snap(B, k * n), bT = snap(B, n * k), c0 = snap(C, m * n), row = snap(290_001, n);
      const A_ = (i: number, p: number) => a[i * k + p];
      for (const acc of [false, true]) {
        mem.set(c0, C);
        kernels.mm(A, B, C, m, k, n, acc);
        compare(mem, `${name} mm ${m}×${k}×${n} acc ${acc}`, m, n, k, (i, j) => (acc ? c0[i * n + j] : 0), A_, (p, j) => b[p * n + j]);
        for (const transposed of [false, true]) {
          mem.set(c0, C);
          kernels.prepareB(B, transposed ? n : k, transposed ? k : n, transposed, PREPARED);
          kernels.mmB(A, PREPARED, C, m, k, n, acc);
          compare(mem, `${name} mmB ${m}×${k}×${n} transposed ${transposed} acc ${acc}`, m, n, k, (i, j) => (acc ? c0[i * n + j] : 0), A_,
            transposed ? (p, j) => bT[j * k + p] : (p, j) => b[p * n + j]);
        }
      }
      kernels.prepareB(B, k, n, false, PREPARED);
      kernels.mmBRow(A, PREPARED, C, m, k, n, 290_001);
      compare(mem, `${name} mmBRow ${m}×${k}×${n}`, m, n, k, (_i, j) => row[j], A_, (p, j) => b[p * n + j]);
    }
  });

  it('the bound bites: a product missing one term is caught', () => {
    const [m, k, n] = [9, 40, 6];
    const { mem, others } = setup(rng, [k], dtype);
    const a = Float64Array.from(mem.subarray(A, A + m * k)), b = Float64Array.from(mem.subarray(B, B + k * n));
    others[0].mm(A, B, C, m, k, n, false);
    mem[C + 2 * n + 3] -= a[2 * k + 7] * b[7 * n + 3]; // as if the kernel skipped p = 7 for C[2][3]
    expect(() => compare(mem, 'planted', m, n, k, () => 0, (i, p) => a[i * k + p], (p, j) => b[p * n + j])).to.throw(/C\[2\]\[3\]/);
  });

  it('Aᵀ·B accumulated (mmTA), in place and with packing scratch, over row slices', () => {
    const w = PACK_MIN_WIDTH;
    for (const [m, k, n] of [[3, 5, 7], [70, 9, 13], [3, w, w + 7], [PACK_ROWS + 5, w + 4, w + 1], [2 * mmTASlice(40, 37) + 5, 40, 37]]) {
      // js, then each other back end in place and with packing scratch.
      for (let which = 0; ; which++) {
        const { mem, js, others } = setup(rng, [], dtype);
        if (which > 2 * others.length) break;
        const kernels = which === 0 ? js : others[(which - 1) >> 1];
        const scratch = which > 0 && which % 2 === 0;
        if (scratch) kernels.useScratch(SCRATCH, PACK_ROWS * (2 * w + 20));
        const name = `${label(kernels)}${scratch ? '+scratch' : ''}`;
        const a = Float64Array.from(mem.subarray(A, A + m * k)), b = Float64Array.from(mem.subarray(B, B + m * n));
        const c0 = Float64Array.from(mem.subarray(C, C + k * n));
        kernels.mmTA(A, B, C, m, k, n);
        // C [k×n]: row i of the result is column i of A against every column j of B, summed over the m rows.
        compare(mem, `${name} mmTA ${m}×${k}×${n}`, k, n, m, (i, j) => c0[i * n + j], (i, p) => a[p * k + i], (p, j) => b[p * n + j]);
      }
    }
  });
});
