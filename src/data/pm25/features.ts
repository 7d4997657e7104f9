/**
 * Steps 4 and 6 of the book's PM2.5 preparation: the chosen feature columns side by side in one
 * series buffer, min-max scaled with constants from the training rows, and each row's label, which is
 * the NEXT hour's pollution (as a class, one-hot, or as a value scaled like the pollution feature).
 */
import type { Pm25Feature } from '../../config/types.js';
import { PM25_CLASS_BOUNDS, writeOneHot } from '../classes.js';
import { applyMinMax, fitMinMax, scaleValue, type MinMax } from '../normalize.js';
import type { Pm25Table } from './prepare.js';

/** The book's six inputs, in its order. */
export const BOOK_FEATURES: readonly Pm25Feature[] = ['pollution', 'dewPoint', 'temperature', 'pressure', 'windDirection', 'windSpeed'];

const TAU = 2 * Math.PI;

/** Value of a feature at row r, in its own units; the time features put hour and month on a circle. */
export function featureValue(t: Pm25Table, feature: Pm25Feature, r: number): number {
  switch (feature) {
    case 'pollution': return t.pollution[r];
    case 'dewPoint': return t.dewPoint[r];
    case 'temperature': return t.temperature[r];
    case 'pressure': return t.pressure[r];
    case 'windDirection': return t.windDirection[r];
    case 'windSpeed': return t.windSpeed[r];
    case 'hourSin': return Math.sin((TAU * t.hour[r]) / 24);
    case 'hourCos': return Math.cos((TAU * t.hour[r]) / 24);
    case 'monthSin': return Math.sin((TAU * (t.month[r] - 1)) / 12);
    case 'monthCos': return Math.cos((TAU * (t.month[r] - 1)) / 12);
    case 'snowHours': return t.snowHours[r];
    case 'rainHours': return t.rainHours[r];
  }
}

export interface Pm25Series {
  /** [rows×features], scaled */ series: Float64Array;
  /** Constants of each feature column, fitted on the training rows. */
  featureScale: MinMax;
  /** [rows×outputSize]: the next hour's pollution; the last row has none (NaN). */
  labels: Float64Array;
  outputSize: number;
  /** Pollution constants (training rows): scaled label = (µg/m³ − min) / (max − min). */
  pollutionScale: { min: number; max: number };
}

/**
 * trainRows: the first rows, the only ones the constants may come from; hoursAhead (value target): label
 * width H, row r's labels being the pollution of rows r+1 … r+H (NaN past the end).
 */
export function buildPm25Series(
  t: Pm25Table, features: readonly Pm25Feature[], target: 'class' | 'value', trainRows: number, hoursAhead = 1,
): Pm25Series {
  const F = features.length;
  const series = new Float64Array(t.rows * F);
  for (let r = 0; r < t.rows; r++) for (let j = 0; j < F; j++) series[r * F + j] = featureValue(t, features[j], r);
  const featureScale = fitMinMax(series, F, 0, trainRows);
  applyMinMax(series, F, featureScale);

  const p = fitMinMax(t.pollution, 1, 0, trainRows);
  const pollutionScale = { min: p.min[0], max: p.max[0] };
  const outputSize = target === 'class' ? PM25_CLASS_BOUNDS.length + 1 : hoursAhead;
  const labels = new Float64Array(t.rows * outputSize).fill(NaN);
  for (let r = 0; r + 1 < t.rows; r++) {
    if (target === 'class') writeOneHot(t.pollution[r + 1], PM25_CLASS_BOUNDS, labels, r * outputSize);
    else for (let j = 0; j < hoursAhead && r + 1 + j < t.rows; j++) labels[r * outputSize + j] = scaleValue(t.pollution[r + 1 + j], pollutionScale.min, pollutionScale.max);
  }
  return { series, featureScale, labels, outputSize, pollutionScale };
}
