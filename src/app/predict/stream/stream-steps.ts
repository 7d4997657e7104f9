/**
 * The state of one subscription to a stream operator: one StepNet (model/step-net.ts) and, per
 * series key, that series' carried states and input state. Observations are read one at a time;
 * each returns the predictions it completes.
 *
 * A window model (PM2.5, csv: trained on windows of T rows) keeps T state rows, row s mod T restarted
 * at the series' step s, so after step s ≥ T − 1 row (s + 1) mod T has read exactly the window
 * s − T + 1 … s from a zero state: predict's window, with predict's numbers. A text model (trained
 * on whole sequences) keeps one row carried across the series' tokens: its prediction after a token
 * is predict's for the text read so far.
 *
 * Series take turns on the one net: the resident series' states stay in the net, another's are
 * swapped in (StepNet.saveState / loadState) when its observation comes.
 */
import type { CsvData, Experiment, Pm25Data, SequencesData } from '../../../config/types.js';
import { UserError } from '../../../core/errors.js';
import { unscaleValue } from '../../../data/normalize.js';
import type { Rnn } from '../../../model/rnn.js';
import { StepNet } from '../../../model/step-net.js';
import { floatArray, type FloatArray } from '../../../tensor/float-array.js';
import { classForecast, valueRun, type Forecast } from '../rows.js';
import { topLabels } from '../text-model.js';
import { RowInput } from './row-input.js';
import { TextInput } from './text-input.js';
import type { StreamObservation, StreamOptions, StreamPrediction } from './types.js';

/** What a stream needs of a loaded run (RunModel has it). */
export interface StreamRun {
  readonly dir: string;
  readonly experiment: Experiment;
  readonly facts: {
    featureScale?: Record<string, { min: number; max: number }>;
    labelScale?: { min: number; max: number };
    classNames?: string[];
    vocabulary?: string[];
  };
  readonly net: Rnn;
}

export const DEFAULT_MAX_KEYS = 10_000;

interface Series {
  key: string;
  /** [StepNet.stateSize] its states while another series is resident. */
  state: FloatArray;
  /** Observations read since its start (or reset); and net steps taken (rows prepared, tokens read). */
  read: number;
  steps: number;
  rows: RowInput | null;
}

export class StreamSteps {
  private readonly net: StepNet;
  private readonly series = new Map<string, Series>();
  /** The series whose states are in the net now (null: none, or it was reset). */
  private resident: Series | null = null;
  private readonly text: TextInput | null;
  private readonly out: Float64Array;
  private readonly windows: boolean;

  constructor(private readonly run: StreamRun, private readonly options: Required<Pick<StreamOptions, 'maxKeys' | 'top' | 'fields'>> & Pick<StreamOptions, 'key'>) {
    const data = run.experiment.data;
    this.windows = data.name !== 'sequences';
    this.text = data.name === 'sequences' ? new TextInput(data as SequencesData, run.facts.vocabulary ?? [], options.fields) : null;
    const rows = this.windows ? run.net.spec.timesteps : 1;
    try {
      this.net = new StepNet(run.net.spec, run.net.params.flat, rows, run.net.kernels);
    } catch (e) {
      throw new UserError(`${run.dir}: this run cannot be streamed: ${(e as Error).message.replace(/^StepNet: /, "")}`);
    }
    this.out = new Float64Array(run.net.spec.outputSize);
  }

  /** Reads one observation; returns the predictions it completes (none, one, or one per token of a text). */
  read(observation: StreamObservation): StreamPrediction[] {
    const series = this.seriesOf(observation);
    series.read++;
    return this.windows ? this.readRow(series, observation) : this.readText(series, observation);
  }

  /** Starts new sequences: the series with this key, or every series. */
  reset(key?: string): void {
    if (key === undefined) this.series.clear();
    else this.series.delete(key);
    if (this.resident && !this.series.has(this.resident.key)) this.resident = null;
  }

  private seriesOf(observation: StreamObservation): Series {
    const key = this.options.key ? this.options.key(observation) : '';
    if (typeof key !== 'string') throw new UserError(`stream: options.key returned ${typeof key}; it must return a string naming the series`);
    let series = this.series.get(key);
    if (!series) {
      if (this.series.size >= this.options.maxKeys) {
        throw new UserError(`stream: a key "${key}" beyond the ${this.options.maxKeys} series held (options.maxKeys); reset finished series (options.reset emitting their key) or raise maxKeys`);
      }
      const where = this.options.key ? `stream (key ${JSON.stringify(key)})` : 'stream';
      const data = this.run.experiment.data;
      series = {
        key, state: floatArray(this.net.plan.dtype, this.net.stateSize), read: 0, steps: 0,
        rows: this.windows ? new RowInput({ data: data as Pm25Data | CsvData, featureScale: this.run.facts.featureScale ?? {} }, where, this.options.fields) : null,
      };
      this.series.set(key, series);
    }
    if (this.resident !== series) {
      if (this.resident) this.net.saveState(this.resident.state);
      this.net.loadState(series.state);
      this.resident = series;
    }
    return series;
  }

  private readRow(series: Series, observation: StreamObservation): StreamPrediction[] {
    const row = series.rows!.read(observation as Exclude<StreamObservation, string>, series.read);
    if (!row) return [];
    const T = this.net.rows;
    this.net.resetRow(series.steps % T);
    this.net.step(row.x);
    series.steps++;
    if (series.steps < T) return [];
    this.net.output(series.steps % T, this.out);
    const data = this.run.experiment.data as Pm25Data | CsvData;
    const stepAhead = data.name === 'csv' && !data.predictNext ? 0 : 1;
    // csv rows without a time column are numbered within the series, as predict numbers its input's rows.
    const time = data.name === 'csv' && data.timeColumn === undefined ? (k: number) => String(series.read + k) : row.time;
    const forecasts: Forecast[] = [];
    if (valueRun(data)) {
      const scale = this.run.facts.labelScale;
      if (!scale) throw new UserError(`${this.run.dir}: no labelScale in dataset.json, so values cannot be turned back into the target's units`);
      for (let k = 1; k <= this.out.length; k++) forecasts.push({ ahead: k, for: time(k - 1 + stepAhead), value: unscaleValue(this.out[k - 1], scale.min, scale.max) });
    } else {
      const names = this.run.facts.classNames ?? Array.from(this.out, (_, j) => String(j));
      forecasts.push(classForecast(this.out, names, 1, time(stepAhead)));
    }
    return [{ key: series.key, step: series.read, windowEnd: time(0), forecasts, carried: row.carried }];
  }

  private readText(series: Series, observation: StreamObservation): StreamPrediction[] {
    const where = this.options.key ? `stream (key ${JSON.stringify(series.key)})` : 'stream';
    const data = this.run.experiment.data as SequencesData;
    const T = this.run.net.spec.timesteps;
    const predictions: StreamPrediction[] = [];
    for (const token of this.text!.tokens(observation, where, series.read)) {
      if (series.steps >= T) {
        // Predict cuts a text at the run's longest (data.tooLong "cut") or refuses it.
        if (data.tooLong === 'cut') break;
        throw new UserError(`${where}, observation ${series.read}: more than the run's ${T} ${data.tokens}; reset the series (options.reset) before a new text (the run was trained with data.tooLong "error")`);
      }
      const unknown = this.text!.load(token);
      this.net.step(this.text!.oneHot);
      series.steps++;
      this.net.output(0, this.out);
      const names = this.run.facts.classNames;
      predictions.push({
        key: series.key, step: series.read, token, unknown,
        ...(names ? { top: topLabels(this.out, names, Math.min(this.options.top, names.length)) } : { value: this.out[0] }),
      });
    }
    return predictions;
  }
}
