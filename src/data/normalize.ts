/**
 * Min-max scaling to [0, 1] with constants fitted on the rows a model may learn from (the training
 * rows), then applied to every row: validation and test values can fall outside [0, 1], which is the
 * honest outcome of not peeking at them.
 */

/** Per-column constants; JSON-serialisable so a run can turn scaled values back into units. */
export interface MinMax {
  min: number[];
  max: number[];
}

/** Constants of each column of a [rows×cols] table, over rows fitFrom … fitTo − 1. */
export function fitMinMax(table: Float64Array, cols: number, fitFrom: number, fitTo: number): MinMax {
  const min = new Array<number>(cols).fill(Infinity);
  const max = new Array<number>(cols).fill(-Infinity);
  for (let r = fitFrom; r < fitTo; r++) {
    for (let j = 0; j < cols; j++) {
      const v = table[r * cols + j];
      if (v < min[j]) min[j] = v;
      if (v > max[j]) max[j] = v;
    }
  }
  return { min, max };
}

/** (v − min) / (max − min); a column constant on the fitted rows has no scale and maps to v − min. */
export function scaleValue(v: number, min: number, max: number): number {
  const range = max - min;
  return range > 0 ? (v - min) / range : v - min;
}

/** The inverse of scaleValue: a scaled value back in the column's units. */
export function unscaleValue(s: number, min: number, max: number): number {
  const range = max - min;
  return range > 0 ? s * range + min : s + min;
}

/** Label units per scaled unit: errors in scaled units times this are errors in the column's units (see unscaleValue). */
export function unitsPerScaled(min: number, max: number): number {
  const range = max - min;
  return range > 0 ? range : 1;
}

/** Scales every row of a [rows×cols] table in place. */
export function applyMinMax(table: Float64Array, cols: number, scale: MinMax): void {
  const rows = table.length / cols;
  for (let j = 0; j < cols; j++) {
    const min = scale.min[j];
    const max = scale.max[j];
    for (let r = 0; r < rows; r++) table[r * cols + j] = scaleValue(table[r * cols + j], min, max);
  }
}
