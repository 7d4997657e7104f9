/**
 * A finished run as a forecaster: `const model = await loadRun(dir); model.predict(rows, { horizon: 8 })`,
 * or, for a text run, `model.predict(['Nakamura'], { top: 3 })` (text-model.ts).
 * Everything comes from the run folder, never from the training data: the experiment as run
 * (experiment.resolved.json), the preparation constants (dataset.json) and a parameter set. Raw rows
 * in the trained format are prepared exactly as training prepared them (data/pm25/input.ts,
 * data/csv-input.ts); a value forecast k steps ahead feeds each prediction back as the next row's
 * target input (PM2.5's pollution, a csv target among the features), as the run's horizon metrics do,
 * and is turned back into the target's units (µg/m³) with the saved constants.
 */
import { resolveRun } from '../runs.js';
import type { CsvData, Experiment, Pm25Data, Pm25Feature } from '../../config/types.js';
import { UserError } from '../../core/errors.js';
import { CARRIED_FEATURES, prepareCsvRows } from '../../data/csv-input.js';
import { csvFedInput } from '../../config/csv-checks.js';
import { POLLUTION_INPUT } from '../../config/pm25-checks.js';
import type { CsvTable } from '../../data/csv-table.js';
import { classForecast, tableOf, valueRun, type Forecast, type RawRow } from './rows.js';
import { streamOperator } from './stream/stream-operator.js';
import type { StreamObservation, StreamOptions, StreamPrediction } from './stream/types.js';
import type { OperatorFunction } from 'rxjs';
import { unscaleValue } from '../../data/normalize.js';
import { forecastAhead } from '../../data/pm25/horizon.js';
import { CARRIED_WEATHER, preparePm25Rows, type PreparedRows } from '../../data/pm25/input.js';
import { WindowedSeries } from '../../data/windows.js';
import { Rnn } from '../../model/rnn.js';
import { predictTexts, type TextPredictOptions, type TextPredictions, type TextRunFacts } from './text-model.js';
import { DATASET_FILE, EXPERIMENT_FILE, readDatasetFacts, readResolvedExperiment, readRunParams, runFiles } from '../../run-folder/index.js';

export type { Forecast, RawRow } from './rows.js';
export { tableOf } from './rows.js';

/** The farthest forecast: a week of hours (each step is one more pass over every window). */
export const MAX_HORIZON = 168;

export interface PredictOptions {
  /** Forecast 1 … horizon steps ahead (default 1, at most MAX_HORIZON); above 1 for PM2.5 value runs and csv regression runs whose target is a feature. */
  horizon?: number;
  /** Only the windows ending at table rows from … to − 1 (a chunk of a longer input: predict-file.ts); default all. */
  windows?: { from: number; to: number };
  /** Names the rows in errors: a file (and each row's line), default "rows" with 0-based indices. */
  source?: { file: string; lines?: readonly number[] };
}

export interface Predictions {
  /** One per window, in input order: the time (or row number) its last row is at, and its forecasts. */
  rows: { windowEnd: string; forecasts: Forecast[] }[];
  /** What the forecasts assume beyond the input (PM2.5: weather carried forward). */
  assumptions: string[];
  /** E.g. how many NA cells were filled, how many inputs lie far outside the training range. */
  warnings: string[];
  /** Per feature: input values far outside the training range (see farOutside), and the first one's row. */
  farOutside: Record<string, { count: number; row: number }>;
  /** The forecast's name and unit, for headers: "pm2.5" in "µg/m³", or the csv target. */
  target: { name: string; unit?: string };
}

interface DatasetFacts {
  featureScale: Record<string, { min: number; max: number }>;
  labelScale?: { min: number; max: number };
  classNames?: string[];
}

export type ParamsChoice = 'best' | 'final';

export class RunModel {
  constructor(
    readonly dir: string, readonly experiment: Experiment, readonly facts: DatasetFacts, readonly net: Rnn, readonly params: ParamsChoice,
  ) {}

  /** A text run (data sequences): each text's top labels with their probabilities (text-model.ts). */
  predict(texts: readonly string[], options?: TextPredictOptions): TextPredictions;
  /** Forecasts from every window of `rows` (consecutive rows in the trained format); see Predictions. */
  predict(rows: readonly RawRow[] | CsvTable, options?: PredictOptions): Predictions;
  predict(rows: readonly string[] | readonly RawRow[] | CsvTable, options: PredictOptions & TextPredictOptions = {}): Predictions | TextPredictions {
    if (this.experiment.data.name === 'sequences') {
      if (!Array.isArray(rows) || rows.some((r) => typeof r !== 'string')) throw new UserError(`${this.dir}: this run reads text; pass an array of strings`);
      return predictTexts(this.net, this.experiment, this.facts as unknown as TextRunFacts, rows as readonly string[], options);
    }
    if (Array.isArray(rows) && rows.some((r) => typeof r === 'string')) throw new UserError(`${this.dir}: this ${this.experiment.data.name} run reads rows of columns, not text`);
    return this.predictRows(rows as readonly RawRow[] | CsvTable, options);
  }

  /**
   * Streaming inference: an RxJS operator from observations, one time step each (rows of fields, or
   * text for a text run), to predictions, with predict's preparation and numbers (stream/stream-operator.ts).
   */
  stream(options: StreamOptions = {}): OperatorFunction<StreamObservation, StreamPrediction> {
    return streamOperator(this, options);
  }

  private predictRows(rows: readonly RawRow[] | CsvTable, options: PredictOptions): Predictions {
    const horizon = options.horizon ?? 1;
    const data = this.experiment.data;
    checkHorizon(horizon, 'horizon');
    const isValue = valueRun(data);
    const fed = fedInput(data);
    if (horizon > 1 && !(isValue && (fed >= 0 || this.direct))) {
      throw new UserError(`horizon ${horizon}: only value runs whose target is also an input forecast more than one step ahead (each prediction is fed back as ` +
        `the next row's target: PM2.5 value runs, csv regression runs with predictNext and the target among data.features); this ${data.name} ${isValue ? 'value' : 'class'} run forecasts 1 step ahead`);
    }
    const table = Array.isArray(rows) ? tableOf(rows as readonly RawRow[], options.source) : rows as CsvTable;
    const T = this.net.spec.timesteps;
    let prepared: PreparedRows;
    let stepAhead = 1;
    if (data.name === 'pm25') {
      // A direct head (several outputs) reads only the window: no rows past the input are needed.
      prepared = preparePm25Rows(table, data.features as Pm25Feature[], this.facts.featureScale, T, this.direct ? 0 : horizon - 1);
    } else if (data.name === 'csv') {
      prepared = prepareCsvRows(table, data, this.facts.featureScale, horizon - 1);
      stepAhead = data.predictNext ? 1 : 0;
    } else {
      throw new UserError(`${this.dir}: predict reads pm25 and csv runs; this run's data is "${data.name}"`);
    }
    const from = Math.max(prepared.firstWindowEnd, options.windows?.from ?? 0);
    const to = Math.min(prepared.rows, options.windows?.to ?? prepared.rows);
    const ends = Array.from({ length: Math.max(0, to - from) }, (_, w) => from + w);
    // Rows no window reads (PM2.5's first row only gives the next one's wind speed) are not counted.
    const far = farOutside(prepared, (data as Pm25Data | CsvData).features, table, Math.max(options.windows?.from ?? 0, prepared.firstWindowEnd - T + 1), to);
    const out: Predictions = {
      rows: ends.map((e) => ({ windowEnd: prepared.time(e), forecasts: [] })),
      assumptions: [], warnings: [...filledWarnings(table.file, prepared.filled), ...farOutsideWarnings(table.file, far)], farOutside: far,
      target: data.name === 'pm25' ? { name: 'pm2.5', unit: 'µg/m³' } : { name: (data as CsvData).target },
    };
    if (isValue) this.forecastValues(prepared, ends, horizon, stepAhead, fed, out);
    else this.forecastClasses(prepared, ends, stepAhead, out);
    if (data.name === 'pm25' && horizon > 1 && !this.direct) {
      out.assumptions.push(`forecasts past ${prepared.time(prepared.rows - 1)} (the last input row): ${CARRIED_WEATHER}; ` +
        'inside the input each forecast reads the input\'s later weather, and its own forecasts as pollution');
    }
    if (data.name === 'csv' && horizon > 1) {
      out.assumptions.push(`forecasts past ${prepared.time(prepared.rows - 1)} (the last input row): ${CARRIED_FEATURES}; ` +
        `inside the input each forecast reads the input's later rows, and its own forecasts as ${data.target}`);
    }
    return out;
  }

  /** A direct multi-horizon head (data.directHours): forecasts k hours ahead are outputs, nothing is fed back. */
  private get direct(): boolean {
    return this.net.spec.outputSize > 1 && this.net.spec.netType === 'regression';
  }

  private forecastValues(prepared: PreparedRows, ends: number[], horizon: number, stepAhead: number, fed: number, out: Predictions): void {
    const { min, max } = this.labelScale();
    const split = windowsOf(prepared, this.net, ends, this.net.spec.outputSize, fed);
    forecastAhead(this.net, split, split.starts, horizon, (k, a, _y, rows, from) => {
      for (let r = 0; r < rows; r++) {
        const w = from + r;
        out.rows[w].forecasts.push({ ahead: k, for: prepared.time(ends[w] + k - 1 + stepAhead), value: unscaleValue(a[r], min, max) });
      }
    });
  }

  private forecastClasses(prepared: PreparedRows, ends: number[], stepAhead: number, out: Predictions): void {
    const names = this.facts.classNames ?? Array.from({ length: this.net.spec.outputSize }, (_, j) => String(j));
    const o = this.net.spec.outputSize;
    const T = this.net.spec.timesteps;
    const split = windowsOf(prepared, this.net, ends, o);
    const B = Math.min(512, ends.length);
    const x = new Float64Array(T * B * split.inputSize);
    const y = new Float64Array(B * o);
    const order = Uint32Array.from(ends, (_, w) => w);
    for (let from = 0; from < ends.length; from += B) {
      const rows = Math.min(B, ends.length - from);
      split.gather(order, from, rows, x, y);
      this.net.forwardBatch(x, rows);
      const a = this.net.output(T - 1);
      for (let r = 0; r < rows; r++) {
        const w = from + r;
        out.rows[w].forecasts.push(classForecast(a.subarray(r * o, (r + 1) * o), names, 1, prepared.time(ends[w] + stepAhead)));
      }
    }
  }

  private labelScale(): { min: number; max: number } {
    const s = this.facts.labelScale;
    if (!s) throw new UserError(`${runFiles(this.dir).dataset}: no labelScale, so values cannot be turned back into the target's units`);
    return s;
  }
}

/** The input a forecast is fed back into (the training windows' fedInput): pollution, or a csv target among the features; −1: none. */
function fedInput(data: Experiment['data']): number {
  if (data.name === 'pm25') return data.features[POLLUTION_INPUT] === 'pollution' ? POLLUTION_INPUT : -1;
  if (data.name === 'csv') return csvFedInput(data);
  return -1;
}

/** Windows of T rows ending at `ends`, over the prepared series (labels unknown: NaN). */
function windowsOf(prepared: PreparedRows, net: Rnn, ends: number[], outputSize: number, fed = -1): WindowedSeries {
  const { timesteps: T, inputSize: F } = net.spec;
  const total = prepared.rows + prepared.future;
  if (prepared.series.length !== total * F) throw new UserError(`the prepared rows have ${prepared.series.length / total} features, the net reads ${F}`);
  return new WindowedSeries(prepared.series, F, new Float64Array(total * outputSize).fill(NaN), outputSize, T, Uint32Array.from(ends, (e) => e - T + 1), fed);
}

/** Throws unless `horizon` is a whole number of steps from 1 to MAX_HORIZON; `what` names it ("--horizon"). */
export function checkHorizon(horizon: number, what: string, given: unknown = horizon): void {
  if (!Number.isInteger(horizon) || horizon < 1 || horizon > MAX_HORIZON) {
    throw new UserError(`${what} ${given}: expected a whole number of steps from 1 to ${MAX_HORIZON} (a week of hours)`);
  }
}

/**
 * Inputs far outside what the run was trained on: a feature's value more than the width of its training
 * range below its training minimum or above its maximum (scaled, below −1 or above 2). The net was never
 * shown such values, so its forecasts from them extrapolate. Counted over table rows from … to − 1.
 */
function farOutside(prepared: PreparedRows, features: readonly string[], table: CsvTable, from: number, to: number): Predictions['farOutside'] {
  const F = features.length;
  const out: Predictions['farOutside'] = {};
  for (let r = from; r < to; r++) {
    for (let f = 0; f < F; f++) {
      const s = prepared.series[r * F + f];
      if (!(s < -1 || s > 2)) continue;
      const seen = out[features[f]] ??= { count: 0, row: table.lines[r] };
      seen.count++;
    }
  }
  return out;
}

/** The one line that says how many inputs lie far outside the training range, per feature (none: no line). */
export function farOutsideWarnings(file: string, far: Predictions['farOutside']): string[] {
  const parts = Object.entries(far).map(([name, { count, row }]) => `${name} ${count} (first in row ${row})`);
  if (parts.length === 0) return [];
  const total = Object.values(far).reduce((a, b) => a + b.count, 0);
  return [`${file}: ${total} input value${total === 1 ? '' : 's'} far outside the training range (more than the range's width beyond its min or max): ` +
    `${parts.join(', ')}; forecasts from them extrapolate`];
}

export function filledWarnings(file: string, filled: Record<string, number>): string[] {
  const parts = Object.entries(filled).map(([c, n]) => `${c} ${n}`);
  if (parts.length === 0) return [];
  const total = Object.values(filled).reduce((a, b) => a + b, 0);
  return [`${file}: ${total} missing input value${total === 1 ? '' : 's'} filled as in training (linear between known values, the nearest known value at the ends): ${parts.join(', ')}`];
}

/**
 * A min-max pair from dataset.json, refused when damaged: each a finite number, max ≥ min (training wrote
 * them from real values; anything else would turn forecasts into NaN or text such as "0.0877x").
 */
function checkScale(file: string, field: string, scale: unknown): void {
  const damaged = (why: string): never => {
    throw new UserError(`${file}: ${field}${why}; the file is damaged (training writes finite numbers, max ≥ min): restore it or train the run again`);
  };
  if (typeof scale !== 'object' || scale === null) damaged(` is ${JSON.stringify(scale) ?? 'missing'}, not { "min": …, "max": … }`);
  const { min, max } = scale as { min: unknown; max: unknown };
  for (const [name, v] of [['min', min], ['max', max]] as const) {
    if (typeof v !== 'number' || !Number.isFinite(v)) damaged(`.${name} is ${JSON.stringify(v) ?? 'missing'}, not a finite number`);
  }
  if ((max as number) < (min as number)) damaged(`.max ${String(max)} is below .min ${String(min)}`);
}

/**
 * Loads a finished run's experiment, preparation constants and parameters (params/best.json by
 * default). `dir` is resolved as the CLI resolves a run argument: a parent folder of runs means its
 * latest run, a sweep folder its best trial, said on stderr (or to `say`).
 */
export async function loadRun(given: string, options: { params?: ParamsChoice; say?: (text: string) => void } = {}): Promise<RunModel> {
  const dir = resolveRun(given, { command: 'loadRun', ...(options.say ? { say: options.say } : {}) });
  const params = options.params ?? 'best';
  const missing = (name: string): never => { throw new UserError(`${dir}: not a finished run folder (no ${name} there)`); };
  const experiment = (readResolvedExperiment(dir) ?? missing(EXPERIMENT_FILE)) as unknown as Experiment;
  const facts = (readDatasetFacts(dir) ?? missing(DATASET_FILE)) as unknown as DatasetFacts;
  if (experiment.data.name === 'sequences') {
    const text = facts as unknown as Partial<TextRunFacts>;
    if (!Array.isArray(text.vocabulary) || !Number.isInteger(text.timesteps)) {
      throw new UserError(`${runFiles(dir).dataset}: no vocabulary or timesteps; predict reads text runs (a run of numeric features per step has no text to read)`);
    }
  } else if (experiment.data.name !== 'pm25' && experiment.data.name !== 'csv') {
    throw new UserError(`${dir}: predict reads pm25, csv and sequences runs; this run's data is "${experiment.data.name}"`);
  } else {
    const features = (experiment.data as Pm25Data | CsvData).features;
    const unscaled = features.filter((f) => !facts.featureScale?.[f]);
    if (unscaled.length) throw new UserError(`${runFiles(dir).dataset}: no featureScale for ${unscaled.join(', ')}; was it written by this run?`);
    for (const f of features) checkScale(runFiles(dir).dataset, `featureScale.${f}`, facts.featureScale[f]);
    if (facts.labelScale !== undefined) checkScale(runFiles(dir).dataset, 'labelScale', facts.labelScale);
  }
  const P = readRunParams(dir, params);
  const net = new Rnn(P.spec, { batchCapacity: 512 });
  net.params.copyFrom(P);
  return new RunModel(dir, experiment, facts, net, params);
}
