/**
 * One kernel call on the JS kernels and on another back end from the same memory: everything either
 * writes must be the same, bit for bit (−0 and +0 apart), wherever it lands, except in `own` [start,
 * count), where each back end may write in its own layout (prepareB's). The memory is left as it was.
 */
import { expect } from 'chai';
import type { Kernels } from '../../src/tensor/kernels.js';

export function expectSameWrites(
  mem: Float64Array | Float32Array, js: Kernels, other: Kernels, call: (k: Kernels) => void, where: string, own: [number, number] = [0, 0],
): void {
  const before = mem.slice();
  call(js);
  const want = mem.slice();
  mem.set(before);
  call(other);
  const got = new Uint32Array(mem.buffer, mem.byteOffset, mem.byteLength / 4), wanted = new Uint32Array(want.buffer);
  const words = mem.BYTES_PER_ELEMENT / 4;
  for (let i = 0; i < got.length; i++) {
    if (got[i] === wanted[i]) continue;
    const e = Math.floor(i / words), value = mem[e];
    if (e >= own[0] && e < own[0] + own[1]) continue;
    mem.set(before);
    expect.fail(`${where}: element ${e} is ${show(value)}, the JS kernels wrote ${show(want[e])}`);
  }
  mem.set(before);
}

/** A value as text, −0 apart from +0. */
const show = (v: number) => (Object.is(v, -0) ? '-0' : String(v));
