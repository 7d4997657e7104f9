/**
 * The persistence forecast: the next hour's pollution equals this hour's. A net that cannot beat it
 * has learned nothing beyond "pollution changes slowly", so every PM2.5 run reports it beside its own,
 * and so does every csv forecasting run (data.predictNext: the next row's target equals this row's).
 *
 * Metrics mean what the model's mean (MetricAccumulator, the same labels, the same windows):
 *  value target: loss = Σ ½(a − y)² / samples and R², on scaled pollution, a = this hour's scaled value;
 *  class target: accuracy = share of windows whose next-hour class equals this hour's class. The
 *  forecast is a hard class, which has no meaningful cross-entropy, so loss is NaN (not a number,
 *  rather than an invented one).
 */
import { MetricAccumulator, type LabelMeaning, type Metrics } from '../../model/metrics.js';
import { outputHead } from '../../model/losses.js';
import { PM25_CLASS_BOUNDS, writeOneHot } from '../classes.js';
import { scaleValue } from '../normalize.js';
import type { WindowedSeries } from '../windows.js';

export const PERSISTENCE = 'persistence';

/**
 * values: the target's own units per row (PM2.5: µg/m³; the buffer the split's windows index); scale:
 * the label's constants; bounds: the class bounds of a class target (a csv run's data.classes).
 */
export function persistenceMetrics(
  split: WindowedSeries, values: Float64Array, target: 'class' | 'value', scale: { min: number; max: number }, labels: LabelMeaning = {},
  bounds: readonly number[] = PM25_CLASS_BOUNDS,
): Metrics {
  const o = split.outputSize;
  const n = split.size;
  /** [windows×output] */ const forecast = new Float64Array(n * o);
  /** [windows×output] */ const truth = new Float64Array(n * o);
  for (let i = 0; i < n; i++) {
    const row = split.labelRow(i);
    if (target === 'class') writeOneHot(values[row], bounds, forecast, i * o);
    else forecast.fill(scaleValue(values[row], scale.min, scale.max), i * o, (i + 1) * o);
    for (let j = 0; j < o; j++) truth[i * o + j] = split.labels[row * o + j];
  }
  const netType = target === 'class' ? 'multiclass' : 'regression';
  const acc = new MetricAccumulator(netType, o, labels);
  acc.addLoss(target === 'class' ? NaN : outputHead('regression').lossSum(forecast, 0, truth, 0, n, o), n);
  const right = new Uint8Array(n).fill(1);
  acc.addOutputs(forecast, 0, truth, 0, n, right);
  acc.addVerdicts(right, n);
  return acc.result();
}
