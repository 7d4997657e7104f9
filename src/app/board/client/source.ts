/*
 * Where the page's data comes from: the board's /api (with live updates by Server-Sent Events), or,
 * in a report, window.RNNFLOW_REPORT (no live updates: the file is a snapshot). The shapes are the
 * server's own types, imported (types only: nothing of the server is bundled).
 */
import type { RunUpdate } from '../live.js';
import type { ForecastSeries, WeekForecast } from '../predictions.js';
import type { RunDetail } from '../run-reader.js';
import type { BoardIndex } from '../scan.js';
import type { SweepDetail } from '../sweep-reader.js';
import type { ReportData } from '../../report/write-report.js';

declare global {
  interface Window { RNNFLOW_REPORT?: ReportData }
}

export interface DataSource {
  live: boolean;
  index(): Promise<BoardIndex>;
  run(id: string): Promise<RunDetail>;
  sweep(id: string): Promise<SweepDetail>;
  /** A PM2.5 value run's test week `week` (0-based). */
  forecast(id: string, week: number): Promise<WeekForecast>;
  /** Calls back with each change; returns a function that stops listening. */
  watchIndex(on: (index: BoardIndex) => void): () => void;
  watchRun(id: string, offset: number, on: (update: RunUpdate) => void): () => void;
  watchSweep(id: string, on: (sweep: SweepDetail) => void): () => void;
}

async function getJson<T>(path: string): Promise<T> {
  const res = await fetch(path);
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

function listen<T>(path: string, event: string, on: (value: T) => void): () => void {
  const source = new EventSource(path);
  source.addEventListener(event, (e) => on(JSON.parse((e as MessageEvent<string>).data) as T));
  return () => source.close();
}

const serverSource: DataSource = {
  live: true,
  index: () => getJson('/api/index'),
  run: (id) => getJson(`/api/run?id=${encodeURIComponent(id)}`),
  sweep: (id) => getJson(`/api/sweep?id=${encodeURIComponent(id)}`),
  forecast: async (id, week) => {
    const answer = await getJson<WeekForecast | { error: string }>(`/api/forecast?id=${encodeURIComponent(id)}&week=${week}`);
    if ('error' in answer) throw new Error(answer.error);
    return answer;
  },
  watchIndex: (on) => listen('/api/live/index', 'index', on),
  watchRun: (id, offset, on) => listen(`/api/live/run?id=${encodeURIComponent(id)}&offset=${offset}`, 'points', on),
  watchSweep: (id, on) => listen(`/api/live/sweep?id=${encodeURIComponent(id)}`, 'sweep', on),
};

function reportSource(data: ReportData): DataSource {
  const found = <T>(value: T | undefined, id: string): Promise<T> => value ? Promise.resolve(value) : Promise.reject(new Error(`${id} is not in this report`));
  const never = () => () => undefined;
  return {
    live: false,
    index: () => Promise.resolve(data.index),
    run: (id) => found(data.runs[id], id),
    sweep: (id) => found(data.sweeps[id], id),
    forecast: (id, week) => {
      const year = data.forecasts?.[id];
      if (!year) return Promise.reject(new Error("this report holds none for this run (of a sweep's trials, only the best one's); `rnnflow report <the run's folder>` makes a report with them"));
      if ('error' in year) return Promise.reject(new Error(year.error));
      return Promise.resolve(forecastWeek(year, week));
    },
    watchIndex: never,
    watchRun: never,
    watchSweep: never,
  };
}

/** Week `week` (0-based, clamped) of a year's series: app/board/predictions.ts weekOf(), for a report. */
function forecastWeek(year: ForecastSeries, week: number): WeekForecast {
  const HOUR = 3_600_000;
  const weeks: { start: number; hours: number }[] = [];
  for (let from = 0; from < year.hours; from += 168) weeks.push({ start: year.start + from * HOUR, hours: Math.min(168, year.hours - from) });
  const n = Math.min(Math.max(0, Math.floor(week) || 0), weeks.length - 1);
  const from = n * 168;
  const to = from + weeks[n].hours;
  return {
    start: weeks[n].start, hours: weeks[n].hours, horizons: year.horizons, truth: year.truth.slice(from, to),
    model: year.model.map((m) => m.slice(from, to)), persistence: year.persistence.map((m) => m.slice(from, to)),
    week: n, weeks, unit: 'µg/m³',
  };
}

export const dataSource: DataSource = window.RNNFLOW_REPORT ? reportSource(window.RNNFLOW_REPORT) : serverSource;
