/**
 * The torch layout holds nested number arrays (`head.weight` is [out][F], `head.bias` is [out]);
 * files hold a shape and flat row-major values. These two convert, checking that every level is
 * rectangular so a ragged array never becomes a tensor of the wrong shape.
 */
import { describeShape } from './params.js';
import type { Tensor } from './safetensors.js';

/** A number, or an array of NestedNumbers of equal shape. */
export type NestedNumbers = number | NestedNumbers[];

/** Shape and row-major values of a rectangular nested array; `name` is named in every error. */
export function tensorFromNested(name: string, value: unknown): Tensor {
  const shape: number[] = [];
  for (let v = value; Array.isArray(v); v = v[0]) {
    shape.push(v.length);
    if (v.length === 0) break;
  }
  const data = new Float64Array(shape.reduce((a, b) => a * b, 1));
  let k = 0;
  const walk = (v: unknown, depth: number, path: string): void => {
    if (depth === shape.length) {
      if (typeof v !== 'number') throw new TypeError(`${name}${path} must be a number, received ${JSON.stringify(v)}`);
      data[k++] = v;
      return;
    }
    if (!Array.isArray(v) || v.length !== shape[depth]) {
      throw new RangeError(`${name}: expected shape [${shape.join(', ')}] (from its first elements), but ${name}${path} is ${describeShape(v)}`);
    }
    for (let i = 0; i < v.length; i++) walk(v[i], depth + 1, `${path}[${i}]`);
  };
  walk(value, 0, '');
  return { shape, data };
}

/** The nested array of a tensor (a plain number for shape []). */
export function nestedFromTensor(t: Tensor): NestedNumbers {
  let k = 0;
  const build = (depth: number): NestedNumbers => {
    if (depth === t.shape.length) return t.data[k++];
    return Array.from({ length: t.shape[depth] }, () => build(depth + 1));
  };
  return build(0);
}
