/**
 * The book's multi-hour forecast: predict the next hour, slide the window one hour (the new row keeps
 * its real weather, but its pollution input is the prediction), predict again, k times; the k-th
 * prediction is compared with the true pollution k hours ahead. Errors compound, so R² falls with k.
 * Beside it, persistence k hours ahead: this hour's pollution stands for the pollution k hours later.
 * The book's own figures (0.94 at 1 h, 0.74 at 8 h) pool the 1- to k-hour forecasts into one R²:
 * that metric is pooled.ts, reported beside this stricter one.
 *
 * A split's windows lie in a block of rows (the training years, or the test year) whose last
 * labelled row is `lastLabelRow`. Every horizon, and its persistence, is scored on the same windows:
 * those whose farthest target still lies in the block. The forecast reads only rows of the block
 * after the window: for the test year and a holdout validation block these are the following
 * windows' rows; for sampled validation windows they are the training rows after each window.
 * With horizons [1] every window is kept and horizon 1 is exactly the model's evaluation of the split.
 *
 * Nothing here is PM2.5's own: the fed-back column is the split's fedInput (pollution; for a csv run the
 * target column among its features), and metrics are keyed by hoursKey ("4h") or stepsKey ("+4").
 */
import { UserError } from '../../core/errors.js';
import { outputHead } from '../../model/losses.js';
import { MetricAccumulator, type LabelMeaning, type Metrics } from '../../model/metrics.js';
import type { Rnn } from '../../model/rnn.js';
import type { WindowedSeries } from '../windows.js';


/** How a horizon's metrics are keyed: PM2.5's rows are hours ("4h"); a csv run's rows are steps of any length ("+4"). */
export type HorizonKey = (k: number) => string;
export const hoursKey: HorizonKey = (k) => `${k}h`;
export const stepsKey: HorizonKey = (k) => `+${k}`;

/** The input column a forecast is fed back into; a split without one cannot forecast past its next step. */
export function fedInputOf(split: WindowedSeries): number {
  if (split.fedInput < 0 || split.fedInput >= split.inputSize) {
    throw new UserError('a forecast more than one step ahead feeds each prediction back as the next row\'s target input, and these windows have no such input (the target must also be one of the features)');
  }
  return split.fedInput;
}

/** The windows of `split` whose label k = maxH − 1 rows later (the truth maxH hours ahead) is still at most lastLabelRow. */
export function horizonWindows(split: WindowedSeries, maxH: number, lastLabelRow: number): WindowedSeries {
  const keep: number[] = [];
  for (let i = 0; i < split.size; i++) if (split.labelRow(i) + maxH - 1 <= lastLabelRow) keep.push(i);
  return keep.length === split.size ? split : split.subset(keep);
}

/**
 * Writes, as row r of a time-major batch x [T][rows][n], the window of step k of a forecast from the
 * window starting at `start`: rows start+k−1 … start+k+T−2 of the series, where every row past the
 * original window has its input `fed` (pollution) replaced by its prediction, preds[predBase + (row − start − T)].
 * The one definition of "feeding predictions back", shared by the horizon forecast and feedback training.
 */
export function writeRolledWindow(
  x: Float64Array, rows: number, r: number, series: Float64Array, n: number, T: number,
  start: number, k: number, preds: Float64Array, predBase: number, fed: number,
): void {
  for (let t = 0; t < T; t++) {
    const row = start + k - 1 + t;
    const src = row * n;
    const dst = (t * rows + r) * n;
    for (let j = 0; j < n; j++) x[dst + j] = series[src + j];
    // Rows past the original window are the future: their pollution is only known as a prediction.
    if (row >= start + T) x[dst + fed] = preds[predBase + (row - start - T)];
  }
}

/** Throws unless the net forecasts scaled values (1, or data.directHours) from windows shaped like the split's. */
export function checkForecastNet(net: Rnn, split: WindowedSeries, what: string): void {
  const { timesteps: T, inputSize: n, outputSize: o } = split;
  const spec = net.spec;
  if (spec.netType !== 'regression' || spec.outputSize !== o || spec.timesteps !== T || spec.inputSize !== n) {
    throw new UserError(`${what} need a regression net with ${T} timesteps, ${n} inputs and ${o} output${o > 1 ? 's' : ''}; this net has ` +
      `${spec.netType}, ${spec.timesteps} timesteps, ${spec.inputSize} inputs, ${spec.outputSize} outputs`);
  }
}

/**
 * The recursive forecast, batched over origins: from each window starting at origins[w], predicts
 * the next hour, slides one hour with the prediction as that row's pollution, `steps` times. After
 * hour k of a batch, score(k, a, y, rows, from) gets a = [rows] predictions k hours ahead and y = [rows] the
 * true scaled pollution then, and from: the batch's first origin (its origins are origins[from … from + rows − 1]).
 */
export function rollForward(
  net: Rnn, split: WindowedSeries, origins: ArrayLike<number>, steps: number,
  score: (k: number, a: Float64Array, y: Float64Array, rows: number, from: number) => void, batchSize = 512,
): void {
  const { timesteps: T, inputSize: n, series, labels } = split;
  const fed = steps > 1 ? fedInputOf(split) : split.fedInput;
  const count = origins.length;
  const B = Math.max(1, Math.min(batchSize, count));
  /** time-major [T][B][input] */ const x = new Float64Array(T * B * n);
  /** [B]: true scaled pollution k hours ahead */ const y = new Float64Array(B);
  /** [B][steps]: prediction k of each origin, fed back as pollution input */ const preds = new Float64Array(B * steps);
  for (let from = 0; from < count; from += B) {
    const rows = Math.min(B, count - from);
    for (let k = 1; k <= steps; k++) {
      for (let r = 0; r < rows; r++) {
        const start = origins[from + r];
        writeRolledWindow(x, rows, r, series, n, T, start, k, preds, r * steps, fed);
        // Row q's label is the pollution of q + 1, so the truth k hours after the window's last row is this label.
        y[r] = labels[start + T - 2 + k];
      }
      net.forwardBatch(x, rows);
      // The last step's output (in each-step mode too: the forecast from the whole window).
      const a = net.output(T - 1);
      for (let r = 0; r < rows; r++) preds[r * steps + k - 1] = a[r];
      score(k, a, y, rows, from);
    }
  }
}

/** The true scaled pollution k hours after row `row` (labels one wide: the next hour's; H wide: the next H hours'). */
export function truthAhead(split: WindowedSeries, row: number, k: number): number {
  const o = split.outputSize;
  return o === 1 ? split.labels[row + k - 1] : split.labels[row * o + k - 1];
}

/**
 * The direct multi-horizon forecast (data.directHours): one forward pass per origin window, output k − 1
 * is the forecast k hours ahead; nothing is fed back. Calls score like rollForward, so every metric and
 * predict read both kinds of net the same way.
 */
export function directForward(
  net: Rnn, split: WindowedSeries, origins: ArrayLike<number>, steps: number,
  score: (k: number, a: Float64Array, y: Float64Array, rows: number, from: number) => void, batchSize = 512,
): void {
  const { timesteps: T, inputSize: n, outputSize: o, series } = split;
  if (steps > o) throw new UserError(`a forecast ${steps} hours ahead needs data.directHours ≥ ${steps} (this net outputs ${o} hours)`);
  const count = origins.length;
  const B = Math.max(1, Math.min(batchSize, count));
  /** time-major [T][B][input] */ const x = new Float64Array(T * B * n);
  /** [B]: forecasts k hours ahead, and the truths */ const ak = new Float64Array(B);
  const yk = new Float64Array(B);
  const none = new Float64Array(0);
  for (let from = 0; from < count; from += B) {
    const rows = Math.min(B, count - from);
    for (let r = 0; r < rows; r++) writeRolledWindow(x, rows, r, series, n, T, origins[from + r], 1, none, 0, split.fedInput);
    net.forwardBatch(x, rows);
    /** [rows][o] */ const a = net.output(T - 1);
    for (let k = 1; k <= steps; k++) {
      for (let r = 0; r < rows; r++) {
        ak[r] = a[r * o + k - 1];
        yk[r] = truthAhead(split, origins[from + r] + T - 1, k);
      }
      score(k, ak, yk, rows, from);
    }
  }
}

/** The forecast 1 … steps hours ahead from each origin, recursive (one output) or direct (data.directHours outputs). */
export function forecastAhead(
  net: Rnn, split: WindowedSeries, origins: ArrayLike<number>, steps: number,
  score: (k: number, a: Float64Array, y: Float64Array, rows: number, from: number) => void, batchSize = 512,
): void {
  if (net.spec.outputSize > 1) directForward(net, split, origins, steps, score, batchSize);
  else rollForward(net, split, origins, steps, score, batchSize);
}

/** Adds [rows] regression outputs a against truths y to an accumulator: loss and R². */
export function addForecasts(acc: MetricAccumulator, a: Float64Array, y: Float64Array, rows: number): void {
  acc.addLoss(outputHead('regression').lossSum(a, 0, y, 0, rows, 1), rows);
  acc.addOutputs(a, 0, y, 0, rows, new Uint8Array(rows).fill(1));
}

/**
 * Metrics keyed "1h", "2h", … (or "+1", "+2" …); split: windows with scaled next-row labels, that
 * series also as input split.fedInput; lastLabelRow: the last row of the split's block whose label may be read.
 */
export function horizonMetrics(
  net: Rnn, split: WindowedSeries, horizons: readonly number[], lastLabelRow: number, labels: LabelMeaning = {}, key = hoursKey, batchSize = 512,
): Record<string, Metrics> {
  checkForecastNet(net, split, 'horizon metrics');
  const maxH = Math.max(...horizons);
  const used = horizonWindows(split, maxH, lastLabelRow);
  const acc = new Map(horizons.map((k) => [k, new MetricAccumulator('regression', 1, labels)]));
  forecastAhead(net, used, used.starts, maxH, (k, a, y, rows) => {
    const m = acc.get(k);
    if (m) addForecasts(m, a, y, rows);
  }, batchSize);
  return Object.fromEntries(horizons.map((k) => [key(k), acc.get(k)!.result()]));
}

/**
 * Persistence k hours ahead on the windows horizonMetrics scores: the forecast is the window's last
 * scaled fed input (this hour's pollution), the truth the pollution k hours later. At k = 1 with every window
 * kept it is the 1-hour persistence baseline.
 */
export function persistenceHorizons(
  split: WindowedSeries, horizons: readonly number[], lastLabelRow: number, labels: LabelMeaning = {}, key = hoursKey,
): Record<string, Metrics> {
  const used = horizonWindows(split, Math.max(...horizons), lastLabelRow);
  const w = used.size;
  const n = used.inputSize;
  const fed = fedInputOf(used);
  /** [windows] */ const forecast = new Float64Array(w);
  /** [windows] */ const truth = new Float64Array(w);
  for (let i = 0; i < w; i++) forecast[i] = used.series[used.labelRow(i) * n + fed];
  const out: Record<string, Metrics> = {};
  for (const k of horizons) {
    for (let i = 0; i < w; i++) truth[i] = truthAhead(used, used.labelRow(i), k);
    const acc = new MetricAccumulator('regression', 1, labels);
    addForecasts(acc, forecast, truth, w);
    out[key(k)] = acc.result();
  }
  return out;
}
