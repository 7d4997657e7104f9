/**
 * The book's preparation of the PM2.5 columns, steps 1–3 in its order: wind direction codes, linear
 * interpolation of missing pollution, cumulated wind speed turned into hourly values.
 */
import { DataError } from '../../core/errors.js';
import { fillGaps } from '../interpolate.js';
import type { PrsaColumns } from './read.js';

/** The book's numeric codes for the combined wind direction (roughly the clock position; calm = 0). */
export const WIND_CODES: Readonly<Record<string, number>> = { NW: 9, NE: 3, SE: 6, SW: 12, cv: 0 };

/** Every column a PM2.5 feature or label can come from, with missing values filled. */
export interface Pm25Table {
  rows: number;
  month: Uint8Array;
  hour: Uint8Array;
  /** µg/m³, interpolated where the file had NA */ pollution: Float64Array;
  dewPoint: Float64Array;
  temperature: Float64Array;
  pressure: Float64Array;
  /** WIND_CODES value */ windDirection: Float64Array;
  /** m/s in this hour (not cumulated) */ windSpeed: Float64Array;
  snowHours: Float64Array;
  rainHours: Float64Array;
  /** How many pollution values were filled by interpolation. */
  interpolated: number;
}

/** Step 1: the wind direction texts as WIND_CODES. */
export function windCodes(directions: readonly string[], file: string): Float64Array {
  const codes = new Float64Array(directions.length);
  for (let r = 0; r < directions.length; r++) {
    const code = WIND_CODES[directions[r]];
    if (code === undefined) {
      throw new DataError(file, `unknown wind direction "${directions[r]}"; known: ${Object.keys(WIND_CODES).join(', ')}`, r + 2, 'cbwd');
    }
    codes[r] = code;
  }
  return codes;
}

/**
 * Step 3: Iws accumulates while the wind keeps its direction, so the speed of an hour is the increase
 * over the previous hour when the direction is unchanged, else the value itself (a new accumulation).
 * directions: codes (or any comparable values) per row; cumulated: Iws per row.
 */
export function hourlyWindSpeed(directions: ArrayLike<number>, cumulated: ArrayLike<number>): Float64Array {
  const hourly = new Float64Array(cumulated.length);
  for (let r = 0; r < cumulated.length; r++) {
    hourly[r] = r > 0 && directions[r] === directions[r - 1] ? cumulated[r] - cumulated[r - 1] : cumulated[r];
  }
  return hourly;
}

/** Step 2 on a copy of pm2.5: the book's interpolation, the leading missing hours ramping up from 0. */
export function interpolatePollution(pm25: Float64Array, file: string): { pollution: Float64Array; interpolated: number } {
  const pollution = Float64Array.from(pm25);
  const interpolated = fillGaps(pollution, { leading: 0 });
  if (interpolated < 0) throw new DataError(file, 'every pm2.5 value is missing', undefined, 'pm2.5');
  return { pollution, interpolated };
}

export function preparePm25(c: PrsaColumns, file: string): Pm25Table {
  const windDirection = windCodes(c.windDirection, file);
  const { pollution, interpolated } = interpolatePollution(c.pm25, file);
  return {
    rows: c.rows, month: c.month, hour: c.hour, pollution,
    dewPoint: c.dewPoint, temperature: c.temperature, pressure: c.pressure,
    windDirection, windSpeed: hourlyWindSpeed(windDirection, c.cumulatedWindSpeed),
    snowHours: c.snowHours, rainHours: c.rainHours, interpolated,
  };
}
