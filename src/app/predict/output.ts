/**
 * Predictions as CSV: '#' comment lines first (what was run, units, what is assumed past the input),
 * then a header and one row per window. Value runs: window_end, then for each step k ahead the time
 * it is for and the value (`time_1h,pm2.5_1h,…`; csv runs name rows, `row_1,<target>_1`). Class runs:
 * window_end, the time, the class and each class's probability (`p_<50`, …).
 */
import type { Predictions } from './run-model.js';

/** Cells that need quotes in CSV are quoted (a class name or target could hold a comma). */
const cell = (v: string | number) => {
  const s = typeof v === 'number' ? String(v) : v;
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export function predictionsCsv(p: Predictions, about: { runDir: string; params: string; pm25: boolean }): string {
  const lines = [`# rnnflow predict: run ${about.runDir}, ${about.params} parameters; ${p.target.name}${p.target.unit ? ` in ${p.target.unit}` : ''}`];
  for (const a of p.assumptions) lines.push(`# assumed: ${a}`);
  const first = p.rows[0]?.forecasts ?? [];
  const step = (k: number) => (about.pm25 ? `${k}h` : `${k}`);
  const header = ['window_end'];
  for (const f of first) {
    header.push(about.pm25 ? `time_${step(f.ahead)}` : `row_${step(f.ahead)}`);
    if (f.probabilities) header.push(`class_${step(f.ahead)}`, ...Object.keys(f.probabilities).map((c) => `p_${c}`));
    else header.push(`${p.target.name}_${step(f.ahead)}`);
  }
  lines.push(header.map(cell).join(','));
  for (const row of p.rows) {
    const cells: (string | number)[] = [row.windowEnd];
    for (const f of row.forecasts) {
      cells.push(f.for);
      if (f.probabilities) cells.push(f.class!, ...Object.values(f.probabilities));
      else cells.push(f.value!);
    }
    lines.push(cells.map(cell).join(','));
  }
  return lines.join('\n') + '\n';
}
