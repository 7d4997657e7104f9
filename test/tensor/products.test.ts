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
    for (const [m, k, n] of [[3, 5, 7], [70, 9, 13], [2 * mmTASlice(40, 37) + 5, 40, 37], [3 * mmTASlice(130, 6) + 1, 130, 6]]) {
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
