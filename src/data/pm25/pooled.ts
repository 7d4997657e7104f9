/**
 * The book's multi-hour metric (its `test()`), kept beside the pure k-hours-ahead one of
 * horizon.ts. For a block size p the split's windows are taken in consecutive blocks of p (the
 * last N mod p windows are left out); window i of a block (0-based) is predicted after its last i
 * pollution inputs are replaced by the block's earlier predictions, and one R² is computed over every
 * prediction of every block. Window i of a block is therefore an (i+1)-hour-ahead forecast from the
 * block's first window, and "8 h" pools the 1- to 8-hour forecasts: it reads higher than the pure
 * 8-hours-ahead R². Where p > T, window i ≥ T has all its T pollution inputs replaced (only rows
 * inside a window are ever overwritten).
 *
 * Persistence in a block: every window predicts the block's last true pollution value (the last row
 * of its first window).
 *
 * The test year and a holdout validation are consecutive windows, so block j is windows jp … jp+p−1
 * of the split. Sampled validation windows are not consecutive: there the block of every p-th window
 * is the p windows that start at it (they read the training rows after it, as the horizon forecast
 * does), and a block whose last label lies past lastLabelRow is left out.
 */
import { MetricAccumulator, type LabelMeaning, type Metrics } from '../../model/metrics.js';
import type { Rnn } from '../../model/rnn.js';
import { addForecasts, checkForecastNet, fedInputOf, forecastAhead, truthAhead } from './horizon.js';
import type { WindowedSeries } from '../windows.js';

/** First rows of the first windows of the split's blocks of p; lastLabelRow: the last row of its block whose label may be read. */
export function blockOrigins(split: WindowedSeries, p: number, lastLabelRow: number): Uint32Array {
  const origins: number[] = [];
  for (let w = 0; w + p <= split.size; w += p) {
    if (split.labelRow(w) + p - 1 <= lastLabelRow) origins.push(split.starts[w]);
  }
  return Uint32Array.from(origins);
}

/** The model's pooled block R² (and loss) for each block size p, keyed "1h", "2h", … like the horizons. */
export function pooledBlockMetrics(
  net: Rnn, split: WindowedSeries, blockSizes: readonly number[], lastLabelRow: number, labels: LabelMeaning = {}, batchSize = 512,
): Record<string, Metrics> {
  checkForecastNet(net, split, 'pooled block metrics');
  const out: Record<string, Metrics> = {};
  for (const p of blockSizes) {
    const acc = new MetricAccumulator('regression', 1, labels);
    forecastAhead(net, split, blockOrigins(split, p, lastLabelRow), p, (_k, a, y, rows) => addForecasts(acc, a, y, rows), batchSize);
    out[`${p}h`] = acc.result();
  }
  return out;
}

/** Persistence on the same blocks: each window of a block predicts the block's last true pollution value. */
export function pooledPersistence(
  split: WindowedSeries, blockSizes: readonly number[], lastLabelRow: number, meaning: LabelMeaning = {},
): Record<string, Metrics> {
  const { timesteps: T, inputSize: n, series } = split;
  const fed = fedInputOf(split);
  const out: Record<string, Metrics> = {};
  for (const p of blockSizes) {
    const origins = blockOrigins(split, p, lastLabelRow);
    /** [blocks×p] */ const forecast = new Float64Array(origins.length * p);
    /** [blocks×p] */ const truth = new Float64Array(origins.length * p);
    for (let b = 0; b < origins.length; b++) {
      const last = origins[b] + T - 1;
      for (let i = 0; i < p; i++) {
        forecast[b * p + i] = series[last * n + fed];
        truth[b * p + i] = truthAhead(split, last, i + 1);
      }
    }
    const acc = new MetricAccumulator('regression', 1, meaning);
    addForecasts(acc, forecast, truth, forecast.length);
    out[`${p}h`] = acc.result();
  }
  return out;
}
