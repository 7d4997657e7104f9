/**
 * The summary paths a run of an experiment will have, known before it trains, so that a sweep whose
 * ranking metric or `expect` reads a path no trial's summary holds (`test.acuracy`, or accuracy from a
 * regression net) is refused before any trial runs. The rule is conservative: a path that some run
 * of this kind can have passes (rmse of a regression net without units; the opaque dataset blocks
 * `baseline`, `horizons`, `pooled` below their first level), so it never refuses a metric that exists.
 */
import { didYouMeanHint } from '../../core/did-you-mean.js';
import type { Experiment } from '../../config/types.js';

/** The paths (exact) and the prefixes below which any path is allowed, of a run of `experiment`. */
export function summaryPaths(experiment: Experiment): { exact: Set<string>; open: Set<string> } {
  const { netType } = experiment.model;
  const leaves = ['loss', 'samples', ...(netType === 'regression' ? ['r2', 'rmse', 'mae'] : ['accuracy'])];
  const exact = new Set<string>(['best.epoch', 'best.iteration', 'best.validationLoss', 'epochs', 'iterations', 'seconds', 'status', 'seed']);
  const open = new Set<string>();
  for (const split of ['validation', 'test', 'bestParams.validation', 'bestParams.test']) {
    for (const leaf of leaves) exact.add(`${split}.${leaf}`);
    // Per-class scores and the confusion matrix are keyed by class names, which the data decides (binary: "0" and "1", no scores).
    if (netType === 'multiclass') for (const table of ['confusion', 'classes']) open.add(`${split}.${table}`);
    if (netType === 'binary') open.add(`${split}.confusion`);
  }
  const { data } = experiment;
  if (data.name === 'pm25') {
    open.add('baseline');
    if (data.target === 'value' && data.horizons.length > 0) for (const block of ['horizons', 'pooled']) open.add(block);
  }
  // A csv forecasting run reports persistence, and with data.horizons the forecasts k steps ahead.
  if (data.name === 'csv' && data.predictNext) open.add('baseline');
  if (data.name === 'csv' && (data.horizons ?? []).length > 0) open.add('horizons');
  return { exact, open };
}

/**
 * Why `path` (as an expression reads it, e.g. `bestParams.test.r2` or `horizons.bestParams.test["8h"].r2`)
 * will be missing from every summary of `experiments`, or undefined when some summary may have it.
 */
export function missingSummaryPath(path: string, experiments: readonly Experiment[]): string | undefined {
  const known = experiments.map(summaryPaths);
  const dotted = path.replace(/\[["']?([^\]"']*)["']?\]/g, '.$1');
  const found = known.some(({ exact, open }) => exact.has(dotted) || [...open].some((p) => dotted === p || dotted.startsWith(`${p}.`)));
  if (found) return undefined;
  const all = [...new Set(known.flatMap(({ exact, open }) => [...exact, ...[...open].map((p) => `${p}.…`)]))];
  return `\`${path}\` will not be in the summary of a ${[...new Set(experiments.map((e) => `${e.model.netType} net on ${e.data.name} data`))].join(' or a ')}.` +
    `${didYouMeanHint(dotted, all)} Available: ${all.join(', ')}.`;
}
