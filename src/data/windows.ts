/**
 * Sliding windows over one series buffer. A window is only its first row: gather() copies rows
 * start … start+T−1 straight into the time-major batch, so a split of 35,000 windows of 24 hours
 * costs 35,000 integers, not 35,000 copies of 24 rows.
 */
import type { SequenceSplit } from './types.js';

export class WindowedSeries implements SequenceSplit {
  readonly size: number;
  readonly labelsPerStep = false;

  constructor(
    /** [rows×inputSize], shared by every split of a dataset */ readonly series: Float64Array,
    readonly inputSize: number,
    /** [rows×outputSize]: each row's label; a window's label is the one of its last row */ readonly labels: Float64Array,
    readonly outputSize: number,
    readonly timesteps: number,
    /** The first row of each window of this split. */ readonly starts: Uint32Array,
    /**
     * The input column that holds the label's own series one row earlier (PM2.5's pollution, a csv
     * target that is also a feature): a forecast fed back replaces it (pm25/horizon.ts). −1: none.
     */
    readonly fedInput = -1,
  ) {
    this.size = starts.length;
    const rows = series.length / inputSize;
    if (labels.length !== rows * outputSize) throw new RangeError(`WindowedSeries: ${labels.length} label values for ${rows} rows × ${outputSize}`);
    for (let i = 0; i < starts.length; i++) {
      if (starts[i] + timesteps > rows) throw new RangeError(`WindowedSeries: window ${i} (rows ${starts[i]}…${starts[i] + timesteps - 1}) passes the last row ${rows - 1}`);
    }
  }

  /** The row whose label is window i's: its last row. */
  labelRow(i: number): number {
    return this.starts[i] + this.timesteps - 1;
  }

  gather(order: ArrayLike<number>, from: number, rows: number, x: Float64Array, y: Float64Array): void {
    const { timesteps: T, inputSize: n, outputSize: o, series, labels, starts } = this;
    for (let r = 0; r < rows; r++) {
      const start = starts[order[from + r]];
      for (let t = 0; t < T; t++) {
        const src = (start + t) * n;
        const dst = (t * rows + r) * n;
        for (let j = 0; j < n; j++) x[dst + j] = series[src + j];
      }
      const src = (start + T - 1) * o;
      for (let j = 0; j < o; j++) y[r * o + j] = labels[src + j];
    }
  }

  /** Windows indices[0], indices[1], … of this split, over the same buffers. */
  subset(indices: ArrayLike<number>): WindowedSeries {
    const starts = new Uint32Array(indices.length);
    for (let k = 0; k < indices.length; k++) starts[k] = this.starts[indices[k]];
    return new WindowedSeries(this.series, this.inputSize, this.labels, this.outputSize, this.timesteps, starts, this.fedInput);
  }

  /** Windows from … to − 1 of this split (a contiguous block, e.g. a holdout at the end). */
  slice(from: number, to = this.size): WindowedSeries {
    return new WindowedSeries(this.series, this.inputSize, this.labels, this.outputSize, this.timesteps, this.starts.slice(from, to), this.fedInput);
  }
}

/**
 * First rows of every stride-1 window of T rows inside the block of rows firstRow … endRow − 1 whose
 * label also lies inside the block: with lookahead 1 (label = next row's value) the block's last row
 * can only be read, never be a window's last row (lookahead H: the last H rows). Empty when the block is too short.
 */
export function windowStarts(firstRow: number, endRow: number, timesteps: number, lookahead: number): Uint32Array {
  const count = Math.max(0, endRow - firstRow - timesteps + 1 - lookahead);
  const starts = new Uint32Array(count);
  for (let i = 0; i < count; i++) starts[i] = firstRow + i;
  return starts;
}
