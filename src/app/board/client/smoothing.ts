/*
 * Smoothing a noisy per-step curve as TensorBoard does: an exponential moving average with weight w
 * in [0, 1) (0: the raw curve), debiased so the first points are not pulled towards 0:
 *   m_i = w·m_{i−1} + (1 − w)·y_i,  m_0 = 0;   smoothed_i = m_i / (1 − w^(i+1)).
 * The weight is one per browser (localStorage), shared by the run and compare pages.
 */
import type { Point } from '../event-points.js';
import { el } from './dom.js';
import { stored, store } from './preferences.js';

/**
 * Higher than TensorBoard's 0.6: a run with a sample per step (the book's nets) has losses spanning
 * decades from step to step, and reads as a band at 0.6.
 */
export const DEFAULT_SMOOTHING = 0.9;
const MAX_SMOOTHING = 0.99;

/** The EMA of the points' y, in their order (the x stay). */
export function ema(points: Point[], weight: number): Point[] {
  const w = Math.min(Math.max(weight, 0), MAX_SMOOTHING);
  const out: Point[] = new Array(points.length);
  let m = 0;
  let debias = 1;
  for (let i = 0; i < points.length; i++) {
    m = w * m + (1 - w) * points[i][1];
    debias *= w;
    out[i] = [points[i][0], m / (1 - debias)];
  }
  return out;
}

export function smoothingWeight(): number {
  const w = Number(stored('smoothing') ?? DEFAULT_SMOOTHING);
  return Number.isFinite(w) && w >= 0 && w <= MAX_SMOOTHING ? w : DEFAULT_SMOOTHING;
}

/** The slider (0 … 0.99); `onChange` gets each new weight, which is remembered. */
export function smoothingSlider(onChange: (weight: number) => void): HTMLElement {
  const value = el('span', { class: 'smoothing-value' }, smoothingWeight().toFixed(2));
  const slider = el('input', {
    type: 'range', min: '0', max: String(MAX_SMOOTHING), step: '0.01', value: String(smoothingWeight()), 'aria-label': 'smoothing',
    input: (e) => {
      const w = Number((e.target as HTMLInputElement).value);
      store('smoothing', String(w));
      value.textContent = w.toFixed(2);
      onChange(w);
    },
  });
  return el('label', { class: 'smoothing', title: 'exponential moving average of the step losses, as TensorBoard (0: raw)' }, 'smoothing ', slider, ' ', value);
}
