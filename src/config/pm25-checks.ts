/**
 * What a PM2.5 data section must hold together beyond what the schema says field by field. The
 * horizon forecast, feedback training and the direct head all put a predicted pollution value where
 * the measured one was, so they need the value target and pollution as the input that is replaced.
 * Run by every command's validation (config/load.ts), and by the loader for a data section built in code.
 */
import type { Pm25Data } from './types.js';

/** Pollution must be input 0: its scaled value and the label share constants, so a prediction can stand in for it. */
export const POLLUTION_INPUT = 0;

/** Each broken rule as a sentence that names the fields and the fix; empty when the section holds together. */
export function pm25Problems(cfg: Pm25Data): string[] {
  const problems: string[] = [];
  const pollutionFirst = cfg.features[POLLUTION_INPUT] === 'pollution';
  if (cfg.horizons.length > 0 && cfg.target !== 'value') {
    problems.push(`data.horizons [${cfg.horizons.join(', ')}] need data.target "value" (a forecast fed back as pollution input), not "${cfg.target}": set data.target to "value" or remove data.horizons.`);
  }
  if (cfg.horizons.length > 0 && !pollutionFirst) {
    problems.push(`data.horizons need "pollution" as the first of data.features (the prediction replaces it), got [${cfg.features.join(', ')}].`);
  }
  const feedback = cfg.feedbackTraining !== undefined && cfg.feedbackTraining.steps > 0;
  const direct = cfg.directHours ?? 1;
  if (direct > 1 && (cfg.target !== 'value' || feedback)) {
    problems.push(`data.directHours ${direct} needs data.target "value" and no data.feedbackTraining (a direct head feeds nothing back).`);
  }
  if (direct > 1 && cfg.horizons.some((k) => k > direct)) {
    problems.push(`data.horizons [${cfg.horizons.join(', ')}] reach past data.directHours ${direct}: the direct head forecasts 1 … ${direct} hours ahead; raise data.directHours to ${Math.max(...cfg.horizons)}.`);
  }
  if (feedback && (cfg.target !== 'value' || !pollutionFirst)) {
    problems.push(`data.feedbackTraining needs data.target "value" and "pollution" as the first of data.features (predictions replace it), got target "${cfg.target}", features [${cfg.features.join(', ')}]: fix those, or set data.feedbackTraining.steps to 0.`);
  }
  return problems;
}
