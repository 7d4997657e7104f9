/*
 * The run page's PM2.5 test-week card: week and horizon pickers, the chart, the week's errors (or
 * why there are none).
 */
import type { Json } from '../../folder-files.js';
import type { WeekForecast } from '../../predictions.js';
import { forecastRows, forecastSpec, weekErrors } from '../charts/forecast.js';
import { el, fmtNum } from '../dom.js';
import { drawChart } from '../draw.js';
import { at } from '../json-path.js';
import { dataSource } from '../source.js';

const forecastPick = { week: 0, horizon: 1 };

/** Whether the run forecasts PM2.5 values (the board can compute its test weeks). */
export function isPm25ValueRun(experiment: Json | undefined): boolean {
  const direct = at(experiment, 'data', 'directHours');
  return at(experiment, 'data', 'name') === 'pm25' && at(experiment, 'data', 'target') === 'value' && !(typeof direct === 'number' && direct > 1);
}

/** "2014-01-07" of a naive-time ms value (kept in UTC so no time zone shifts it). */
function fmtDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * `drawn` settles once the first week is drawn; after each draw the card's data-week and
 * data-horizon say what it shows.
 */
export function forecastCard(runId: string): { card: HTMLElement; drawn: Promise<void> } {
  const card = el('div', { class: 'card forecast' }, el('p', { class: 'muted' }, 'computing the test year\'s forecasts…'));
  const draw = async (): Promise<void> => {
    let w: WeekForecast;
    try {
      w = await dataSource.forecast(runId, forecastPick.week);
    } catch (e) {
      card.replaceChildren(el('h3', {}, 'PM2.5 test week'), el('p', { class: 'muted' }, `no forecasts: ${(e as Error).message}`));
      return;
    }
    forecastPick.week = w.week;
    if (!w.horizons.includes(forecastPick.horizon)) forecastPick.horizon = w.horizons[0];
    const go = (week: number) => { forecastPick.week = Math.min(Math.max(0, week), w.weeks.length - 1); void draw(); };
    const weekPick = el('select', { 'aria-label': 'test week', change: (e) => go(Number((e.target as HTMLSelectElement).value)) },
      ...w.weeks.map((s, i) => el('option', { value: String(i), selected: i === w.week }, `week ${i + 1}: ${fmtDay(s.start)} – ${fmtDay(s.start + (s.hours - 1) * 3_600_000)}`)));
    const horizonPick = el('select', { 'aria-label': 'hours ahead', change: (e) => { forecastPick.horizon = Number((e.target as HTMLSelectElement).value); void draw(); } },
      ...w.horizons.map((k) => el('option', { value: String(k), selected: k === forecastPick.horizon }, `${k} h ahead`)));
    const errors = weekErrors(w, forecastPick.horizon);
    const chart = el('div', {});
    card.replaceChildren(
      el('div', { class: 'toolbar' },
        el('button', { type: 'button', disabled: w.week === 0, click: () => go(w.week - 1) }, '◀'), weekPick,
        el('button', { type: 'button', disabled: w.week === w.weeks.length - 1, click: () => go(w.week + 1) }, '▶'), horizonPick,
        el('span', { class: 'muted forecast-errors' }, errors.hours
          ? `this week's RMSE over ${errors.hours} measured hours: model ${fmtNum(errors.model, 3)}, persistence ${fmtNum(errors.persistence, 3)} ${w.unit}`
          : 'no measured hour with a forecast this week')),
      chart);
    window.rnnflowBoard.views.forecast?.finalize();
    await drawChart(chart, 'forecast', forecastSpec(forecastRows(w, forecastPick.horizon), w.unit, forecastPick.horizon));
    card.dataset.week = String(w.week);
    card.dataset.horizon = String(forecastPick.horizon);
  };
  return { card, drawn: draw() };
}
