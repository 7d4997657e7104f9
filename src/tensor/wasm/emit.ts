/**
 * A tiny WebAssembly binary writer: just the opcodes our kernels use, so the SIMD kernels are
 * generated in TypeScript at load time (no wasm toolchain, no native build step, no dependency).
 * Reference: the WebAssembly core spec 2.0, binary format (§5) and the fixed-width SIMD opcodes.
 */

export const I32 = 0x7f, F32 = 0x7d, F64 = 0x7c, V128 = 0x7b;
export type ValType = typeof I32 | typeof F32 | typeof F64 | typeof V128;

/** Unsigned LEB128. */
export function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

/** Signed LEB128 (i32 range). */
export function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) { out.push(b); return out; }
    out.push(b | 0x80);
  }
}

const simd = (op: number) => [0xfd, ...uleb(op)];
/**
 * memarg: alignment hint 2^align (default 3: our v128 operands are only 8-byte aligned; float32
 * loads and splats may not claim more than their 4 bytes), byte offset.
 */
const memarg = (offset: number, align = 3) => [align, ...uleb(offset)];

/** Instruction encoders; each returns its bytes, so a function body is a flat array of them. */
export const op = {
  block: () => [0x02, 0x40], loop: () => [0x03, 0x40], end: () => [0x0b],
  if_: () => [0x04, 0x40], else_: () => [0x05],
  br: (depth: number) => [0x0c, ...uleb(depth)], brIf: (depth: number) => [0x0d, ...uleb(depth)],
  get: (i: number) => [0x20, ...uleb(i)], set: (i: number) => [0x21, ...uleb(i)], tee: (i: number) => [0x22, ...uleb(i)],
  i32: (v: number) => [0x41, ...sleb(v)],
  i32Add: () => [0x6a], i32Sub: () => [0x6b], i32Mul: () => [0x6c], i32Shl: () => [0x74],
  i32Eqz: () => [0x45], i32GtS: () => [0x4a], i32LtS: () => [0x48], i32GeS: () => [0x4e], i32LeS: () => [0x4c],
  f64: (v: number) => { const b = new Uint8Array(new Float64Array([v]).buffer); return [0x44, ...b]; },
  f64Load: (offset = 0) => [0x2b, ...memarg(offset)], f64Store: (offset = 0) => [0x39, ...memarg(offset)],
  f64Add: () => [0xa0], f64Sub: () => [0xa1], f64Mul: () => [0xa2],
  f32: (v: number) => [0x43, ...new Uint8Array(new Float32Array([v]).buffer)],
  f32Load: (offset = 0) => [0x2a, ...memarg(offset, 2)], f32Store: (offset = 0) => [0x38, ...memarg(offset, 2)],
  f32Add: () => [0x92], f32Mul: () => [0x94],
  v128Load: (offset = 0) => [...simd(0x00), ...memarg(offset)],
  v128Store: (offset = 0) => [...simd(0x0b), ...memarg(offset)],
  v128Load64Splat: (offset = 0) => [...simd(0x0a), ...memarg(offset)],
  v128Load32Splat: (offset = 0) => [...simd(0x09), ...memarg(offset, 2)],
  f64x2Splat: () => simd(0x14), f32x4Splat: () => simd(0x13),
  f32x4Add: () => simd(0xe4), f32x4Sub: () => simd(0xe5), f32x4Mul: () => simd(0xe6),
  f64x2Add: () => simd(0xf0), f64x2Sub: () => simd(0xf1), f64x2Mul: () => simd(0xf2),
};

export interface FunctionDef {
  name: string;
  params: ValType[];
  /** Extra locals, after the params in index order. */
  locals: ValType[];
  body: number[];
}

const vec = (items: number[][]) => [...uleb(items.length), ...items.flat()];
const section = (id: number, payload: number[]) => [id, ...uleb(payload.length), ...payload];
const name = (s: string) => { const b = [...new TextEncoder().encode(s)]; return [...uleb(b.length), ...b]; };

/**
 * A module importing env.memory (shared, so worker threads can run the same kernels on the same
 * buffers) and exporting the given functions, which return nothing.
 */
export function buildModule(fns: FunctionDef[]): Uint8Array {
  const types = fns.map((f) => [0x60, ...vec(f.params.map((t) => [t])), 0]);
  // limits flag 3 = shared with a maximum; 65536 pages = 4 GiB, the wasm32 limit.
  const memImport = [...name('env'), ...name('memory'), 0x02, 0x03, ...uleb(1), ...uleb(65536)];
  const exports = fns.map((f, i) => [...name(f.name), 0x00, ...uleb(i)]);
  const codes = fns.map((f) => {
    const groups = f.locals.map((t) => [1, t]);
    const body = [...vec(groups), ...f.body, 0x0b];
    return [...uleb(body.length), ...body];
  });
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec(types)),
    ...section(2, vec([memImport])),
    ...section(3, vec(fns.map((_, i) => uleb(i)))),
    ...section(7, vec(exports)),
    ...section(10, vec(codes)),
  ]);
}
