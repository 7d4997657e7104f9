/**
 * Any time series in a CSV file with a header row. Rows are hours (or days …) in order; the file is
 * cut into three chronological blocks, train, then validation, then test at the end, so the model
 * is always judged on a future it never saw. Windows of T rows slide with stride 1 inside each block;
 * a window's label is the target of its last row, or of the row after it with predictNext.
 *
 * Features are min-max scaled with constants from the training block, and so is a regression
 * target. Nothing is dropped silently: a bad cell stops the load with its row and column, and with
 * missing "interpolate" every filled cell is counted in info.interpolated.
 *
 * validationFraction 0 leaves no validation block: the validation split is then the training split
 * (checks measure the fit, as the book's binary subtraction does).
 *
 * A forecasting run (predictNext) also gets PM2.5's persistence baseline: the next row's target is
 * this row's. When its target is also one of its features, data.horizons adds the forecast k steps
 * ahead, each prediction fed back as the next row's target input (pm25/horizon.ts, keyed "+k"),
 * beside persistence k steps ahead, on the validation and test blocks.
 */
import { csvFedInput, csvHorizonProblems } from '../config/csv-checks.js';
import type { CsvData } from '../config/types.js';
import { didYouMean } from '../core/did-you-mean.js';
import { DataError, UserError } from '../core/errors.js';
import { classNames, firstUnorderedBound, writeOneHot } from './classes.js';
import { readCsvNumbers } from './csv-columns.js';
import { dataFilePath } from './data-file.js';
import { fillGaps } from './interpolate.js';
import { applyMinMax, fitMinMax, scaleValue, unitsPerScaled } from './normalize.js';
import type { DatasetContext, SequenceSet } from './types.js';
import { WindowedSeries, windowStarts } from './windows.js';
import { PERSISTENCE, persistenceMetrics } from './pm25/baseline.js';
import { horizonMetrics, persistenceHorizons, stepsKey } from './pm25/horizon.js';

export function loadCsv(cfg: CsvData, ctx: DatasetContext): SequenceSet {
  const bounds = cfg.task === 'classes' ? checkedBounds(cfg.classes) : [];
  const path = dataFilePath(cfg, ctx)!;
  const F = cfg.features.length;
  const horizonProblems = csvHorizonProblems(cfg);
  if (horizonProblems.length) throw new UserError(horizonProblems.join(' '));
  const table = readCsvNumbers(path, [{ names: cfg.features, role: 'feature' }, { names: [cfg.target], role: 'target' }], cfg.missing === 'interpolate',
    { delimiter: cfg.delimiter, decimal: cfg.decimal });
  // The time column is not read as numbers (it is text), but a name that is not there stops the run now, not at predict.
  if (cfg.timeColumn !== undefined && !table.header.includes(cfg.timeColumn)) {
    const hint = didYouMean(cfg.timeColumn, table.header);
    throw new DataError(path, `no time column "${cfg.timeColumn}" (data.timeColumn)${hint ? `; did you mean "${hint}"?` : '.'} ` +
      `The columns are: ${table.header.map((h) => `"${h}"`).join(', ')}.`);
  }
  /** [N×F] */ const series = table.tables[0];
  /** [N] */ const target = table.tables[1];
  // Gaps are filled per column (a strided copy of a feature's column, filled, written back).
  for (const name of Object.keys(table.missing)) {
    for (const [values, width, slot] of [[series, F, cfg.features.indexOf(name)], [target, 1, name === cfg.target ? 0 : -1]] as const) {
      if (slot < 0) continue;
      const column = new Float64Array(table.rows);
      for (let r = 0; r < table.rows; r++) column[r] = values[r * width + slot];
      if (fillGaps(column, { leading: 'nearest' }) < 0) throw new DataError(path, 'every value is missing; nothing to interpolate from', undefined, name);
      for (let r = 0; r < table.rows; r++) values[r * width + slot] = column[r];
    }
  }
  const interpolated = table.missing;

  const N = table.rows;
  const T = cfg.timesteps;
  const lookahead = cfg.predictNext ? 1 : 0;
  const testRows = Math.round(N * cfg.testFraction);
  const beforeTest = N - testRows;
  const validationRows = Math.round(beforeTest * cfg.validationFraction);
  const trainRows = beforeTest - validationRows;
  const starts = {
    train: windowStarts(0, trainRows, T, lookahead),
    validation: windowStarts(trainRows, beforeTest, T, lookahead),
    test: windowStarts(beforeTest, N, T, lookahead),
  };
  const short = (Object.keys(starts) as (keyof typeof starts)[])
    .filter((k) => starts[k].length === 0 && !(k === 'validation' && validationRows === 0));
  if (short.length > 0) {
    throw new DataError(path, `too few rows for windows of ${T} rows${lookahead ? ' plus the next row\'s label' : ''}: ` +
      `${N} data rows split into train ${trainRows}, validation ${validationRows}, test ${testRows}, ` +
      `and ${short.join(', ')} ${short.length > 1 ? 'need' : 'needs'} at least ${T + lookahead} rows. ` +
      'Use fewer timesteps, other fractions or more rows.');
  }

  const featureScale = fitMinMax(series, F, 0, trainRows);
  applyMinMax(series, F, featureScale);

  const t = fitMinMax(target, 1, 0, trainRows);
  const targetScale = { min: t.min[0], max: t.max[0] };
  const o = cfg.task === 'classes' ? bounds.length + 1 : 1;
  /** [N×o]: each row's label; rows without one (the last, with predictNext) hold NaN */
  const labels = new Float64Array(N * o).fill(NaN);
  for (let r = 0; r + lookahead < N; r++) {
    const value = target[r + lookahead];
    if (cfg.task === 'classes') writeOneHot(value, bounds, labels, r * o);
    else labels[r] = scaleValue(value, targetScale.min, targetScale.max);
  }

  // The target's feature column and its label share constants (both fitted on the training rows), so a prediction can stand in for it.
  const fed = csvFedInput(cfg);
  const split = (s: Uint32Array) => new WindowedSeries(series, F, labels, o, T, s, fed);
  const train = split(starts.train);
  const validation = validationRows === 0 ? train : split(starts.validation);
  const test = split(starts.test);
  // Errors in the target column's units; class names for the confusion matrix.
  const labelMeaning = cfg.task === 'classes' ? { classNames: classNames(bounds) } : { unitsPerScaled: unitsPerScaled(targetScale.min, targetScale.max) };
  const set: SequenceSet = {
    train, validation, test, labelMeaning,
    info: {
      file: path, timesteps: T, task: cfg.task, predictNext: cfg.predictNext,
      rows: { total: N, train: trainRows, validation: validationRows, test: testRows },
      windows: { train: train.size, validation: validationRows === 0 ? 0 : validation.size, test: test.size },
      interpolated,
      featureScale: Object.fromEntries(cfg.features.map((name, f) => [name, { min: featureScale.min[f], max: featureScale.max[f] }])),
      ...(cfg.task === 'classes' ? { classBounds: bounds, classNames: classNames(bounds) } : { labelScale: targetScale }),
    },
  };
  if (cfg.predictNext) addForecastBaseline(set, cfg, target, targetScale, bounds, { train: trainRows, validation: beforeTest, test: N });
  return set;
}

/**
 * Persistence on the same windows (the next row's target is this row's), and with data.horizons the
 * forecast and persistence k steps ahead. blockEnds: the row after each split's block; a window's
 * label k steps ahead must lie in its block, so the last label row read is the block's second last.
 */
function addForecastBaseline(
  set: SequenceSet, cfg: CsvData, target: Float64Array, scale: { min: number; max: number }, bounds: number[], blockEnds: { train: number; validation: number; test: number },
): void {
  const labels = set.labelMeaning ?? {};
  const kind = cfg.task === 'classes' ? 'class' : 'value';
  const splits = { validation: set.validation as WindowedSeries, test: set.test as WindowedSeries };
  // With no validation block the validation split is the training split, in the training block.
  const lastLabelRow = { validation: (set.validation === set.train ? blockEnds.train : blockEnds.validation) - 2, test: blockEnds.test - 2 };
  const horizons = cfg.horizons ?? [];
  set.baseline = {
    name: PERSISTENCE,
    validation: persistenceMetrics(splits.validation, target, kind, scale, labels, bounds),
    test: persistenceMetrics(splits.test, target, kind, scale, labels, bounds),
    ...(horizons.length > 0 ? {
      horizons: {
        validation: persistenceHorizons(splits.validation, horizons, lastLabelRow.validation, labels, stepsKey),
        test: persistenceHorizons(splits.test, horizons, lastLabelRow.test, labels, stepsKey),
      },
    } : {}),
  };
  if (horizons.length > 0) set.horizonMetrics = (net, split) => horizonMetrics(net, splits[split], horizons, lastLabelRow[split], labels, stepsKey);
}

function checkedBounds(classes: number[] | undefined): number[] {
  if (!classes || classes.length === 0) throw new UserError('data.task "classes" needs data.classes, the ascending upper bounds of the classes (e.g. [50, 100])');
  const odd = classes.findIndex((b) => !Number.isFinite(b));
  if (odd >= 0) throw new UserError(`data.classes[${odd}] is ${classes[odd]}; class thresholds must be finite numbers`);
  const k = firstUnorderedBound(classes);
  if (k >= 0) throw new UserError(`data.classes must ascend strictly; ${classes[k]} follows ${classes[k - 1]}`);
  return classes;
}
