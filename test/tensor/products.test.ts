import { expect } from 'chai';
import { createKernels, mmTASlice, type Kernels } from '../../src/tensor/kernels.js';
import { Wasm } from '../../src/tensor/wasm/api.js';
import { Random } from '../../src/core/random.js';

/** A memory with random operands at a, b and a random starting C at c (offsets in elements). */
function setup(rng: Random, ks: number[]): { mem: Float64Array; js: Kernels; wasm: Kernels } {
  const memory = new Wasm.Memory({ initial: 64, maximum: 64, shared: true });
  const mem = new Float64Array(memory.buffer);
  for (let i = 0; i < 300_000; i++) mem[i] = rng.normal();
  return { mem, js: createKernels('js', memory), wasm: createKernels('wasm', memory, ks) };
}

// Odd offsets (8-byte, not 16-byte aligned) and sizes that hit every register-block edge.
const A = 1, B = 100_001, C = 200_001;

describe('matrix products: the js and wasm kernels agree bit for bit', () => {
  const rng = new Random(17, 'products');

  it('A·B, assigned and accumulated, over every row and column edge', () => {
    for (const [m, k, n] of [[1, 1, 1], [5, 3, 7], [32, 13, 11], [9, 40, 6], [33, 64, 70]]) {
      for (const acc of [false, true]) {
        const { mem, js, wasm } = setup(rng, [k]);
        const start = mem.slice(C, C + m * n);
        js.mm(A, B, C, m, k, n, acc);
        const want = mem.slice(C, C + m * n);
        mem.set(start, C);
        wasm.mm(A, B, C, m, k, n, acc);
        expect(Array.from(mem.subarray(C, C + m * n)), `${m}×${k}×${n} acc ${acc}`).to.deep.equal(Array.from(want));
      }
    }
  });

  it('Aᵀ·B accumulated, including products long enough to run in row slices', () => {
    for (const [m, k, n] of [[3, 5, 7], [70, 9, 13], [2 * mmTASlice(40, 37) + 5, 40, 37], [3 * mmTASlice(130, 6) + 1, 130, 6]]) {
      const { mem, js, wasm } = setup(rng, []);
      const start = mem.slice(C, C + k * n);
      js.mmTA(A, B, C, m, k, n);
      const want = mem.slice(C, C + k * n);
      mem.set(start, C);
      wasm.mmTA(A, B, C, m, k, n);
      expect(Array.from(mem.subarray(C, C + k * n)), `${m}×${k}×${n}`).to.deep.equal(Array.from(want));
    }
  });
});
