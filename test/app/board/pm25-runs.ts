/**
 * Tiny real PM2.5 runs for the board's tests (about a second each): a value run whose test year the
 * board forecasts, and a class run whose summary holds a confusion matrix.
 */
import { runCollecting } from '../../helpers/run.js';

export const TINY_T = 3;

/** The value run's experiment (also a sweep's base in the report test). */
export function tinyValueExperiment(horizons = [1, 3]) {
  return {
    name: 'pm25-value-tiny', seed: 1,
    data: {
      name: 'pm25', timesteps: TINY_T, target: 'value', horizons,
      features: ['pollution', 'dewPoint', 'temperature', 'pressure', 'windDirection', 'windSpeed', 'hourSin', 'hourCos'],
      validation: { method: 'holdout', size: 500 },
    },
    model: { netType: 'regression', outputMode: 'last', hiddenSize: 3, init: 'xavier' },
    train: { optimizer: 'adam', eta: 0.01, batchSize: 512, maxEpochs: 1 },
    sinks: ['jsonl', 'csv', 'checkpoint', 'summary'],
  };
}

export function trainTinyValueRun(outDir?: string, horizons = [1, 3]) {
  return runCollecting(tinyValueExperiment(horizons), { outDir });
}

export function trainTinyClassRun(outDir?: string) {
  return runCollecting({
    name: 'pm25-class-tiny', seed: 1,
    data: { name: 'pm25', timesteps: 2, target: 'class', validation: { method: 'holdout', size: 500 } },
    model: { netType: 'multiclass', outputMode: 'last', hiddenSize: 3 },
    train: { optimizer: 'adam', eta: 0.02, batchSize: 512, maxEpochs: 1 },
    sinks: ['jsonl', 'csv', 'checkpoint', 'summary'],
  }, { outDir });
}
