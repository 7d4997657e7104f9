/**
 * Batches are stored time-major, [T][rows][features], so that one timestep's inputs are one
 * contiguous [rows×features] block for the kernels. Users think batch-major, [batch][T][features]:
 * nestedToTimeMajor converts and checks shapes, naming the argument in every error.
 */
import { describeShape } from './params.js';

/**
 * Copies nested [rows][steps][width] into a time-major Float64Array [steps][rows][width]. With
 * `lengths` (variable-length samples) sample r may have from lengths[r] to `steps` steps, and the
 * steps it does not have are written as 0: a ragged batch needs no padding by hand.
 */
export function nestedToTimeMajor(
  argName: string, v: unknown, steps: number, width: number, out?: Float64Array, lengths?: ArrayLike<number>,
): { data: Float64Array; rows: number } {
  const expected = `[batch][${steps}][${width}]`;
  if (!Array.isArray(v) || v.length === 0) {
    throw new RangeError(`${argName}: expected shape ${expected} with batch ≥ 1, received ${describeShape(v)}`);
  }
  const rows = v.length;
  const data = out && out.length >= steps * rows * width ? out : new Float64Array(steps * rows * width);
  for (let r = 0; r < rows; r++) {
    const sample = v[r];
    if (lengths && Array.isArray(sample) && (sample.length < lengths[r] || sample.length > steps)) {
      throw new RangeError(`${argName}[${r}] has ${sample.length} steps; with length ${lengths[r]} it needs from ${lengths[r]} to ${steps}`);
    }
    if (!Array.isArray(sample) || (!lengths && sample.length !== steps)) {
      throw new RangeError(`${argName}: expected shape ${expected}, received ${describeShape(v)} (sample ${r} has ${describeShape(sample)})`);
    }
    for (let t = sample.length; t < steps; t++) data.fill(0, (t * rows + r) * width, (t * rows + r + 1) * width);
    for (let t = 0; t < sample.length; t++) {
      const vec = sample[t];
      if (!Array.isArray(vec) || vec.length !== width) {
        throw new RangeError(`${argName}: expected shape ${expected}, received ${describeShape(v)} (${argName}[${r}][${t}] is ${describeShape(vec)})`);
      }
      const o = (t * rows + r) * width;
      for (let j = 0; j < width; j++) {
        const x = vec[j];
        if (typeof x !== 'number' || Number.isNaN(x)) {
          throw new TypeError(`${argName}[${r}][${t}][${j}] must be a number, received ${JSON.stringify(x)}`);
        }
        data[o + j] = x;
      }
    }
  }
  return { data, rows };
}
