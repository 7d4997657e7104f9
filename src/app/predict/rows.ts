/**
 * What predict reads and writes per row, shared by predict (run-model.ts) and the stream operator
 * (stream/): a raw row as a user gives it, the table predict's preparation reads, and one forecast.
 */
import type { CsvTable } from '../../data/csv-table.js';

/** One input row as a user gives it: column name → cell; 'NA', '', null and undefined are missing. */
export type RawRow = Readonly<Record<string, string | number | null | undefined>>;

export interface Forecast {
  /** Steps (hours for PM2.5) after the window's last row. */
  ahead: number;
  /** The time (PM2.5: "2014-01-02 05:00") or row number (csv) the forecast is for. */
  for: string;
  /** Value runs: in the target's units (µg/m³ for PM2.5). */
  value?: number;
  /** Class runs: the most probable class and every class's probability. */
  class?: string;
  probabilities?: Record<string, number>;
}

/** Row objects as a table of text cells; the columns are those of the first row (every row must have them). */
export function tableOf(rows: readonly RawRow[], source?: { file: string; lines?: readonly number[] }): CsvTable {
  const file = source?.file ?? 'rows';
  const header = rows.length > 0 ? Object.keys(rows[0]) : [];
  const records = rows.map((row) => header.map((c) => { const v = row[c]; return v === null || v === undefined ? '' : String(v); }));
  return { file, header, records, lines: source?.lines ? [...source.lines] : rows.map((_, i) => i) };
}


/** A class forecast from the head's probabilities p [classes]: the most probable class (the first on a tie) and every class's. */
export function classForecast(p: ArrayLike<number>, names: readonly string[], ahead: number, at: string): Forecast {
  const probabilities = Array.from(p);
  const best = probabilities.indexOf(Math.max(...probabilities));
  return { ahead, for: at, class: names[best], probabilities: Object.fromEntries(names.map((name, j) => [name, probabilities[j]])) };
}

/** Whether a row run forecasts values (PM2.5 target "value", csv task "regression") rather than classes. */
export function valueRun(data: { name: string; target?: unknown; task?: unknown }): boolean {
  return data.name === 'pm25' ? data.target === 'value' : data.name === 'csv' && data.task === 'regression';
}
