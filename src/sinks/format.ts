/** Short human forms of metrics, shared by the console sink and the CLI (durations: core/format.ts). */
import type { Metrics } from '../model/metrics.js';

export function formatNumber(v: number | undefined, digits = 4): string {
  if (v === undefined) return '-';
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-3 || a >= 1e6) ? v.toExponential(digits - 1) : v.toFixed(digits);
}

/** "loss 0.1234 acc 0.9500" or "loss 0.0012 r2 0.9412", then "rmse 21.43 mae 12.05" when errors in the label's units are known. */
export function formatMetrics(m: Metrics): string {
  const main = m.accuracy !== undefined ? `acc ${formatNumber(m.accuracy)}` : m.r2 !== undefined ? `r2 ${formatNumber(m.r2)}` : '';
  const units = m.rmse !== undefined && m.mae !== undefined ? ` rmse ${formatNumber(m.rmse, 2)} mae ${formatNumber(m.mae, 2)}` : '';
  // A baseline without a loss (persistence predicts a class, not probabilities) shows – instead of NaN.
  return `loss ${Number.isNaN(m.loss) ? '–' : formatNumber(m.loss)}${main ? ` ${main}` : ''}${units}`;
}

/** A classifier's per-class scores and confusion matrix as aligned lines (empty without them). */
export function classReportLines(title: string, m: Metrics): string[] {
  if (!m.classes || !m.confusion) return [];
  const names = Object.keys(m.classes);
  const w = Math.max(8, ...names.map((n) => n.length + 2));
  const cell = (s: string | number) => String(s).padStart(w);
  const lines = [`  ${title}: per class${' '.repeat(Math.max(1, w - 9))}${['precision', 'recall', 'f1', 'support'].map((h) => h.padStart(10)).join('')}`];
  for (const n of names) {
    const c = m.classes[n];
    lines.push(`    ${n.padEnd(w + 10)}${[c.precision, c.recall, c.f1].map((v) => formatNumber(v).padStart(10)).join('')}${String(c.support).padStart(10)}`);
  }
  if (4 + w * (names.length + 1) > MATRIX_MAX_COLUMNS) return [...lines, ...largestConfusionLines(title, m.confusion)];
  lines.push(`  ${title}: confusion (rows: true class, columns: predicted)`, `    ${' '.repeat(w)}${names.map(cell).join('')}`);
  for (const n of names) lines.push(`    ${n.padEnd(w)}${names.map((p) => cell(m.confusion![n][p])).join('')}`);
  return lines;
}

/** A confusion matrix wider than this many columns (18 languages: about 230) is printed as its largest confusions instead. */
export const MATRIX_MAX_COLUMNS = 100;

/**
 * The largest off-diagonal cells, most first (ties in class order): "Scottish → English 41 (45 % of
 * Scottish)", the share being of the true class's row.
 */
export function largestConfusionLines(title: string, confusion: Record<string, Record<string, number>>, top = 10): string[] {
  const names = Object.keys(confusion);
  const mistakes = names.flatMap((t) => {
    const total = names.reduce((sum, p) => sum + (confusion[t][p] ?? 0), 0);
    return names.filter((p) => p !== t && (confusion[t][p] ?? 0) > 0).map((p) => ({ t, p, count: confusion[t][p], share: confusion[t][p] / total }));
  });
  mistakes.sort((a, b) => b.count - a.count);
  const shown = mistakes.slice(0, top);
  const lines = [`  ${title}: largest confusions (true → predicted; the full ${names.length}×${names.length} matrix is in summary.json)`];
  if (!shown.length) lines.push('    none: every test sample was classified right');
  for (const c of shown) lines.push(`    ${c.t} → ${c.p} ${c.count} (${Math.round(100 * c.share)} % of ${c.t})`);
  if (mistakes.length > shown.length) lines.push(`    … and ${mistakes.length - shown.length} smaller`);
  return lines;
}
