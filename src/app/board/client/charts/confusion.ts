/*
 * A classifier's test confusion matrix (best parameters, else final), with precision, recall, F1
 * and support of each class in a table beside it.
 */
import type { Json } from '../../folder-files.js';
import { el, fmtNum } from '../dom.js';
import { at, isObj } from '../json-path.js';

/** One cell; share = count / the true class's row total (the recall of the diagonal), 0 for an empty row. */
export interface ConfusionCell { truth: string; predicted: string; count: number; share: number }

/**
 * summary.json keeps the matrix as confusion[true class][predicted class] = count (model/metrics.ts),
 * rows and columns in class order.
 */
export function findConfusion(summary: Json | undefined): { cells: ConfusionCell[]; classes?: Json; where: string } | undefined {
  const places: [string, Json | undefined][] = [['best parameters', at(summary, 'bestParams', 'test')], ['final parameters', at(summary, 'metrics', 'test')]];
  for (const [where, place] of places) {
    const matrix = at(place, 'confusion');
    if (!isObj(matrix)) continue;
    const names = Object.keys(matrix);
    const cells = names.flatMap((truth) => {
      const counts = names.map((predicted) => { const count = at(matrix, truth, predicted); return typeof count === 'number' ? count : 0; });
      const total = counts.reduce((a, b) => a + b, 0);
      return names.map((predicted, j) => ({ truth, predicted, count: counts[j], share: total > 0 ? counts[j] / total : 0 }));
    });
    return { cells, classes: at(place, 'classes'), where };
  }
  return undefined;
}

/** Pixels a class gets on each axis: 300 px for the whole matrix up to 13 classes (as before), 22 px a class above. */
export const CONFUSION_CLASS_PX = 22;
/** Room for the longest class names ("Vietnamese", "Portuguese") on both axes. */
const LABEL_LIMIT = 90;

/**
 * Cells coloured by their share of the true class's row, so a class with 7 test names reads as
 * clearly as one with 935; the count is written where its digits fit the cell, and both are in the
 * tooltip.
 */
export function confusionSpec(cells: ConfusionCell[], where: string): object {
  const n = Math.max(1, Math.round(Math.sqrt(cells.length)));
  const size = Math.max(300, CONFUSION_CLASS_PX * n);
  const cellPx = size / n;
  const fontSize = cellPx >= 30 ? 11 : 9;
  // Digits are about 0.6 em wide; keep 2 px either side.
  const fits = Math.max(0, Math.floor((cellPx - 4) / (0.6 * fontSize)));
  const angle = n > 6 ? -45 : 0;
  return {
    width: size, height: size, title: `Confusion matrix (test, ${where})`,
    datasets: { confusion: cells }, data: { name: 'confusion' },
    encoding: {
      x: { field: 'predicted', type: 'ordinal', sort: null, title: 'predicted', axis: { labelAngle: angle, labelLimit: LABEL_LIMIT } },
      y: { field: 'truth', type: 'ordinal', sort: null, title: 'true', axis: { labelLimit: LABEL_LIMIT } },
      // On both layers, so hovering a count shows it too.
      tooltip: [
        { field: 'truth', title: 'true' }, { field: 'predicted', title: 'predicted' },
        { field: 'count', type: 'quantitative', title: 'count' }, { field: 'share', type: 'quantitative', title: 'share of true row', format: '.1%' },
      ],
    },
    layer: [
      {
        mark: 'rect',
        encoding: {
          color: { field: 'share', type: 'quantitative', scale: { scheme: 'blues', domain: [0, 1] }, legend: { title: 'share of row', format: '.0%', gradientLength: Math.min(size, 200) } },
        },
      },
      {
        transform: [{ filter: `length(toString(datum.count)) <= ${fits}` }],
        mark: { type: 'text', fontSize },
        encoding: {
          text: { field: 'count', type: 'quantitative' },
          color: { condition: [{ test: 'datum.share > 0.6', value: '#fff' }, { test: 'datum.count > 0', value: '#111' }], value: '#999' },
        },
      },
    ],
  };
}

/** Precision, recall, F1 and support of each class, beside the matrix. */
export function classTable(classes: Json | undefined): HTMLElement | string {
  if (!isObj(classes)) return '';
  const keys = ['precision', 'recall', 'f1', 'support'];
  return el('table', { class: 'classes' },
    el('thead', {}, el('tr', {}, el('th', {}, 'class'), ...keys.map((k) => el('th', {}, k)))),
    el('tbody', {}, ...Object.entries(classes).map(([name, scores]) => el('tr', {}, el('td', {}, name),
      ...keys.map((k) => { const v = at(scores, k); return el('td', { class: 'num' }, typeof v === 'number' ? fmtNum(v, 3) : ''); })))));
}
