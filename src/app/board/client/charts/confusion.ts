/*
 * A classifier's test confusion matrix (best parameters, else final), with precision, recall, F1
 * and support of each class in a table beside it.
 */
import type { Json } from '../../folder-files.js';
import { el, fmtNum } from '../dom.js';
import { at, isObj } from '../json-path.js';

export interface ConfusionCell { truth: string; predicted: string; count: number }

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
    const cells = names.flatMap((truth) => names.map((predicted) => {
      const count = at(matrix, truth, predicted);
      return { truth, predicted, count: typeof count === 'number' ? count : 0 };
    }));
    return { cells, classes: at(place, 'classes'), where };
  }
  return undefined;
}

export function confusionSpec(cells: ConfusionCell[], where: string): object {
  const dark = 0.6 * Math.max(1, ...cells.map((c) => c.count)); // white text on the darkest blues
  return {
    width: 300, height: 300, title: `Confusion matrix (test, ${where})`,
    datasets: { confusion: cells }, data: { name: 'confusion' },
    encoding: {
      x: { field: 'predicted', type: 'ordinal', sort: null, title: 'predicted' },
      y: { field: 'truth', type: 'ordinal', sort: null, title: 'true' },
    },
    layer: [
      { mark: 'rect', encoding: { color: { field: 'count', type: 'quantitative', scale: { scheme: 'blues' }, legend: null } } },
      { mark: { type: 'text', fontSize: 11 }, encoding: { text: { field: 'count', type: 'quantitative' }, color: { condition: [{ test: `datum.count > ${dark}`, value: '#fff' }, { test: 'datum.count > 0', value: '#111' }], value: '#999' } } },
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
