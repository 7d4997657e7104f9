/*
 * The run page's learning-curves card: the smoothing slider and the log/linear choice (both
 * remembered by the browser) above the loss chart (charts/loss.ts); a live run's points go into the
 * drawn chart, the smoothed line and the axis' range following them.
 */
import type { CurvePoints } from '../../event-points.js';
import { bestRows, curveRows, lossDomain, lossSpec, smoothedRows, stepsToSmooth, usableScale, type CurveRow, type YScale } from '../charts/loss.js';
import { el } from '../dom.js';
import { drawChart, replaceRows, type EmbedView } from '../draw.js';
import { store, stored } from '../preferences.js';
import { smoothingSlider, smoothingWeight } from '../smoothing.js';

export interface LossCard {
  card: HTMLElement;
  drawn: Promise<EmbedView>;
  /** A live run's new points. */
  add(p: CurvePoints): Promise<void>;
}

function wantedScale(): YScale {
  return stored('lossScale') === 'linear' ? 'linear' : 'log';
}

export function lossCard(p: CurvePoints): LossCard {
  const chart = el('div', {});
  let curves: CurveRow[] = curveRows(p);
  let best: CurveRow[] = bestRows(p);
  const steps = [...stepsToSmooth(p)];
  let view: EmbedView | undefined;
  const draw = async (): Promise<EmbedView> => {
    view?.finalize();
    const scale = usableScale(wantedScale(), curves);
    view = await drawChart(chart, 'loss', lossSpec(curves, smoothedRows(steps, smoothingWeight()), best, scale));
    return view;
  };
  /** The smoothed line and the y range again, from the steps the view holds now. */
  const resmooth = async (): Promise<void> => {
    if (!view) return;
    curves = view.data('curves') as CurveRow[];
    const smoothed = smoothedRows(steps, smoothingWeight());
    const [lo, hi] = lossDomain(curves, smoothed, usableScale(wantedScale(), curves));
    replaceRows(view, 'smoothed', smoothed);
    view.signal('yLo', lo).signal('yHi', hi);
    await view.runAsync();
  };
  const logBox = el('input', {
    type: 'checkbox', checked: wantedScale() === 'log', 'aria-label': 'log scale',
    change: (e) => { store('lossScale', (e.target as HTMLInputElement).checked ? 'log' : 'linear'); void draw(); },
  });
  const card = el('div', { class: 'card chart-loss' },
    el('div', { class: 'toolbar chart-controls' }, smoothingSlider(() => void resmooth()), el('label', { title: 'log scale needs every loss above 0' }, logBox, ' log y')),
    chart);
  const add = async (next: CurvePoints): Promise<void> => {
    const rows = curveRows(next);
    if (!view) return;
    if (rows.length) view.insert('curves', rows);
    steps.push(...stepsToSmooth(next));
    if (next.best.length) {
      best = bestRows(next);
      replaceRows(view, 'best', best);
    }
    await view.runAsync();
    if (rows.length) await resmooth();
  };
  return { card, drawn: draw(), add };
}
