import { expect } from 'chai';
import { tanh } from '../../src/tensor/tanh.js';
import { KERNEL_NAMES } from '../../src/tensor/kernels.js';
import { Wasm } from '../../src/tensor/wasm/api.js';
import { Random } from '../../src/core/random.js';
import { kernelsNamed, label } from '../helpers/backends.js';

/** Points over every branch: tiny, the small-branch edge 0.625, the clamp 20, huge, signed zeros. */
function samples(): Float64Array {
  const rng = new Random(1, 'tanh');
  const fixed = [0, -0, 1e-300, -1e-300, 1e-8, 0.3, 0.6249999999999999, 0.625, -0.625, 1, 5, 19.06, 20, 21, 700, -700, 1e308, -1e308];
  const rand = Array.from({ length: 20000 }, (_, i) => (rng.uniform() * 2 - 1) * [1, 4, 30][i % 3]);
  return Float64Array.from([...fixed, ...rand]);
}

describe('tanh (the kernels\' own, for bit-identical JS and SIMD paths)', () => {
  it('is within 2 ulp of Math.tanh everywhere, keeps the sign of zero and propagates NaN', () => {
    let worst = 0;
    for (const x of samples()) {
      const want = Math.tanh(x), got = tanh(x);
      const ulp = Math.max(Number.MIN_VALUE, Math.abs(want) * Number.EPSILON);
      worst = Math.max(worst, Math.abs(got - want) / ulp);
    }
    expect(worst).to.be.at.most(2);
    expect(Object.is(tanh(-0), -0)).to.equal(true);
    expect(Number.isNaN(tanh(NaN))).to.equal(true);
  });

  for (const name of KERNEL_NAMES) {
    it(`${name} kernels give exactly tanh() on odd and even lengths`, function () {
      const xs = samples();
      const memory = new Wasm.Memory({ initial: 8, maximum: 8, shared: true });
      const mem = new Float64Array(memory.buffer);
      for (const k of kernelsNamed(this, name, memory, [], 'float64')) {
      for (const count of [xs.length, xs.length - 1, 1]) {
        mem.set(xs, 3);
        k.tanh(3, count);
        for (let i = 0; i < count; i++) if (!Object.is(mem[3 + i], tanh(xs[i]))) expect.fail(`${label(k)}: tanh(${xs[i]}) = ${mem[3 + i]}, expected ${tanh(xs[i])}`);
        expect(mem[3 + count]).to.equal(count < xs.length ? xs[count] : 0);
      }
      }
    });
  }
});
