/**
 * New rows for a trained csv run (rnnflow predict): the experiment's feature columns, filled as
 * training filled them (data.missing "interpolate": linear between known values, the nearest known
 * one at the ends; "error": a missing cell is refused) and scaled with the run's SAVED constants.
 * Rows are named by data.timeColumn's cells, or without one by their number in the input (the first data row is 1).
 * A forecast k steps past the last row (`future` rows) needs inputs nobody gave: the last row's
 * features are carried forward, and the target's own column is the forecast fed back (CARRIED_FEATURES).
 */
import type { CsvData } from '../config/types.js';
import { DataError } from '../core/errors.js';
import { columnIndex, delimiterHint, numericColumn, type CsvTable } from './csv-table.js';
import { fillGaps } from './interpolate.js';
import { scaleValue } from './normalize.js';
import type { PreparedRows } from './pm25/input.js';

/** What a csv forecast past the input assumes (predict prints it). */
export const CARRIED_FEATURES = 'the last input row\'s other features are carried forward';

export function prepareCsvRows(table: CsvTable, cfg: CsvData, featureScale: Record<string, { min: number; max: number }>, future = 0): PreparedRows {
  const { file } = table;
  const missingColumns = cfg.features.filter((c) => !table.header.includes(c));
  if (missingColumns.length > 0) {
    throw new DataError(file, `missing column${missingColumns.length > 1 ? 's' : ''} ${missingColumns.map((c) => `"${c}"`).join(', ')}; ` +
      `this run reads the columns ${cfg.features.map((c) => `"${c}"`).join(', ')}.${delimiterHint(table.header, table.delimiter)}`, table.lines.length ? 1 : undefined);
  }
  const n = table.records.length;
  const T = cfg.timesteps;
  if (n < T) throw new DataError(file, `too few rows: ${n} row${n === 1 ? '' : 's'} for windows of ${T} rows; at least ${T} are needed`);
  const F = cfg.features.length;
  const series = new Float64Array((n + future) * F);
  const filled: Record<string, number> = {};
  cfg.features.forEach((name, f) => {
    const { values, missing } = numericColumn(table, columnIndex(table, name, 'feature'), true);
    if (missing > 0) {
      if (cfg.missing !== 'interpolate') {
        const r = values.findIndex((v) => Number.isNaN(v));
        throw new DataError(file, 'missing value: this run was trained with data.missing "error", so its inputs must be complete', table.lines[r], name);
      }
      if (fillGaps(values, { leading: 'nearest' }) < 0) throw new DataError(file, 'every value is missing; nothing to fill from', undefined, name);
      filled[name] = missing;
    }
    const { min, max } = featureScale[name];
    for (let r = 0; r < n; r++) series[r * F + f] = scaleValue(values[r], min, max);
    for (let r = n; r < n + future; r++) series[r * F + f] = series[(n - 1) * F + f];
  });
  return { series, rows: n, future, firstWindowEnd: T - 1, time: rowNamer(table, cfg.timeColumn), filled };
}

/**
 * What a row is called in predict's output: its cell in data.timeColumn (a row past the input, the one
 * a last window forecasts: "+1 after <the last row's time>"), or without one its number (the first data row is 1).
 */
function rowNamer(table: CsvTable, timeColumn: string | undefined): (r: number) => string {
  const n = table.records.length;
  const first = table.firstRecord ?? 0;
  if (timeColumn === undefined) return (r) => String(first + r + 1);
  const j = columnIndex(table, timeColumn, 'time (data.timeColumn)');
  return (r) => (r < n ? table.records[r][j] : `+${r - n + 1} after ${table.records[n - 1][j]}`);
}
