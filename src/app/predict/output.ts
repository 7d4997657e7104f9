/**
 * Predictions as CSV, a header first, then one row per window. Value runs: window_end, then for each
 * step k ahead the time it is for and the value (`time_1h,pm2.5_1h,…`; csv runs name rows by data.timeColumn,
 * `<timeColumn>_1,<target>_1`, or by number, `row_1,<target>_1`).
 * Class runs: window_end, the time, the class and each class's probability (`p_<50`, …).
 * What the file cannot say in its cells (the run, the parameters, the unit, what is assumed past the
 * input, the precision) is the `about` record: the command prints the assumptions on stderr and writes
 * the record beside the file as `<out>.json`.
 *
 * Numbers are written with `precision` significant digits: the default, 9, gives back every float32
 * exactly (the net's own precision when train.dtype is float32); 17 gives back every float64.
 */
import { csvText } from '../../core/csv-text.js';
import type { Predictions } from './run-model.js';

export const DEFAULT_PRECISION = 9;

export interface PredictionsAbout {
  run: string; params: string;
  target: { name: string; unit?: string };
  /** What the forecasts assume past the input rows. */
  assumptions: string[];
  /** Significant digits of every number in the file. */
  precision: number;
  columns: string[];
}

/** `header: false` leaves the header line out (the chunks after the first of a streamed input: predict-file.ts). */
export function predictionsCsv(
  p: Predictions, about: { runDir: string; params: string; pm25: boolean; precision?: number; timeColumn?: string; header?: boolean },
): { text: string; about: PredictionsAbout } {
  const precision = about.precision ?? DEFAULT_PRECISION;
  const cell = (v: string | number) => (typeof v === 'number' ? Number(v.toPrecision(precision)) : v);
  const first = p.rows[0]?.forecasts ?? [];
  const step = (k: number) => (about.pm25 ? `${k}h` : `${k}`);
  const header = ['window_end'];
  for (const f of first) {
    header.push(about.pm25 ? `time_${step(f.ahead)}` : `${about.timeColumn ?? 'row'}_${step(f.ahead)}`);
    if (f.probabilities) header.push(`class_${step(f.ahead)}`, ...Object.keys(f.probabilities).map((c) => `p_${c}`));
    else header.push(`${p.target.name}_${step(f.ahead)}`);
  }
  // Cells that need quotes are quoted (a class name or target could hold a comma): core/csv-text.ts.
  const rows: (string | number)[][] = about.header === false ? [] : [header];
  for (const row of p.rows) {
    const cells: (string | number)[] = [row.windowEnd];
    for (const f of row.forecasts) {
      cells.push(f.for);
      if (f.probabilities) cells.push(f.class!, ...Object.values(f.probabilities));
      else cells.push(f.value!);
    }
    rows.push(cells.map(cell));
  }
  return {
    text: rows.length > 0 ? csvText(rows) : '',
    about: {
      run: about.runDir, params: about.params,
      target: { name: p.target.name, ...(p.target.unit ? { unit: p.target.unit } : {}) },
      assumptions: [...p.assumptions], precision, columns: header,
    },
  };
}
