/**
 * What a csv data section's forecasting options must hold together beyond the schema: a forecast k
 * steps ahead feeds each prediction back as the next row's target input, so it needs a value target,
 * a next-row label and the target among the features. Run by config validation (config/load.ts) and
 * by the loader for a data section built in code, as pm25-checks.ts is for PM2.5.
 */
import type { CsvData } from './types.js';

/**
 * The feature column a forecast is fed back into: the target's own, in a regression forecasting run
 * (data.predictNext) that has it among its features; −1 when there is none (then only one step ahead).
 */
export function csvFedInput(cfg: CsvData): number {
  return cfg.task === 'regression' && cfg.predictNext ? cfg.features.indexOf(cfg.target) : -1;
}

/** What data.horizons needs, as sentences naming the fields (config validation runs it too); empty when it holds. */
export function csvHorizonProblems(cfg: CsvData): string[] {
  const horizons = cfg.horizons ?? [];
  if (horizons.length === 0 || csvFedInput(cfg) >= 0) return [];
  const why = cfg.task !== 'regression' ? `data.task is "${cfg.task}" (a forecast fed back must be a value: use "regression")`
    : !cfg.predictNext ? 'data.predictNext is false (a window\'s label is its own last row, so there is no next row to feed back: set it to true)'
    : `the target "${cfg.target}" is not one of data.features [${cfg.features.join(', ')}] (each prediction is fed back as the next row's target: add it)`;
  return [`data.horizons [${horizons.join(', ')}] forecast several steps ahead by feeding each prediction back as the next row's target, but ${why}; or remove data.horizons.`];
}
