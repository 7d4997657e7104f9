/*
 * A PM2.5 value run's forecasts over one test week (2014), against the measured truth and
 * persistence, `horizon` hours ahead; and the week's errors. The board computes them from the run's
 * files (app/board/predictions.ts); a report carries the whole year.
 */
import type { WeekForecast } from '../../predictions.js';

export interface ForecastRow { t: number; time: string; series: string; y: number | null }

/** The rows one chart draws: the truth, and the model and persistence `horizon` hours ahead. */
export function forecastRows(w: WeekForecast, horizon: number): ForecastRow[] {
  const j = Math.max(0, w.horizons.indexOf(horizon));
  const k = w.horizons[j];
  const rows: ForecastRow[] = [];
  for (let i = 0; i < w.hours; i++) {
    const t = w.start + i * 3_600_000;
    const time = new Date(t).toISOString().slice(0, 16).replace('T', ' ');
    rows.push(
      { t, time, series: 'measured', y: w.truth[i] },
      { t, time, series: `model, ${k} h ahead`, y: w.model[j][i] },
      { t, time, series: `persistence, ${k} h ahead`, y: w.persistence[j][i] },
    );
  }
  return rows;
}

/** RMSE of model and persistence over the hours with a measured value and a forecast. */
export function weekErrors(w: WeekForecast, horizon: number): { model: number; persistence: number; hours: number } {
  const j = Math.max(0, w.horizons.indexOf(horizon));
  let m = 0, p = 0, n = 0;
  for (let i = 0; i < w.hours; i++) {
    const truth = w.truth[i], model = w.model[j][i], persistence = w.persistence[j][i];
    if (truth === null || model === null || persistence === null) continue;
    m += (model - truth) ** 2;
    p += (persistence - truth) ** 2;
    n++;
  }
  return { model: Math.sqrt(m / n), persistence: Math.sqrt(p / n), hours: n };
}

export function forecastSpec(rows: ForecastRow[], unit: string, k: number): object {
  const series = ['measured', `model, ${k} h ahead`, `persistence, ${k} h ahead`];
  return {
    width: 1060, height: 240, title: 'PM2.5 test week: forecasts against the measurement (best parameters)',
    datasets: { forecast: rows }, data: { name: 'forecast' },
    // A null (an hour the file has no measurement for) breaks the line instead of bridging it.
    mark: { type: 'line', strokeWidth: 1.3, invalid: 'break-paths-show-domains' },
    encoding: {
      x: { field: 't', type: 'temporal', timeUnit: 'utcyearmonthdatehours', title: null, axis: { format: '%a %d %b', labelAngle: 0, tickCount: 7 } },
      y: { field: 'y', type: 'quantitative', title: unit },
      color: { field: 'series', type: 'nominal', title: null, scale: { domain: series, range: ['#111', '#2f6fd0', '#e07b00'] }, legend: { orient: 'bottom' } },
      strokeDash: { field: 'series', type: 'nominal', scale: { domain: series, range: [[1, 0], [1, 0], [4, 3]] }, legend: null },
      tooltip: [{ field: 'time', title: 'hour' }, { field: 'series' }, { field: 'y', title: unit, format: '.1f' }],
    },
  };
}
