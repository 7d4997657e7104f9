/*
 * A PM2.5 value run's forecasts over one test week (2014), against the measured truth and persistence:
 * pick the week and how many hours ahead. The board computes them from the run's files
 * (app/board/predictions.ts); a report carries the whole year.
 */
const forecastPick = { week: 0, horizon: 1 };

/** Whether the run forecasts PM2.5 values (the board can compute its test weeks). */
function isPm25ValueRun(experiment: Json | undefined): boolean {
  const direct = at(experiment, 'data', 'directHours');
  return at(experiment, 'data', 'name') === 'pm25' && at(experiment, 'data', 'target') === 'value' && !(typeof direct === 'number' && direct > 1);
}

/** "2014-01-07" of a naive-time ms value (kept in UTC so no time zone shifts it). */
function fmtDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

interface ForecastRow { t: number; time: string; series: string; y: number | null }

/** The rows one chart draws: the truth, and the model and persistence `horizon` hours ahead. */
function forecastRows(w: WeekForecast, horizon: number): ForecastRow[] {
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
function weekErrors(w: WeekForecast, horizon: number): { model: number; persistence: number; hours: number } {
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

function forecastSpec(rows: ForecastRow[], unit: string, k: number): object {
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

/**
 * The card: week and horizon pickers, the chart, the week's errors (or why there are none). `drawn`
 * settles once the first week is drawn; after each draw the card's data-week and data-horizon say what it shows.
 */
function forecastCard(runId: string): { card: HTMLElement; drawn: Promise<void> } {
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
