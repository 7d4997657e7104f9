/** The element-wise kernels (the gradient through tanh, G ⊙= 1 − S²; a sum; column sums): wasm and native (every level) give the JS loops' bits, float64 and float32. */
import { expect } from 'chai';
import { addColumnSums, mulTanhDerivative } from '../../src/tensor/elementwise.js';
import { addInto } from '../../src/tensor/columns.js';
import { createKernels, FLOAT_TYPES } from '../../src/tensor/kernels.js';
import { Wasm } from '../../src/tensor/wasm/api.js';
import { Random } from '../../src/core/random.js';
import { backendsUnderTest, label } from '../helpers/backends.js';

for (const dtype of FLOAT_TYPES) describe(`${dtype} element-wise kernels`, () => {
  it('js, wasm and native kernels give exactly mulTanhDerivative, on every length modulo the lanes and odd offsets', () => {
    const rng = new Random(3, 'tanh-grad');
    const memory = new Wasm.Memory({ initial: 4, maximum: 4, shared: true });
    const mem = dtype === 'float32' ? new Float32Array(memory.buffer) : new Float64Array(memory.buffer);
    const G = 5, S = 20_003, n = 10_000;
    // States in (−1, 1) like tanh's, some exactly ±1 and 0; gradients of every size, subnormal and huge too.
    const s = Array.from({ length: n }, (_, i) => (i % 97 === 0 ? [1, -1, 0][i % 3] : Math.tanh(rng.normal() * 3)));
    const g = Array.from({ length: n }, (_, i) => rng.normal() * [1, 1e-3, 1e30, 1e-40][i % 4]);
    for (const count of [n, n - 1, n - 2, n - 3, 1]) {
      mem.set(s, S); mem.set(g, G);
      mulTanhDerivative(mem, G, mem, S, count);
      const want = Array.from(mem.subarray(G, G + count + 1));
      for (const kernels of [createKernels('js', memory, [], dtype), ...backendsUnderTest(memory, [], dtype)]) {
        mem.set(g, G);
        kernels.tanhGrad(G, S, count);
        expect(Array.from(mem.subarray(G, G + count + 1)), `${label(kernels)}, ${count} elements`).to.deep.equal(want);
      }
    }
  });

  it('add: js, wasm and native kernels give exactly addInto, in place too, on every length modulo the lanes', () => {
    const rng = new Random(4, 'add');
    const memory = new Wasm.Memory({ initial: 4, maximum: 4, shared: true });
    const mem = dtype === 'float32' ? new Float32Array(memory.buffer) : new Float64Array(memory.buffer);
    const A = 3, B = 10_007, OUT = 20_011, n = 10_000;
    const a = Array.from({ length: n }, (_, i) => rng.normal() * [1, 1e-7, 1e20][i % 3]);
    const b = Array.from({ length: n }, () => rng.normal());
    for (const count of [n, n - 1, n - 2, n - 3, 1]) for (const out of [OUT, A]) {
      mem.set(a, A); mem.set(b, B); mem.fill(0, OUT, OUT + n + 1);
      addInto(mem, A, B, out, count);
      const want = Array.from(mem.subarray(out, out + count + 1));
      for (const kernels of [createKernels('js', memory, [], dtype), ...backendsUnderTest(memory, [], dtype)]) {
        mem.set(a, A); mem.fill(0, OUT, OUT + n + 1);
        kernels.add(out, A, B, count);
        expect(Array.from(mem.subarray(out, out + count + 1)), `${label(kernels)}, ${count} elements into ${out === A ? 'a' : 'out'}`).to.deep.equal(want);
      }
    }
  });

  it('columnSums: js, wasm and native kernels give exactly addColumnSums, for widths on and off the lanes and the column groups', () => {
    const rng = new Random(5, 'column-sums');
    const memory = new Wasm.Memory({ initial: 4, maximum: 4, shared: true });
    const mem = dtype === 'float32' ? new Float32Array(memory.buffer) : new Float64Array(memory.buffer);
    const X = 7, OUT = 30_001;
    for (const [rows, cols] of [[1, 1], [3, 5], [40, 8], [33, 13], [768, 6], [97, 130], [20, 36], [5, 64]]) {
      const x = Array.from({ length: rows * cols }, (_, i) => rng.normal() * [1, 1e-6, 1e8][i % 3]);
      const start = Array.from({ length: cols + 1 }, () => rng.normal());
      mem.set(x, X); mem.set(start, OUT);
      addColumnSums(mem, X, mem, rows, cols, OUT);
      const want = Array.from(mem.subarray(OUT, OUT + cols + 1));
      for (const kernels of [createKernels('js', memory, [], dtype), ...backendsUnderTest(memory, [], dtype)]) {
        mem.set(start, OUT);
        kernels.columnSums(X, rows, cols, OUT);
        expect(Array.from(mem.subarray(OUT, OUT + cols + 1)), `${label(kernels)}, ${rows}×${cols}`).to.deep.equal(want);
      }
    }
  });
});
