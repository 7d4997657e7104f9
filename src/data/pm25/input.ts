/**
 * New PM2.5 rows for a trained run (rnnflow predict): any run of consecutive hours in the UCI file's
 * columns, prepared as training prepared the whole file (wind codes, hourly wind speed, the chosen
 * features) and scaled with the run's SAVED constants, never refitted.
 *
 * What training could not tell us, and what is done instead:
 *  - NA cells (pm2.5 or weather) are filled by linear interpolation between the known values around
 *    them, and at either end of the input with the nearest known value (training's rule inside the
 *    file; its ramp from 0 belongs to the first hours of 2010 only). Every filled cell is counted.
 *  - Iws is the wind speed accumulated while the direction holds, so a row's hourly speed needs the
 *    row before it: with windSpeed among the features, the first input row only gives the second
 *    row's hourly speed, and the first window starts at the second row.
 *  - Forecasts past the last row need weather the input does not have: the last row's weather is
 *    carried forward (its hour and month advance), and pollution is the forecast fed back.
 */
import type { Pm25Feature } from '../../config/types.js';
import { DataError } from '../../core/errors.js';
import { columnIndex, isMissingCell, numericColumn, type CsvTable } from '../csv-table.js';
import { fillGaps } from '../interpolate.js';
import { featureValue } from './features.js';
import { hourlyWindSpeed, WIND_CODES, type Pm25Table } from './prepare.js';
import { scaleValue } from '../normalize.js';

/** The UCI columns a row must have ("No" is not needed). */
export const PM25_INPUT_COLUMNS = ['year', 'month', 'day', 'hour', 'pm2.5', 'DEWP', 'TEMP', 'PRES', 'cbwd', 'Iws', 'Is', 'Ir'] as const;

/** The columns whose missing cells are filled (cbwd repeats the one before), in the order the warning names them. */
export const PM25_FILLED_COLUMNS = ['cbwd', 'pm2.5', 'DEWP', 'TEMP', 'PRES', 'Iws', 'Is', 'Ir'] as const;

export const CARRIED_WEATHER = 'the last input row\'s weather (dew point, temperature, pressure, wind, snow and rain hours) is carried forward; hour and month advance';

/** Scaled inputs of the input rows, then `future` rows past them; one window per row from firstWindowEnd on. */
export interface PreparedRows {
  /** [(rows + future) × features], scaled with the run's constants */ series: Float64Array;
  rows: number;
  future: number;
  /** The first row a window may end at (T − 1, or T when the first row only gives the next one's wind speed). */
  firstWindowEnd: number;
  /** "2014-01-01 03:00" for input row r (rows past the input continue hour by hour). */
  time(r: number): string;
  /** NA cells filled, per column. */
  filled: Record<string, number>;
}

/** Hours since 1970 of a naive (Beijing) calendar hour: arithmetic on the hour index, formatting back through UTC. */
const hourIndex = (y: number, m: number, d: number, h: number) => Date.UTC(y, m - 1, d, h) / 3_600_000;
const hourText = (index: number) => new Date(index * 3_600_000).toISOString().slice(0, 13).replace('T', ' ') + ':00';

export function preparePm25Rows(
  table: CsvTable, features: readonly Pm25Feature[], featureScale: Record<string, { min: number; max: number }>,
  timesteps: number, future: number,
): PreparedRows {
  const { file } = table;
  const missingColumns = PM25_INPUT_COLUMNS.filter((c) => !table.header.includes(c));
  if (missingColumns.length > 0) {
    throw new DataError(file, `missing column${missingColumns.length > 1 ? 's' : ''} ${missingColumns.map((c) => `"${c}"`).join(', ')}; ` +
      `rows for this run need the UCI PM2.5 columns ${PM25_INPUT_COLUMNS.join(',')}`, table.lines.length ? 1 : undefined);
  }
  const n = table.records.length;
  const filled: Record<string, number> = {};
  const numbers = (name: string, fill: boolean): Float64Array => {
    const { values, missing } = numericColumn(table, columnIndex(table, name, 'input'), true);
    if (missing > 0 && !fill) {
      const r = values.findIndex((v) => Number.isNaN(v));
      throw new DataError(file, 'missing value; every row needs its time', table.lines[r], name);
    }
    if (missing > 0) {
      filled[name] = missing;
      fillGaps(values, { leading: 'nearest' });
      if (values.some((v) => Number.isNaN(v))) throw new DataError(file, 'every value is missing; nothing to fill from', undefined, name);
    }
    return values;
  };
  const [year, month, day, hour] = ['year', 'month', 'day', 'hour'].map((c) => numbers(c, false));
  const hours = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    checkCalendar(table, r, year[r], month[r], day[r], hour[r]);
    hours[r] = hourIndex(year[r], month[r], day[r], hour[r]);
    if (r > 0 && hours[r] !== hours[r - 1] + 1) {
      throw new DataError(file, `${hourText(hours[r])} does not follow ${hourText(hours[r - 1])} by one hour; rows must be consecutive hours`, table.lines[r], 'hour');
    }
  }

  const windSpeedNeedsRow = features.includes('windSpeed') ? 1 : 0;
  const firstWindowEnd = windSpeedNeedsRow + timesteps - 1;
  if (n <= firstWindowEnd) {
    throw new DataError(file, `too few rows: ${n} row${n === 1 ? '' : 's'} for windows of ${timesteps} hours; ` +
      `at least ${firstWindowEnd + 1} consecutive hours are needed${windSpeedNeedsRow ? ' (the first row only turns the next row\'s cumulated Iws into an hourly wind speed)' : ''}`);
  }

  const total = n + future;
  const extend = (v: ArrayLike<number>) => { const out = new Float64Array(total); out.set(v as Float64Array); out.fill(v[n - 1], n); return out; };
  const directions = windDirections(table, filled);
  const pollution = extend(numbers('pm2.5', true));
  const t: Pm25Table = {
    rows: total, month: new Uint8Array(total), hour: new Uint8Array(total), pollution,
    dewPoint: extend(numbers('DEWP', true)), temperature: extend(numbers('TEMP', true)), pressure: extend(numbers('PRES', true)),
    windDirection: extend(directions), windSpeed: extend(hourlyWindSpeed(directions, numbers('Iws', true))),
    snowHours: extend(numbers('Is', true)), rainHours: extend(numbers('Ir', true)), interpolated: filled['pm2.5'] ?? 0,
  };
  for (let r = 0; r < total; r++) {
    const at = new Date((r < n ? hours[r] : hours[n - 1] + r - n + 1) * 3_600_000);
    t.month[r] = at.getUTCMonth() + 1;
    t.hour[r] = at.getUTCHours();
  }
  const F = features.length;
  const series = new Float64Array(total * F);
  for (let j = 0; j < F; j++) {
    const { min, max } = featureScale[features[j]];
    for (let r = 0; r < total; r++) series[r * F + j] = scaleValue(featureValue(t, features[j], r), min, max);
  }
  return { series, rows: n, future, firstWindowEnd, time: (r) => hourText(hours[0] + r), filled };
}

/** Throws a DataError naming the row and column unless year, month, day and hour are a real calendar hour (years 1000 to 9999: Date.UTC reads 0–99 as 1900–1999). */
function checkCalendar(table: CsvTable, r: number, year: number, month: number, day: number, hour: number): void {
  const daysInMonth = Number.isInteger(year) && Number.isInteger(month) ? new Date(Date.UTC(year, month, 0)).getUTCDate() : 31;
  const parts: [string, number, number, number][] = [['year', year, 1000, 9999], ['month', month, 1, 12], ['day', day, 1, daysInMonth], ['hour', hour, 0, 23]];
  for (const [column, v, lo, hi] of parts) {
    if (!Number.isInteger(v) || v < lo || v > hi) {
      throw new DataError(table.file, `${column} ${v} is out of range: expected a whole number from ${lo} to ${hi}`, table.lines[r], column);
    }
  }
}

/** cbwd as WIND_CODES; a missing direction repeats the one before it (the first known one at the start), counted as filled. */
function windDirections(table: CsvTable, filled: Record<string, number>): Float64Array {
  const j = columnIndex(table, 'cbwd', 'input');
  const n = table.records.length;
  const codes = new Float64Array(n).fill(NaN);
  let missing = 0;
  for (let r = 0; r < n; r++) {
    const cell = table.records[r][j];
    if (isMissingCell(cell)) { missing++; continue; }
    const code = WIND_CODES[cell];
    if (code === undefined) throw new DataError(table.file, `unknown wind direction "${cell}"; known: ${Object.keys(WIND_CODES).join(', ')}`, table.lines[r], 'cbwd');
    codes[r] = code;
  }
  if (missing === 0) return codes;
  const first = codes.findIndex((c) => !Number.isNaN(c));
  if (first < 0) throw new DataError(table.file, 'every value is missing; nothing to fill from', undefined, 'cbwd');
  codes.fill(codes[first], 0, first);
  for (let r = first + 1; r < n; r++) if (Number.isNaN(codes[r])) codes[r] = codes[r - 1];
  filled.cbwd = missing;
  return codes;
}
