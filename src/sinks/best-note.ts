/**
 * The one line that says when a run's final parameters beat its best ones on the task's own metric
 * (accuracy for classifiers, R² for regression), judged on validation as the best ones were: the best
 * are chosen by the monitored metric (train.monitor; by default the lowest validation loss), which need
 * not be the metric the task is judged by. The summary, eval, predict and export print it.
 */
import { monitorWords, type Monitor } from '../config/monitor.js';
import type { RunSummary } from '../events/run-event.js';
import { formatNumber } from './format.js';

type SummaryPart = Pick<RunSummary, 'metrics' | 'bestParams'> & { best: Partial<Monitor> };

/** The note, or undefined when the best parameters are at least as good on the task's metric. */
export function finalBeatsBestNote(s: SummaryPart): string | undefined {
  // Read from summary.json by eval, predict and export: anything missing or odd means no note.
  const final = s.metrics?.validation;
  const best = s.bestParams?.validation;
  const key = typeof final?.accuracy === 'number' ? 'accuracy' : typeof final?.r2 === 'number' ? 'r2' : undefined;
  if (!key || typeof best?.[key] !== 'number' || !(final![key]! > best[key]!)) return undefined;
  return `final beats best on validation ${key === 'r2' ? 'R²' : key} (${formatNumber(final![key])} > ${formatNumber(best[key])}): --params final`;
}

/** "lowest validation loss": what picked a summary's best parameters (summaries from before train.monitor: the loss). */
export function bestWords(s: { best: Partial<Monitor> }): string {
  return monitorWords({ metric: s.best.metric ?? 'validation.loss', mode: s.best.mode ?? 'min' });
}
