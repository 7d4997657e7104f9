/** Short human forms of metrics, shared by the console sink and the CLI (durations: core/format.ts). */
import type { Metrics } from '../model/metrics.js';

export function formatNumber(v: number | undefined, digits = 4): string {
  if (v === undefined) return '-';
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-3 || a >= 1e6) ? v.toExponential(digits - 1) : v.toFixed(digits);
}

/** "loss 0.1234 acc 0.9500" or "loss 0.0012 r2 0.9412". */
export function formatMetrics(m: Metrics): string {
  const main = m.accuracy !== undefined ? `acc ${formatNumber(m.accuracy)}` : m.r2 !== undefined ? `r2 ${formatNumber(m.r2)}` : '';
  return `loss ${formatNumber(m.loss)}${main ? ` ${main}` : ''}`;
}
