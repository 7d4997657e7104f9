/**
 * One series' raw rows → the net's scaled inputs, one row at a time, through predict's own
 * preparation (data/pm25/input.ts preparePm25Rows, data/csv-input.ts prepareCsvRows) applied to a
 * table of this row and the one before it: the same columns, parsing, wind codes, hourly wind speed,
 * hour and month features, feature order and saved scaling constants, so a row is prepared exactly
 * as predict prepares it inside a file.
 *
 * What a live stream cannot do like predict: predict fills a missing value by interpolating towards
 * the next known one, which a stream has not seen yet. Here a missing value (null, undefined, '',
 * 'NA') is the series' last known value of that field, carried forward (and named in the prediction's
 * `carried`); rows before a field's first known value are skipped (the series starts at the first row
 * it can prepare). The time fields (PM2.5's year, month, day, hour; a csv run's data.timeColumn) are
 * never carried: a row without its time is an error, as in predict. A csv run trained with
 * data.missing "error" refuses a missing value, as predict does.
 */
import type { CsvData, Pm25Data, Pm25Feature } from '../../../config/types.js';
import { didYouMeanHint } from '../../../core/did-you-mean.js';
import { UserError } from '../../../core/errors.js';
import { prepareCsvRows } from '../../../data/csv-input.js';
import { isMissingCell, type CsvTable } from '../../../data/csv-table.js';
import { PM25_INPUT_COLUMNS, preparePm25Rows, type PreparedRows } from '../../../data/pm25/input.js';
import type { RawRow } from '../rows.js';

/** The PM2.5 fields that give a row its time: never carried forward. */
const PM25_TIME = ['year', 'month', 'day', 'hour'];

/** What preparation needs from the run. */
export interface RowRun {
  data: Pm25Data | CsvData;
  featureScale: Record<string, { min: number; max: number }>;
}

/** A prepared row: the net's input and how predict names this row and the ones after it. */
export interface PreparedRow {
  /** [features] scaled, in the run's feature order. */
  x: Float64Array;
  /** time(k): predict's name for the row k steps after this one (k = 0: this row). */
  time(k: number): string;
  /** Fields whose missing value was carried forward. */
  carried: string[];
}

export class RowInput {
  /** The fields a row must give (in predict's order), and those it may also give (ignored, as predict ignores them). */
  private readonly columns: readonly string[];
  private readonly accepted: ReadonlySet<string>;
  /** Fields filled by carrying the last known value forward (none for a csv run with data.missing "error"). */
  private readonly carriable: ReadonlySet<string>;
  /** The first row with windSpeed among the features only gives the next row's hourly speed (as in predict). */
  private readonly needsPrevious: boolean;
  private previous: string[] | null = null;
  private readonly lastKnown = new Map<string, string>();

  /** where: how errors name this series ("stream", or 'stream (key "a")'); extraFields: options.fields, accepted and ignored. */
  constructor(private readonly run: RowRun, private readonly where: string, extraFields: readonly string[] = []) {
    const data = run.data;
    if (data.name === 'pm25') {
      this.columns = PM25_INPUT_COLUMNS;
      this.accepted = new Set([...PM25_INPUT_COLUMNS, 'No', ...extraFields]);
      this.carriable = new Set(PM25_INPUT_COLUMNS.filter((c) => !PM25_TIME.includes(c)));
      this.needsPrevious = data.features.includes('windSpeed');
    } else {
      this.columns = [...data.features, ...(data.timeColumn !== undefined && !data.features.includes(data.timeColumn) ? [data.timeColumn] : [])];
      this.accepted = new Set([...this.columns, data.target, ...extraFields]);
      this.carriable = new Set(data.missing === 'interpolate' ? data.features : []);
      this.needsPrevious = false;
    }
  }

  /** Row `line` of the series (1 = its first since a start or reset) prepared, or null while the series cannot start yet. */
  read(row: RawRow, line: number): PreparedRow | null {
    const { cells, carried, unknown } = this.cellsOf(row, line);
    if (unknown) return null; // a field not known yet: the series starts later
    const previous = this.previous;
    this.previous = cells;
    if (this.needsPrevious && !previous) return null;
    const records = previous ? [previous, cells] : [cells];
    const table: CsvTable = { file: this.where, header: [...this.columns], records, lines: previous ? [line - 1, line] : [line] };
    const prepared: PreparedRows = this.run.data.name === 'pm25'
      ? preparePm25Rows(table, this.run.data.features as Pm25Feature[], this.run.featureScale, 1, 0)
      : prepareCsvRows(table, { ...this.run.data, timesteps: 1 }, this.run.featureScale);
    const at = records.length - 1, F = prepared.series.length / (prepared.rows + prepared.future);
    return { x: prepared.series.subarray(at * F, (at + 1) * F), time: (k) => prepared.time(at + k), carried };
  }

  /** The row's cells in column order, missing ones carried forward; `unknown`: some field has no value yet. */
  private cellsOf(row: RawRow, line: number): { cells: string[]; carried: string[]; unknown: boolean } {
    if (typeof row !== 'object' || row === null || Array.isArray(row)) {
      throw new UserError(`${this.where}, row ${line}: expected a row of fields {${this.columns.join(', ')}}, got ${Array.isArray(row) ? 'an array' : typeof row === 'string' ? 'text' : String(row)}`);
    }
    for (const [field, value] of Object.entries(row)) {
      if (!this.accepted.has(field)) {
        throw new UserError(`${this.where}, row ${line}: unknown field "${field}".${didYouMeanHint(field, this.accepted)} This run reads ${[...this.accepted].map((c) => `"${c}"`).join(', ')} (options.fields adds fields for the key)`);
      }
      if (value !== null && value !== undefined && typeof value !== 'string' && !(typeof value === 'number')) {
        throw new UserError(`${this.where}, row ${line}, field "${field}": expected a number or text, got ${Array.isArray(value) ? 'an array' : typeof value}`);
      }
    }
    const carried: string[] = [];
    let unknown = false;
    const cells = this.columns.map((field) => {
      const value = row[field];
      const cell = value === null || value === undefined || (typeof value === 'number' && Number.isNaN(value)) ? '' : String(value);
      if (!this.carriable.has(field)) return cell;
      if (!isMissingCell(cell)) {
        this.lastKnown.set(field, cell);
        return cell;
      }
      const last = this.lastKnown.get(field);
      if (last === undefined) unknown = true;
      else carried.push(field);
      return last ?? cell;
    });
    return { cells, carried, unknown };
  }
}
