/**
 * `predict --input` for a run that reads rows (pm25, csv): the input is read in chunks of rows
 * (data/csv-chunks.ts), and each chunk's windows are forecast and written before the next is read, so
 * memory stays about one chunk's whatever the file's size (a 50 MB input once peaked at 1.94 GB, read
 * and answered whole). The text written is what model.predict over the whole file gives, row for row,
 * and so are its warnings (test/app/predict-stream.test.ts holds the two side by side).
 */
import type { CsvData, Pm25Data } from '../../config/types.js';
import { eachRowChunk, type ChunkPlan } from '../../data/csv-chunks.js';
import { PM25_FILLED_COLUMNS } from '../../data/pm25/input.js';
import { predictionsCsv, type PredictionsAbout } from './output.js';
import { farOutsideWarnings, filledWarnings, type ParamsChoice, type Predictions, type RunModel } from './run-model.js';

export interface PredictFileOptions {
  horizon: number;
  precision: number;
  runDir: string;
  params: ParamsChoice;
  /** Rows a chunk owns (default: about 8,192 forecasts' worth, at least 256 rows). */
  chunkRows?: number;
}

export interface PredictFileResult {
  /** Windows forecast (output rows after the header). */
  windows: number;
  about: PredictionsAbout;
  /** Say these on stderr: missing cells filled, inputs far outside the training range. */
  warnings: string[];
  /** What the forecasts assume past the input. */
  assumptions: string[];
  /** The most input records held at once. */
  rowsHeldAtMost: number;
}

/** Forecasts every window of `input` (the trained format), handing the CSV text to `write` chunk by chunk. */
export function predictFile(model: RunModel, input: string, options: PredictFileOptions, write: (text: string) => void): PredictFileResult {
  const data = model.experiment.data as Pm25Data | CsvData;
  const T = model.net.spec.timesteps;
  const plan: ChunkPlan = {
    // A window's T rows and the row before them (PM2.5's hourly wind speed needs it).
    lead: T + 1,
    // A recursive forecast reads the weather of the next horizon − 1 rows; a csv run names the row after a window.
    trail: options.horizon,
    fillable: data.name === 'pm25' ? PM25_FILLED_COLUMNS : data.missing === 'interpolate' ? data.features : [],
    chunkRows: options.chunkRows ?? Math.max(256, Math.floor(8_192 / options.horizon)),
  };
  const missing: Record<string, number> = {};
  const far: Predictions['farOutside'] = {};
  let windows = 0;
  let about: PredictionsAbout | undefined;
  let assumptions: string[] = [];
  const { rowsHeldAtMost } = eachRowChunk(input, data.name === 'csv' ? { delimiter: data.delimiter, decimal: data.decimal } : {}, plan, (chunk) => {
    const p = model.predict(chunk.table, { horizon: options.horizon, windows: { from: chunk.from, to: chunk.to } });
    const csv = predictionsCsv(p, {
      runDir: options.runDir, params: options.params, pm25: data.name === 'pm25', precision: options.precision, header: about === undefined,
      ...(data.name === 'csv' && data.timeColumn ? { timeColumn: data.timeColumn } : {}),
    });
    write(csv.text);
    about ??= csv.about;
    assumptions = p.assumptions;
    windows += p.rows.length;
    for (const [name, n] of Object.entries(chunk.missing)) missing[name] = (missing[name] ?? 0) + n;
    for (const [name, seen] of Object.entries(p.farOutside)) {
      if (far[name]) far[name].count += seen.count;
      else far[name] = { ...seen };
    }
  });
  // Named in the order a whole-file preparation counts them.
  const filled = Object.fromEntries(plan.fillable.filter((c) => missing[c]).map((c) => [c, missing[c]]));
  return {
    windows, about: { ...about!, assumptions: [...assumptions] }, assumptions, rowsHeldAtMost,
    warnings: [...filledWarnings(input, filled), ...farOutsideWarnings(input, far)],
  };
}
