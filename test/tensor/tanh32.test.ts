import { expect } from 'chai';
import { tanh32, TANH32_MAX_ULP } from '../../src/tensor/tanh32.js';
import { KERNEL_NAMES } from '../../src/tensor/kernels.js';
import { Wasm } from '../../src/tensor/wasm/api.js';
import { kernelsNamed, label } from '../helpers/backends.js';

/** Every 997th float32 from 1e-7 to 10 (both signs), and the edges: zeros, TINY, CLAMP, huge, NaN. */
function samples(): Float32Array {
  const b = new Float32Array(1), u = new Uint32Array(b.buffer);
  b[0] = 1e-7; const lo = u[0]; b[0] = 10; const hi = u[0];
  const out: number[] = [0, -0, 1e-30, 0.0004, 0.00039999998989515007, 7.998811721801758, 8, 100, 3e38, -3e38, NaN];
  for (let bits = lo; bits < hi; bits += 1999) { u[0] = bits; out.push(b[0], -b[0]); }
  return Float32Array.from(out);
}

/** Size of one float32 unit in the last place at v. */
function ulp32(v: number): number {
  const a = Math.abs(v);
  return a < 2 ** -126 ? 2 ** -149 : 2 ** (Math.floor(Math.log2(a)) - 23);
}

describe('tanh32 (float32, for bit-identical JS and SIMD paths)', () => {
  it(`is within ${TANH32_MAX_ULP} float32 ulp of Math.tanh, keeps the sign of zero and propagates NaN`, () => {
    let worst = 0, notFloat32 = 0;
    for (const x of samples()) {
      if (Number.isNaN(x)) continue;
      const want = Math.fround(Math.tanh(x)), got = tanh32(x);
      if (Math.fround(got) !== got) notFloat32++;
      worst = Math.max(worst, Math.abs(got - want) / ulp32(want));
    }
    expect(notFloat32, 'results that are not float32 values').to.equal(0);
    expect(worst).to.be.at.most(TANH32_MAX_ULP);
    expect(Object.is(tanh32(-0), -0)).to.equal(true);
    expect(Number.isNaN(tanh32(NaN))).to.equal(true);
  });

  for (const name of KERNEL_NAMES) {
    it(`${name} float32 kernels give exactly tanh32() on every length modulo 4`, function () {
      const xs = samples();
      const memory = new Wasm.Memory({ initial: 64, maximum: 64, shared: true });
      const mem = new Float32Array(memory.buffer);
      for (const k of kernelsNamed(this, name, memory, [], 'float32')) {
      for (const count of [xs.length, xs.length - 1, xs.length - 2, xs.length - 3, 1]) {
        mem.fill(0);
        mem.set(xs, 3);
        k.tanh(3, count);
        for (let i = 0; i < count; i++) if (!Object.is(mem[3 + i], tanh32(xs[i]))) expect.fail(`${label(k)}: tanh32(${xs[i]}) = ${mem[3 + i]}, expected ${tanh32(xs[i])}`);
        expect(mem[3 + count]).to.equal(count < xs.length ? xs[count] : 0);
      }
      }
    });
  }
});
