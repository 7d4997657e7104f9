/**
 * The book's multi-hour forecast on the test year: predict the next hour, slide the window one hour
 * (the new row keeps its real weather, but its pollution input is the prediction), predict again,
 * k times; the k-th prediction is compared with the true pollution k hours ahead. Errors compound,
 * so R² falls with k (book: 0.94 at 1 h, 0.74 at 8 h).
 *
 * Every horizon is scored on the same windows: those whose farthest target still lies in the test
 * year. With horizons [1] this is exactly the model's test evaluation.
 */
import { UserError } from '../errors.js';
import { MetricAccumulator, type Metrics } from '../model/metrics.js';
import type { Rnn } from '../model/rnn.js';
import type { WindowedSeries } from './windows.js';

/** Pollution must be input 0: its scaled value and the label share constants, so a prediction can stand in for it. */
export const POLLUTION_INPUT = 0;

/** Metrics keyed "1h", "2h", …; test: the test windows with scaled next-hour pollution labels. */
export function horizonMetrics(net: Rnn, test: WindowedSeries, horizons: readonly number[], batchSize = 512): Record<string, Metrics> {
  const { timesteps: T, inputSize: n } = test;
  const spec = net.spec;
  if (spec.netType !== 'regression' || spec.outputSize !== 1 || spec.timesteps !== T || spec.inputSize !== n) {
    throw new UserError(`horizon metrics need a regression net with ${T} timesteps, ${n} inputs and 1 output; this net has ` +
      `${spec.netType}, ${spec.timesteps} timesteps, ${spec.inputSize} inputs, ${spec.outputSize} outputs`);
  }
  const maxH = Math.max(...horizons);
  // The test windows are contiguous, so the last one's label row is the last labelled row of the year.
  const lastLabelRow = test.labelRow(test.size - 1);
  let windows = 0;
  while (windows < test.size && test.labelRow(windows) + maxH - 1 <= lastLabelRow) windows++;

  const B = Math.max(1, Math.min(batchSize, windows));
  /** time-major [T][B][input] */ const x = new Float64Array(T * B * n);
  /** [B]: true scaled pollution k hours ahead */ const y = new Float64Array(B);
  /** [B][maxH]: prediction k of each window, fed back as pollution input */ const preds = new Float64Array(B * maxH);
  const right = new Uint8Array(B);
  const acc = new Map(horizons.map((k) => [k, new MetricAccumulator('regression', 1)]));

  for (let from = 0; from < windows; from += B) {
    const rows = Math.min(B, windows - from);
    for (let k = 1; k <= maxH; k++) {
      for (let r = 0; r < rows; r++) {
        const start = test.starts[from + r];
        for (let t = 0; t < T; t++) {
          const row = start + k - 1 + t;
          const src = row * n;
          const dst = (t * rows + r) * n;
          for (let j = 0; j < n; j++) x[dst + j] = test.series[src + j];
          // Rows past the original window are the future: their pollution is only known as a prediction.
          if (row >= start + T) x[dst + POLLUTION_INPUT] = preds[r * maxH + (row - start - T)];
        }
        // Row q's label is the pollution of q + 1, so the truth k hours after the window's last row is this label.
        y[r] = test.labels[start + T - 2 + k];
      }
      net.forwardBatch(x, rows);
      const a = net.output();
      for (let r = 0; r < rows; r++) preds[r * maxH + k - 1] = a[r];
      const m = acc.get(k);
      if (m === undefined) continue;
      m.addLoss(net.lossSum(y), rows);
      right.fill(1, 0, rows);
      m.addOutputs(a, 0, y, 0, rows, right);
    }
  }
  return Object.fromEntries(horizons.map((k) => [`${k}h`, acc.get(k)!.result()]));
}
