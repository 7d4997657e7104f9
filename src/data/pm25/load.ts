/**
 * Beijing PM2.5 (chapter 19.4), prepared as the book does, in its order:
 *  1. wind direction codes NW→9, NE→3, SE→6, SW→12, cv→0;
 *  2. missing pm2.5 filled by linear interpolation (the leading missing hours ramp up from 0);
 *  3. cumulated wind speed turned into hourly values;
 *  4. features (the book's six: pollution, dew point, temperature, pressure, wind direction, wind
 *     speed); the label of a row is the NEXT hour's pollution;
 *  5. train = the first 35,064 rows (2010–2013), test = the last 8,760 (2014);
 *  6. min-max scaling with constants from the training rows only; classes <50, <100, <150, <200,
 *     <300, ≥300 µg/m³ (one-hot) or the scaled value;
 *  7. windows of T rows, stride 1, labelled by their last row; a window and its label hour lie in
 *     one split, so a training label never comes from 2014 (train has 35,064 − T windows, test 8,760 − T);
 *  8. validation: `holdout` takes the last `size` training windows out of training; `sample` (the
 *     book's way) draws `size` training windows, which stay in training too.
 */
import { POLLUTION_INPUT, pm25Problems } from '../../config/pm25-checks.js';
import type { Pm25Data } from '../../config/types.js';
import { DataError, UserError } from '../../core/errors.js';
import { Random } from '../../core/random.js';
import { classNames, PM25_CLASS_BOUNDS } from '../classes.js';
import { readDataText, dataFilePath } from '../data-file.js';
import { PERSISTENCE, persistenceMetrics } from './baseline.js';
import { buildPm25Series } from './features.js';
import { horizonMetrics, persistenceHorizons } from './horizon.js';
import { pooledBlockMetrics, pooledPersistence } from './pooled.js';
import { preparePm25 } from './prepare.js';
import { readPrsa } from './read.js';
import type { DatasetContext, SequenceSet } from '../types.js';
import { FeedbackTrainingSplit } from './feedback.js';
import { WindowedSeries, windowStarts } from '../windows.js';
import { unitsPerScaled } from '../normalize.js';
import type { LabelMeaning } from '../../model/metrics.js';

export const PM25_TRAIN_ROWS = 35_064;
export const PM25_TEST_ROWS = 8_760;

export function loadPm25(cfg: Pm25Data, ctx: DatasetContext): SequenceSet {
  const T = cfg.timesteps;
  // A data section built in code has not been through config validation, which runs these too.
  const problems = pm25Problems(cfg);
  if (problems.length > 0) throw new UserError(problems.join(' '));
  const feedback = cfg.feedbackTraining !== undefined && cfg.feedbackTraining.steps > 0 ? cfg.feedbackTraining : undefined;
  const direct = cfg.directHours ?? 1;

  const path = dataFilePath(cfg, ctx)!;
  const columns = readPrsa(readDataText(path), path);
  if (columns.rows !== PM25_TRAIN_ROWS + PM25_TEST_ROWS) {
    throw new DataError(path, `expected ${PM25_TRAIN_ROWS + PM25_TEST_ROWS} hourly rows (2010–2014), found ${columns.rows}`);
  }
  const table = preparePm25(columns, path);
  const s = buildPm25Series(table, cfg.features, cfg.target, PM25_TRAIN_ROWS, direct);
  // Pollution first is the one place a forecast can be fed back (pm25Problems asks for it wherever one is).
  const fedInput = cfg.features[POLLUTION_INPUT] === 'pollution' ? POLLUTION_INPUT : -1;
  const windows = (starts: Uint32Array) => new WindowedSeries(s.series, cfg.features.length, s.labels, s.outputSize, T, starts, fedInput);
  // A window's labels (the next hour, or the next directHours hours) lie in its block.
  const trainingYears = windows(windowStarts(0, PM25_TRAIN_ROWS, T, direct));
  const test = windows(windowStarts(PM25_TRAIN_ROWS, table.rows, T, direct));
  if (test.size === 0) throw new UserError(`data.timesteps ${T} leaves no test window in the ${PM25_TEST_ROWS} hours of 2014`);

  const { train, validation } = validationSplit(trainingYears, cfg.validation, T, ctx.seed);

  // Horizon forecasts read rows after a window, up to the last labelled row of its block: the training
  // years for validation windows (holdout or sampled), 2014 for test windows.
  const horizonSplits = { validation, test };
  // The last row whose next hour is in the block (with a direct head, windows stop directHours − 1 rows earlier).
  const lastLabelRow = { validation: PM25_TRAIN_ROWS - 2, test: table.rows - 2 };
  const horizons = cfg.target === 'value' && cfg.horizons.length > 0 ? cfg.horizons : [];
  // Errors in µg/m³ beside every value metric; class names for the confusion matrix.
  const labelMeaning: LabelMeaning = cfg.target === 'value'
    ? { unitsPerScaled: unitsPerScaled(s.pollutionScale.min, s.pollutionScale.max) } : { classNames: classNames(PM25_CLASS_BOUNDS) };
  const baseline: NonNullable<SequenceSet['baseline']> = {
    name: PERSISTENCE,
    validation: persistenceMetrics(validation, table.pollution, cfg.target, s.pollutionScale, labelMeaning),
    test: persistenceMetrics(test, table.pollution, cfg.target, s.pollutionScale, labelMeaning),
    ...(horizons.length > 0 ? {
      horizons: {
        validation: persistenceHorizons(validation, horizons, lastLabelRow.validation, labelMeaning),
        test: persistenceHorizons(test, horizons, lastLabelRow.test, labelMeaning),
      },
      pooled: {
        validation: pooledPersistence(validation, horizons, lastLabelRow.validation, labelMeaning),
        test: pooledPersistence(test, horizons, lastLabelRow.test, labelMeaning),
      },
    } : {}),
  };
  const info = {
    file: path,
    timesteps: T,
    target: cfg.target,
    features: cfg.features,
    rows: { total: table.rows, train: PM25_TRAIN_ROWS, test: PM25_TEST_ROWS },
    interpolatedPollution: table.interpolated,
    windows: { train: train.size, validation: validation.size, test: test.size },
    ...(feedback ? { feedbackTraining: { ...feedback, addedWindows: 0 } } : {}),
    validation: { method: cfg.validation.method, size: cfg.validation.size },
    /** scaled = (value − min) / (max − min), per feature, constants from the 2010–2013 rows */
    featureScale: Object.fromEntries(cfg.features.map((f, j) => [f, { min: s.featureScale.min[j], max: s.featureScale.max[j] }])),
    /** the label: µg/m³ = scaled · (max − min) + min (value target); the class bounds (class target) */
    labelScale: s.pollutionScale,
    classBounds: PM25_CLASS_BOUNDS,
    classNames: classNames(PM25_CLASS_BOUNDS),
  };
  const set: SequenceSet = { train, validation, test, info, baseline, labelMeaning };
  if (feedback) info.feedbackTraining = { ...feedback, addedWindows: addFeedbackTraining(set, train, feedback) };
  if (horizons.length > 0) {
    set.horizonMetrics = (net, split) => horizonMetrics(net, horizonSplits[split], horizons, lastLabelRow[split], labelMeaning);
    set.pooledMetrics = (net, split) => pooledBlockMetrics(net, horizonSplits[split], horizons, lastLabelRow[split], labelMeaning);
  }
  return set;
}

/** holdout: the last `size` training windows, out of training; sample (the book's way): `size` drawn windows that stay in training. */
function validationSplit(trainingYears: WindowedSeries, { method, size }: Pm25Data['validation'], T: number, seed: number): { train: WindowedSeries; validation: WindowedSeries } {
  if (size >= trainingYears.size) {
    throw new UserError(`data.validation.size ${size} must be below the ${trainingYears.size} training windows of ${T} hours`);
  }
  if (method === 'holdout') return { train: trainingYears.slice(0, trainingYears.size - size), validation: trainingYears.slice(trainingYears.size - size) };
  return { train: trainingYears, validation: trainingYears.subset(sampleIndices(trainingYears.size, size, new Random(seed, 'validation'))) };
}

/** Trains on `train` plus windows whose pollution inputs are the net's own forecasts; returns how many windows that adds. */
function addFeedbackTraining(set: SequenceSet, train: WindowedSeries, feedback: { every: number; steps: number }): number {
  // Added windows must have their label in the training rows: a holdout's rows stay unseen as labels.
  const fed = new FeedbackTrainingSplit(train, feedback, train.labelRow(train.size - 1));
  set.train = fed;
  set.refreshTraining = (net, epoch) => { fed.refresh(net, epoch); };
  set.saveTrainingState = () => fed.saveState();
  set.restoreTrainingState = (state) => fed.restoreState(state);
  return fed.size - train.size;
}

/** `count` distinct indices below n, drawn by a partial Fisher–Yates shuffle, in ascending order. */
export function sampleIndices(n: number, count: number, rng: Random): Uint32Array {
  const all = Uint32Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < count; i++) {
    const j = rng.int(i, n - 1);
    const t = all[i];
    all[i] = all[j];
    all[j] = t;
  }
  return all.slice(0, count).sort();
}
