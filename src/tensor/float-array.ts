/**
 * The two floating-point types a net computes in, and the arrays that hold them. float64 is the
 * default; float32 halves the memory and doubles the SIMD width (f32x4). JS loops on a Float32Array
 * evaluate an expression in float64 and round it to float32 as they store it (a Float32Array store
 * is Math.fround), so every stored value is a float32 and every path is deterministic.
 */

/** The floating-point type kernels compute in; offsets count elements of it. */
export type FloatType = 'float64' | 'float32';
export const FLOAT_TYPES: readonly FloatType[] = ['float64', 'float32'];

/** Values of one FloatType: parameters, gradients, optimizer buffers and workspaces. */
export type FloatArray = Float64Array | Float32Array;

/** Bytes per element. */
export function bytesOf(dtype: FloatType): 4 | 8 {
  return dtype === 'float32' ? 4 : 8;
}

/** A zeroed array of `length` elements of dtype. */
export function floatArray(dtype: FloatType, length: number): FloatArray {
  return dtype === 'float32' ? new Float32Array(length) : new Float64Array(length);
}

/** An array of dtype over (part of) a buffer; offset and length count elements. */
export function floatView(dtype: FloatType, buffer: ArrayBufferLike, offset = 0, length?: number): FloatArray {
  const bytes = bytesOf(dtype);
  const count = length ?? (buffer.byteLength - offset * bytes) / bytes;
  return dtype === 'float32' ? new Float32Array(buffer, offset * bytes, count) : new Float64Array(buffer, offset * bytes, count);
}

/** The FloatType an array holds, or undefined for any other value. */
export function dtypeOf(a: unknown): FloatType | undefined {
  return a instanceof Float64Array ? 'float64' : a instanceof Float32Array ? 'float32' : undefined;
}
