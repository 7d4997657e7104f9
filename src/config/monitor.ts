/**
 * The monitored metric (Keras's ModelCheckpoint monitor/mode): the validation metric that picks the
 * best parameters, that early stopping's patience waits on, and that the board marks. Absent, it is
 * the lowest validation loss, the book's definition (and Keras's default), so runs without it train,
 * keep and stop exactly as before it existed.
 */
export type MonitoredMetric = 'validation.loss' | 'validation.accuracy' | 'validation.r2';
export const MONITORED_METRICS: readonly MonitoredMetric[] = ['validation.loss', 'validation.accuracy', 'validation.r2'];

/** min: lower is better (a loss); max: higher is better (accuracy, R²). */
export interface Monitor { metric: MonitoredMetric; mode: 'min' | 'max' }

export const DEFAULT_MONITOR: Monitor = { metric: 'validation.loss', mode: 'min' };

/** train.monitor, or the default when absent. */
export function monitorOf(train: { monitor?: Monitor }): Monitor {
  return train.monitor ?? DEFAULT_MONITOR;
}

/** The metric's key in Metrics ('loss', 'accuracy', 'r2'). */
export function metricKey(metric: MonitoredMetric): 'loss' | 'accuracy' | 'r2' {
  return metric.slice('validation.'.length) as 'loss' | 'accuracy' | 'r2';
}

/** "lowest validation loss", "highest validation accuracy". */
export function monitorWords(m: Monitor): string {
  return `${m.mode === 'min' ? 'lowest' : 'highest'} validation ${metricKey(m.metric) === 'r2' ? 'R²' : metricKey(m.metric)}`;
}
