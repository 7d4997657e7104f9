/**
 * Reads the UCI "Beijing PM2.5" CSV into columns. The file's layout is fixed and has no quoting, so a
 * line scanner that parses numbers in place is enough, and it keeps preparation fast: one Float64Array
 * per column, no array of strings per row.
 */
import { DataError } from '../../core/errors.js';

export const PRSA_HEADER = 'No,year,month,day,hour,pm2.5,DEWP,TEMP,PRES,cbwd,Iws,Is,Ir';

/** The file's columns, one value per hour; pm2.5 is NaN where the file says NA. */
export interface PrsaColumns {
  rows: number;
  year: Uint16Array;
  month: Uint8Array;
  day: Uint8Array;
  hour: Uint8Array;
  /** µg/m³, NaN = missing */ pm25: Float64Array;
  /** °C */ dewPoint: Float64Array;
  /** °C */ temperature: Float64Array;
  /** hPa */ pressure: Float64Array;
  /** The cbwd text of each row: cv, NE, NW, SE (SW is allowed too). */
  windDirection: string[];
  /** m/s, cumulated while the direction stays the same */ cumulatedWindSpeed: Float64Array;
  /** cumulated hours */ snowHours: Float64Array;
  /** cumulated hours */ rainHours: Float64Array;
}

export function readPrsa(text: string, file: string): PrsaColumns {
  const firstBreak = text.indexOf('\n');
  const header = text.slice(0, firstBreak < 0 ? text.length : firstBreak).trim();
  if (header !== PRSA_HEADER) {
    throw new DataError(file, `not the UCI Beijing PM2.5 file: the header is "${header}", expected "${PRSA_HEADER}"`, 1);
  }
  // Counting lines first lets every column be allocated once, at its final size.
  let capacity = 0;
  for (let i = firstBreak; i >= 0 && i < text.length; i = text.indexOf('\n', i + 1)) capacity++;
  const c: PrsaColumns = {
    rows: 0,
    year: new Uint16Array(capacity), month: new Uint8Array(capacity), day: new Uint8Array(capacity), hour: new Uint8Array(capacity),
    pm25: new Float64Array(capacity), dewPoint: new Float64Array(capacity), temperature: new Float64Array(capacity),
    pressure: new Float64Array(capacity), windDirection: new Array<string>(capacity),
    cumulatedWindSpeed: new Float64Array(capacity), snowHours: new Float64Array(capacity), rainHours: new Float64Array(capacity),
  };
  let start = firstBreak + 1;
  let line = 1;
  while (start > 0 && start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    line++;
    const cells = text.slice(start, end).trim();
    start = end + 1;
    if (cells === '') continue;
    const f = cells.split(',');
    if (f.length !== 13) throw new DataError(file, `expected 13 cells, found ${f.length}`, line);
    const r = c.rows++;
    const num = (k: number, name: string): number => {
      const v = Number(f[k]);
      if (f[k] === '' || !Number.isFinite(v)) throw new DataError(file, `"${f[k]}" is not a number`, line, name);
      return v;
    };
    c.year[r] = num(1, 'year');
    c.month[r] = num(2, 'month');
    c.day[r] = num(3, 'day');
    c.hour[r] = num(4, 'hour');
    c.pm25[r] = f[5] === 'NA' ? NaN : num(5, 'pm2.5');
    c.dewPoint[r] = num(6, 'DEWP');
    c.temperature[r] = num(7, 'TEMP');
    c.pressure[r] = num(8, 'PRES');
    c.windDirection[r] = f[9];
    c.cumulatedWindSpeed[r] = num(10, 'Iws');
    c.snowHours[r] = num(11, 'Is');
    c.rainHours[r] = num(12, 'Ir');
  }
  if (c.rows === capacity) return c;
  const n = c.rows;
  c.windDirection.length = n;
  return {
    ...c, year: c.year.subarray(0, n), month: c.month.subarray(0, n), day: c.day.subarray(0, n), hour: c.hour.subarray(0, n),
    pm25: c.pm25.subarray(0, n), dewPoint: c.dewPoint.subarray(0, n), temperature: c.temperature.subarray(0, n),
    pressure: c.pressure.subarray(0, n), cumulatedWindSpeed: c.cumulatedWindSpeed.subarray(0, n),
    snowHours: c.snowHours.subarray(0, n), rainHours: c.rainHours.subarray(0, n),
  };
}
