/**
 * A names-like 18-class test result made by the project's own MetricAccumulator: the 18 languages,
 * supports from 7 (Vietnamese) to 935 (Russian) as in the names data, each class right for a share
 * that varies and wrong mostly towards a neighbour — so counts and row shares order the cells
 * differently (small Vietnamese all right, big Russian often wrong).
 */
import { MetricAccumulator, type Metrics } from '../../src/model/metrics.js';

export const LANGUAGES = ['Arabic', 'Chinese', 'Czech', 'Dutch', 'English', 'French', 'German', 'Greek', 'Irish', 'Italian', 'Japanese', 'Korean', 'Polish', 'Portuguese', 'Russian', 'Scottish', 'Spanish', 'Vietnamese'];
const SUPPORT = [200, 27, 52, 30, 367, 28, 72, 20, 23, 71, 99, 9, 14, 7, 935, 10, 30, 7];

/** [true class, predicted class] of each test sample, in a fixed order. */
export function languagePairs(): [number, number][] {
  const pairs: [number, number][] = [];
  SUPPORT.forEach((support, k) => {
    // Right for 40 % to 100 % of the class; Russian 55 %, Vietnamese 100 %, Scottish 30 % (mostly read as English).
    const right = k === 17 ? support : k === 14 ? Math.round(0.55 * support) : k === 15 ? 3 : Math.round(support * (0.4 + 0.6 * ((k * 7) % 11) / 10));
    for (let i = 0; i < support; i++) {
      const wrongTo = k === 15 ? 4 : i % 3 === 0 ? (k + 2) % 18 : (k + 1) % 18;
      pairs.push([k, i < right ? k : wrongTo]);
    }
  });
  return pairs;
}

/** Test metrics of the 18-class result: confusion matrix and per-class scores. */
export function languageMetrics(): Metrics {
  const o = LANGUAGES.length;
  const acc = new MetricAccumulator('multiclass', o, { classNames: LANGUAGES });
  const pairs = languagePairs();
  const A = new Float64Array(pairs.length * o);
  const Y = new Float64Array(pairs.length * o);
  pairs.forEach(([t, p], r) => { Y[r * o + t] = 1; A[r * o + p] = 1; });
  const right = Uint8Array.from(pairs, ([t, p]) => (t === p ? 1 : 0));
  acc.addLoss(0.9 * pairs.length, pairs.length);
  acc.addOutputs(A, 0, Y, 0, pairs.length, right);
  acc.addVerdicts(right, pairs.length);
  return acc.result();
}
