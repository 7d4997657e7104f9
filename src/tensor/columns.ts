/**
 * Joining and splitting row-major matrices side by side: how a bidirectional layer hands on both
 * directions' states (concatenated per row, as PyTorch) and takes their gradient back.
 */
import type { FloatArray } from './float-array.js';


/** out[r] = [left[r], right[r]]: out [rows×(lw+rw)] from left [rows×lw] and right [rows×rw]. */
export function concatColumns(
  mem: FloatArray, left: number, lw: number, right: number, rw: number, out: number, rows: number,
): void {
  const w = lw + rw;
  for (let r = 0; r < rows; r++) {
    const o = out + r * w, a = left + r * lw, b = right + r * rw;
    for (let j = 0; j < lw; j++) mem[o + j] = mem[a + j];
    for (let j = 0; j < rw; j++) mem[o + lw + j] = mem[b + j];
  }
}

/** The inverse of concatColumns: left [rows×lw] and right [rows×rw] from src [rows×(lw+rw)]. */
export function splitColumns(
  mem: FloatArray, src: number, left: number, lw: number, right: number, rw: number, rows: number,
): void {
  const w = lw + rw;
  for (let r = 0; r < rows; r++) {
    const s = src + r * w, a = left + r * lw, b = right + r * rw;
    for (let j = 0; j < lw; j++) mem[a + j] = mem[s + j];
    for (let j = 0; j < rw; j++) mem[b + j] = mem[s + lw + j];
  }
}

/** mem[out + i] = mem[a + i] + mem[b + i] for count elements. */
export function addInto(mem: FloatArray, a: number, b: number, out: number, count: number): void {
  for (let i = 0; i < count; i++) mem[out + i] = mem[a + i] + mem[b + i];
}

/** mem[to + i] = mem[from + i] for count elements (ranges may not overlap). */
export function copyRange(mem: FloatArray, from: number, to: number, count: number): void {
  mem.copyWithin(to, from, from + count);
}
