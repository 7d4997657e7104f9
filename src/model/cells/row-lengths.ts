/**
 * Rows of different lengths in one block (issue 23; PyTorch's pack_padded_sequence). A block keeps
 * every row on the batch's S steps ([S][rows][·], S the longest row) and masks: each cell writes
 * zeros at a row's padded steps (t ≥ its length) into its states and into every value another step
 * reads, and zeros its gradients there, branching per row where an elementwise loop reads a
 * neighbouring step. What follows from the zeros:
 *  - a padded step never reaches a real one, whatever finite values its input holds;
 *  - a reverse cell starts each row at the row's own last step: the state "after" it is a padded
 *    one, 0, exactly the zero state of a sequence's first step;
 *  - the weight gradients stay one product over all S·rows rows: padded rows add 0.
 *
 * Why masking rather than rows sorted by length with a shrinking active prefix per step: the blocks
 * stay the fixed row sets that make every thread count bit-identical, each product keeps its one
 * shape, and the data side batches rows of near-equal length (≤ 10 % padded row-steps), so the
 * padded work computed and discarded here is small.
 */
import type { FloatArray } from '../../tensor/float-array.js';

/** [rows] each row's real step count, 1 … S; null: every row has all S steps (no masking at all). */
export type RowLengths = Int32Array | null;

/** Zeroes the rows r with t ≥ lengths[r] of the [rows][width] step starting at `at`. */
export function zeroPaddedRows(mem: FloatArray, at: number, width: number, rows: number, lengths: Int32Array, t: number): void {
  for (let r = 0; r < rows; r++) if (t >= lengths[r]) mem.fill(0, at + r * width, at + (r + 1) * width);
}

/** True when some row is shorter than S: masking is needed. Otherwise the block runs the unmasked path. */
export function hasPadding(lengths: Int32Array, rows: number, steps: number): boolean {
  for (let r = 0; r < rows; r++) if (lengths[r] < steps) return true;
  return false;
}
