/**
 * A PM2.5 value run's forecasts over its test year (2014), hour by hour, beside the measured truth and
 * persistence, for the run page's "one test week" chart.
 *
 * Where they come from: computed here, on demand, with `loadRun(dir).predict` (app/predict) from the
 * run folder's own contract files — experiment.resolved.json, dataset.json (the scaling constants and
 * the data file the run read) and params/best.json — and the 2014 rows of that data file. Not from a
 * predictions file written by the run, because:
 *  - the board reads the files every run already has, so runs trained before this chart (or by any
 *    version of the engine) show it too; a new file would be one more thing every writer must produce;
 *  - it is cheap enough: one forward pass per test window and horizon, the work of the run's own test
 *    horizon evaluation, once per run, then kept in memory (keyed by the parameter file, so a run still
 *    training gets fresh forecasts when its best parameters change); the week picker then answers at
 *    once. Measured on this shared 2-core machine at load 14: 1.5 s for a hidden-8 net and 4 horizons,
 *    plus 2 s to read the 44k-row data file the first time (kept while runs share it);
 *  - it is exactly what `rnnflow predict` gives for those rows, which a test ties to the run's own
 *    test evaluation (summary.json), so the chart and the summary cannot disagree.
 * The data file is read to compute numbers only; the board never serves it (its pm2.5 column for the
 * week shown is the "truth" line).
 */
import { open } from 'node:fs/promises';
import { constants } from 'node:fs';
import { gunzip } from 'node:zlib';
import { promisify } from 'node:util';
import { columnIndex, numericColumn, parseCsvTable, type CsvTable } from '../../data/csv-table.js';
import { fillGaps } from '../../data/interpolate.js';
import { PM25_TEST_ROWS, PM25_TRAIN_ROWS } from '../../data/pm25/load.js';
import { PM25_INPUT_COLUMNS } from '../../data/pm25/input.js';
import { loadRun } from '../predict/run-model.js';
import { readDatasetFacts, readResolvedExperiment, RunFolderError, runFiles } from '../../run-folder/index.js';
import { isObject, numberAt, objectAt, runFolderJson, statOrUndefined, stringAt, type Json } from './folder-files.js';

/** Hours in a week: the picker's unit (2014 has 52 weeks and one day). */
export const WEEK_HOURS = 168;
/** Rows of 2013 read before 2014 beyond what the windows need, so an NA gap at the slice's start is filled as in the whole file. */
const LEAD_MARGIN = 48;
/** The longest horizon drawn: the experiment schema's maximum for data.horizons. */
export const MAX_FORECAST_HORIZON = 72;
/**
 * The largest data file read for the chart (the UCI PM2.5 file is 2 MB; gunzipped, the same cap):
 * dataset.json is a run folder's file, so the file it names is untrusted too.
 */
export const MAX_FORECAST_DATA_BYTES = 64 * 1024 * 1024;

/** Hour-by-hour series over a span of the test year; index i is the hour `start` + i. */
export interface ForecastSeries {
  /** ms since 1970 of the first hour, the file's naive Beijing time read as UTC. */
  start: number;
  hours: number;
  /** The steps ahead shown, e.g. [1, 2, 4, 8]. */
  horizons: number[];
  /** µg/m³ as measured (null: NA in the file). */
  truth: (number | null)[];
  /** model[j][i]: the forecast for hour i made horizons[j] hours before it, with the best parameters (null: no window ends then). */
  model: (number | null)[][];
  /** persistence[j][i]: the pollution horizons[j] hours before hour i (NA filled as training filled it). */
  persistence: (number | null)[][];
}

export interface WeekForecast extends ForecastSeries {
  week: number;
  /** Every week's first hour (ms) and length in hours, for the picker. */
  weeks: { start: number; hours: number }[];
  unit: string;
}

/**
 * The run's horizons when it is a PM2.5 value run, else undefined (no such chart). A horizon that is
 * not an integer 1 … MAX_FORECAST_HORIZON is refused, naming the file: it comes from a run folder,
 * and `[1, 2, 100000]` would ask for a 100,000-hour forecast of every window.
 */
export function forecastHorizons(experiment: Json | undefined, file = 'experiment.resolved.json'): number[] | undefined {
  const data = objectAt(experiment, 'data');
  if (stringAt(data, 'name') !== 'pm25' || stringAt(data, 'target') !== 'value') return undefined;
  if (numberAt(data, 'directHours') !== undefined && numberAt(data, 'directHours')! > 1) return undefined;
  const listed = isObject(data) && data.horizons !== undefined ? data.horizons : [];
  if (!Array.isArray(listed) || listed.length > MAX_FORECAST_HORIZON || !listed.every((k) => Number.isInteger(k) && (k as number) >= 1 && (k as number) <= MAX_FORECAST_HORIZON)) {
    throw new RunFolderError(file, `data.horizons ${JSON.stringify(listed).slice(0, 80)}: each horizon is a whole number of hours 1 … ${MAX_FORECAST_HORIZON} (the experiment schema's range); refused, no forecasts drawn`);
  }
  const horizons = listed as number[];
  return horizons.length ? [...new Set(horizons)].sort((a, b) => a - b) : [1];
}

/**
 * The data file's text, read only when it is a regular file (a FIFO would block every request, a
 * device such as /dev/zero never ends, a folder is not data) of at most MAX_FORECAST_DATA_BYTES (also
 * once gunzipped), asynchronously: the board answers other requests meanwhile.
 */
async function readDataFile(file: string): Promise<string> {
  const notRead = (why: string) => new Error(`${file} (the data file the run's dataset.json names): ${why}; no forecasts drawn`);
  let handle;
  try {
    handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    throw notRead(`cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw notRead(`is ${stat.isDirectory() ? 'a folder' : stat.isFIFO() ? 'a FIFO' : 'a device or socket'}, not a file`);
    if (stat.size > MAX_FORECAST_DATA_BYTES) throw notRead(`${stat.size} bytes, more than the ${MAX_FORECAST_DATA_BYTES} a PM2.5 data file can be`);
    const bytes = await handle.readFile();
    if (!file.endsWith('.gz')) return bytes.toString('utf8');
    try {
      return (await promisify(gunzip)(bytes, { maxOutputLength: MAX_FORECAST_DATA_BYTES })).toString('utf8');
    } catch (e) {
      throw notRead(`not a gzip file of at most ${MAX_FORECAST_DATA_BYTES} bytes (${(e as Error).message})`);
    }
  } finally {
    await handle.close();
  }
}

const tables = new Map<string, { key: string; table: CsvTable }>();

/** The data file's rows, parsed once per file version (several runs share one file). */
async function dataTable(file: string): Promise<CsvTable> {
  const stat = statOrUndefined(file);
  if (!stat) throw new Error(`the data file ${file} (named by the run's dataset.json) is not there`);
  const key = `${stat.mtimeMs}/${stat.size}`;
  const cached = tables.get(file);
  if (cached?.key === key) return cached.table;
  // The path comes from a file in a run folder: read only a file that looks like the UCI PM2.5 data, and
  // never echo its contents (a parser's message could quote a cell).
  const text = await readDataFile(file);
  const header = text.slice(0, 200).split(/\r?\n/, 1)[0].split(',').map((c) => c.trim().replace(/^"|"$/g, ''));
  const notIt = (why: string) => new Error(`${file}: not the PM2.5 file the run read (${why})`);
  if (!PM25_INPUT_COLUMNS.every((c) => header.includes(c))) throw notIt(`its header lacks the UCI columns ${PM25_INPUT_COLUMNS.join(',')}`);
  let table: CsvTable;
  try {
    table = parseCsvTable(text, file);
  } catch {
    throw notIt('it is not readable as CSV');
  }
  if (table.records.length !== PM25_TRAIN_ROWS + PM25_TEST_ROWS) throw notIt(`${table.records.length} rows`);
  tables.clear(); // one file in memory at a time: it is 44k rows
  tables.set(file, { key, table });
  return table;
}

/** The whole test year's forecasts (see the file's comment); undefined for a run that is not a PM2.5 value run. */
export async function testYearForecast(runDir: string): Promise<ForecastSeries | undefined> {
  const experiment = runFolderJson(() => readResolvedExperiment(runDir));
  const horizons = forecastHorizons(experiment, runFiles(runDir).experiment);
  if (!horizons) return undefined;
  const file = stringAt(runFolderJson(() => readDatasetFacts(runDir)), 'file');
  if (!file) throw new Error(`${runFiles(runDir).dataset} names no data file`);
  const table = await dataTable(file);
  const model = await loadRun(runDir);
  const K = horizons.at(-1)!;
  const T = model.net.spec.timesteps;
  // Windows reach T + K hours back from 2014's first hour: they must start inside 2013's rows.
  if (T + K + 1 + LEAD_MARGIN > PM25_TRAIN_ROWS) throw new RunFolderError(runFiles(runDir).paramsOf('best'), `timesteps ${T}: longer than the training years' ${PM25_TRAIN_ROWS} hours; refused, no forecasts drawn`);
  // From the first row a window needs for a K-hours-ahead forecast of 2014's first hour (+1 for the wind speed).
  const from = PM25_TRAIN_ROWS - K - T - 1 - LEAD_MARGIN;
  const slice: CsvTable = { ...table, records: table.records.slice(from), lines: table.lines.slice(from) };
  const p = model.predict(slice, { horizon: K });

  const pm = numericColumn(slice, columnIndex(slice, 'pm2.5', 'input'), true).values;
  const first = PM25_TRAIN_ROWS - from; // 2014's first hour in the slice
  const truth = Array.from(pm.subarray(first), (v) => (Number.isNaN(v) ? null : v));
  const filled = Float64Array.from(pm);
  fillGaps(filled, { leading: 'nearest' });
  const ks = horizons.map((k) => k - 1);
  const modelRows = horizons.map(() => new Array<number | null>(PM25_TEST_ROWS).fill(null));
  const persistence = horizons.map((k) => Array.from({ length: PM25_TEST_ROWS }, (_, i) => filled[first + i - k]));
  const firstEnd = slice.records.length - p.rows.length; // predict's first window ends at this slice row
  p.rows.forEach((row, w) => {
    ks.forEach((k0, j) => {
      const i = firstEnd + w + k0 + 1 - first; // the hour this forecast is for, in 2014
      // Forecasts past 2014's last hour assume carried weather: not a test forecast.
      if (i >= 0 && i < PM25_TEST_ROWS) modelRows[j][i] = row.forecasts[k0].value ?? null;
    });
  });
  const [y, m, d, h] = ['year', 'month', 'day', 'hour'].map((c) => Number(slice.records[first][columnIndex(slice, c, 'input')]));
  return { start: Date.UTC(y, m - 1, d, h), hours: PM25_TEST_ROWS, horizons, truth, model: modelRows, persistence };
}

/** Hours [from, from + hours) of a series. */
export function sliceSeries(s: ForecastSeries, from: number, hours: number): ForecastSeries {
  const to = Math.min(s.hours, from + hours);
  return {
    start: s.start + from * 3_600_000, hours: to - from, horizons: s.horizons, truth: s.truth.slice(from, to),
    model: s.model.map((m) => m.slice(from, to)), persistence: s.persistence.map((m) => m.slice(from, to)),
  };
}

/** Numbers to 2 decimals (µg/m³): what a page needs, a third of the bytes. */
export function roundSeries(s: ForecastSeries): ForecastSeries {
  const r = (v: number | null) => (v === null ? null : Math.round(v * 100) / 100);
  return { ...s, truth: s.truth.map(r), model: s.model.map((m) => m.map(r)), persistence: s.persistence.map((m) => m.map(r)) };
}

export function weekStarts(s: ForecastSeries): { start: number; hours: number }[] {
  const out: { start: number; hours: number }[] = [];
  for (let from = 0; from < s.hours; from += WEEK_HOURS) out.push({ start: s.start + from * 3_600_000, hours: Math.min(WEEK_HOURS, s.hours - from) });
  return out;
}

/** Week `week` (0-based, clamped) of the test year. */
export function weekOf(s: ForecastSeries, week: number): WeekForecast {
  const weeks = weekStarts(s);
  const n = Math.min(Math.max(0, Math.floor(week) || 0), weeks.length - 1);
  return { ...roundSeries(sliceSeries(s, n * WEEK_HOURS, WEEK_HOURS)), week: n, weeks, unit: 'µg/m³' };
}

/** testYearForecast, kept per run until its best parameters change. */
export class ForecastCache {
  private readonly entries = new Map<string, { key: string; value: Promise<ForecastSeries | undefined> }>();

  get(runDir: string): Promise<ForecastSeries | undefined> {
    const s = statOrUndefined(runFiles(runDir).paramsOf('best'));
    const key = s ? `${s.mtimeMs}/${s.size}` : '-';
    const hit = this.entries.get(runDir);
    if (hit?.key === key) return hit.value;
    const value = testYearForecast(runDir);
    value.catch(() => this.entries.delete(runDir));
    if (this.entries.size >= 8) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(runDir, { key, value });
    return value;
  }
}
