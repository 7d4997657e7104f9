/**
 * safetensors held against its specification with byte fixtures built by hand: the 8-byte
 * little-endian header length, the JSON header, IEEE-754 little-endian data, offsets that tile the buffer.
 */
import { expect } from 'chai';
import { decodeSafetensors, encodeSafetensors, type Tensor } from '../../src/model/safetensors.js';
import { nestedFromTensor, tensorFromNested } from '../../src/model/nested-tensor.js';
import { Random } from '../../src/core/random.js';

const bytes = (...parts: (number[] | string)[]): Uint8Array =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...Buffer.from(p, 'utf8')] : p)));
/** The 8-byte little-endian length of a header. */
const len64 = (n: number): number[] => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, (n >> 24) & 0xff, 0, 0, 0, 0];
/** A file of one header text and raw buffer bytes. */
const file = (header: string, buffer: number[] = []): Uint8Array => bytes(len64(Buffer.byteLength(header)), header, buffer);

// IEEE-754 little-endian: 1.5 = 0x3FF8000000000000, −2 = 0xC000000000000000 (F64); 1.5 = 0x3FC00000 (F32).
const F64_ONE_HALF = [0, 0, 0, 0, 0, 0, 0xf8, 0x3f];
const F64_MINUS_TWO = [0, 0, 0, 0, 0, 0, 0, 0xc0];
const F32_ONE_HALF = [0, 0, 0xc0, 0x3f];

const t = (shape: number[], values: number[]): Tensor => ({ shape, data: Float64Array.from(values) });

describe('safetensors', () => {
  it('writes the length, the header padded with spaces to an 8-byte boundary, then little-endian F64', () => {
    const out = encodeSafetensors({ w: t([2], [1.5, -2]) }, { metadata: { format: 'pt' } });
    const json = '{"__metadata__":{"format":"pt"},"w":{"dtype":"F64","shape":[2],"data_offsets":[0,16]}}';
    const padded = json + ' '.repeat((8 - (json.length % 8)) % 8);
    expect(Array.from(out)).to.deep.equal(Array.from(bytes(len64(padded.length), padded, F64_ONE_HALF, F64_MINUS_TWO)));
    expect((8 + padded.length) % 8).to.equal(0);
  });

  it('writes F32 when asked, tensors back to back in the order given', () => {
    const out = encodeSafetensors({ b: t([1], [1.5]), a: t([1, 1], [1.5]) }, { dtype: 'F32' });
    const json = '{"b":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"a":{"dtype":"F32","shape":[1,1],"data_offsets":[4,8]}}';
    const padded = json + ' '.repeat((8 - (json.length % 8)) % 8);
    expect(Array.from(out)).to.deep.equal(Array.from(bytes(len64(padded.length), padded, F32_ONE_HALF, F32_ONE_HALF)));
  });

  it('reads a hand-built file: metadata, offsets in any order, an unpadded (misaligned) header, mixed dtypes', () => {
    const header = '{"y":{"dtype":"F32","shape":[],"data_offsets":[16,20]},"__metadata__":{"k":"v"},"x":{"dtype":"F64","shape":[2,1],"data_offsets":[0,16]}}';
    const c = decodeSafetensors(file(header, [...F64_MINUS_TWO, ...F64_ONE_HALF, ...F32_ONE_HALF]), 'm.safetensors');
    expect(c.metadata).to.deep.equal({ k: 'v' });
    expect(c.tensors.get('x')).to.deep.equal(t([2, 1], [-2, 1.5]));
    expect(c.tensors.get('y')).to.deep.equal(t([], [1.5]));
    expect(Object.fromEntries(c.dtypes)).to.deep.equal({ y: 'F32', x: 'F64' });
  });

  it('accepts empty tensors, which take no bytes', () => {
    const c = decodeSafetensors(file('{"e":{"dtype":"F64","shape":[0,3],"data_offsets":[0,0]}}'), 'e.safetensors');
    expect(c.tensors.get('e')).to.deep.equal(t([0, 3], []));
  });

  const bad: [string, Uint8Array, RegExp][] = [
    ['too short for the length', bytes([1, 0, 0]), /3 bytes; a safetensors file starts with an 8-byte header length/],
    ['a length past the end', bytes(len64(100), '{}'), /header length says 100 bytes but 2 follow/],
    ['a header that is not an object', file('[1]'), /must begin with "\{"/],
    ['broken JSON', file('{"a":'), /not valid JSON/],
    ['an unsupported dtype', file('{"a":{"dtype":"F16","shape":[1],"data_offsets":[0,2]}}', [0, 0]), /tensor a: dtype F16 is not supported \(rnnflow reads F64 and F32\)/],
    ['a bad shape', file('{"a":{"dtype":"F64","shape":[-1],"data_offsets":[0,0]}}'), /tensor a: shape must be a list of non-negative integers/],
    ['a size that does not match the shape', file('{"a":{"dtype":"F64","shape":[2],"data_offsets":[0,8]}}', F64_ONE_HALF), /shape \[2\] of F64 needs 16 bytes, data_offsets give 8/],
    ['offsets past the buffer', file('{"a":{"dtype":"F64","shape":[1],"data_offsets":[8,16]}}', F64_ONE_HALF), /data_offsets \[8, 16\] lie outside the 8-byte buffer/],
    ['a hole', file('{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}', [0, 0, 0, 0, ...F32_ONE_HALF]), /bytes 0 to 4 of the buffer belong to no tensor/],
    ['an overlap', file('{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}', [...F32_ONE_HALF, ...F32_ONE_HALF]), /overlap the tensor before it/],
    ['trailing bytes', file('{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}', [...F32_ONE_HALF, 9]), /bytes 4 to 5 at the end of the buffer belong to no tensor/],
    ['metadata that is not a string', file('{"__metadata__":{"epoch":3}}'), /__metadata__\.epoch must be a string/],
  ];
  for (const [what, content, message] of bad) {
    it(`refuses ${what}, naming the file`, () => {
      expect(() => decodeSafetensors(content, 'dir/bad.safetensors')).to.throw(/^dir\/bad\.safetensors: not a readable safetensors file: /)
        .and.to.match(message);
    });
  }

  it('round-trips F64 bit for bit (−0, subnormals, extremes) and F32 as Math.fround', () => {
    const rng = new Random(9, 'test');
    const values = [-0, 5e-324, Number.MAX_VALUE, -1e-300, ...Array.from({ length: 40 }, () => rng.normal() * 10)];
    const tensors = { 'rnn.weight_ih_l0': t([4, 11], values), 'head.bias': t([3], [0.1, 0.2, 0.3]) };
    const back = decodeSafetensors(encodeSafetensors(tensors), 'r.safetensors');
    expect([...back.tensors.keys()]).to.deep.equal(['rnn.weight_ih_l0', 'head.bias']);
    const got = back.tensors.get('rnn.weight_ih_l0')!;
    expect(got.shape).to.deep.equal([4, 11]);
    expect(Array.from(got.data).map((v) => Object.is(v, -0) ? '-0' : v)).to.deep.equal(values.map((v) => Object.is(v, -0) ? '-0' : v));
    const f32 = decodeSafetensors(encodeSafetensors(tensors, { dtype: 'F32' }), 'r.safetensors');
    expect(Array.from(f32.tensors.get('head.bias')!.data)).to.deep.equal([0.1, 0.2, 0.3].map(Math.fround));
    expect(f32.dtypes.get('head.bias')).to.equal('F32');
  });

  it('refuses to write a tensor whose data does not fill its shape', () => {
    expect(() => encodeSafetensors({ a: t([2, 2], [1, 2, 3]) })).to.throw(/tensor a: shape \[2, 2\] holds 4 values, data has 3/);
  });
});

describe('nested arrays and tensors', () => {
  it('converts the torch layout\'s nested arrays to shape + row-major values and back', () => {
    const w = [[1, 2, 3], [4, 5, 6]];
    const tensor = tensorFromNested('head.weight', w);
    expect(tensor).to.deep.equal(t([2, 3], [1, 2, 3, 4, 5, 6]));
    expect(nestedFromTensor(tensor)).to.deep.equal(w);
    expect(nestedFromTensor(tensorFromNested('b', [7, 8]))).to.deep.equal([7, 8]);
    expect(nestedFromTensor(tensorFromNested('s', 2.5))).to.equal(2.5);
  });

  it('names the tensor and the place of a ragged or non-numeric entry', () => {
    expect(() => tensorFromNested('head.weight', [[1, 2], [3]])).to.throw(/head\.weight: expected shape \[2, 2\].*head\.weight\[1\] is \[1\]/);
    expect(() => tensorFromNested('head.bias', [1, 'x'])).to.throw(/head\.bias\[1\] must be a number, received "x"/);
  });
});
