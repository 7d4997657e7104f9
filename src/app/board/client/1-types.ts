/*
 * The page's script (files load in name order into one script; see tsconfig.board-client.json).
 * These are the shapes the board's /api sends (app/board/run-reader.ts, sweep-reader.ts, scan.ts).
 */
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Pt = [number, number];
interface SplitNumbers { validation?: Record<string, number>; test?: Record<string, number> }
interface RunRow {
  id: string; name: string; description?: string; start?: number; status: string; reason?: string;
  seed?: number; epochs?: number; iterations?: number; metrics: SplitNumbers;
  baseline?: SplitNumbers & { name?: string }; sweep?: string;
}
interface EvalPt { split: string; epoch: number; iteration: number; metrics: Record<string, number> }
interface CurvePoints {
  train: Pt[]; lr: Pt[]; epochTrain: Pt[]; evals: EvalPt[];
  best: { epoch: number; iteration: number; validationLoss?: number }[]; status?: string;
}
interface RunDetail {
  row: RunRow; experiment?: Json; dataset?: Json; summary?: Json; points: CurvePoints; offset: number; files?: string[]; iterationsPerEpoch?: number;
}
interface TrialRow {
  trial: string; index?: number; params: Record<string, Json>; status: string; runStatus?: string; reason?: string;
  metric?: number; rank?: number; run?: RunRow; error?: string; checks?: Pt[];
}
interface SweepRow {
  id: string; name: string; description?: string; metric?: string; goal?: string; total: number; done: number;
  best?: { trial: string; metric?: number }; start?: number; pruned?: number;
  prune?: { method: string; metric: string; goal?: string; rungs?: number[]; after?: number };
}
interface SweepDetail extends SweepRow { parameters: string[]; trials: TrialRow[] }
interface BoardIndex { roots: string[]; runs: RunRow[]; sweeps: SweepRow[] }
/** A PM2.5 value run's forecasts, hour by hour from `start` (ms, naive Beijing time as UTC); see app/board/predictions.ts. */
interface ForecastSeries {
  start: number; hours: number; horizons: number[]; truth: (number | null)[];
  model: (number | null)[][]; persistence: (number | null)[][];
}
interface WeekForecast extends ForecastSeries { week: number; weeks: { start: number; hours: number }[]; unit: string }
interface ReportData {
  index: BoardIndex; runs: Record<string, RunDetail>; sweeps: Record<string, SweepDetail>; start: string;
  /** Run id → its whole test year's forecasts, or why there are none. */
  forecasts?: Record<string, ForecastSeries | { error: string }>;
}

/** vega-embed's global (served as /assets/vega-embed.js). */
interface EmbedView {
  data(name: string): object[];
  insert(name: string, rows: object[]): EmbedView;
  remove(name: string, predicate: (d: object) => boolean): EmbedView;
  runAsync(): Promise<EmbedView>;
  finalize(): void;
}
declare function vegaEmbed(el: HTMLElement, spec: object, options?: object): Promise<{ view: EmbedView; finalize(): void }>;

interface Window {
  RNNFLOW_REPORT?: ReportData;
  /** For tests and measurements: the charts drawn, by name, and whether the view finished drawing. */
  rnnflowBoard: {
    views: Record<string, EmbedView>; ready: boolean;
    /** ms the last view took to fetch and draw; ms from the page's navigation start until it was drawn. */
    drawMs?: number; readyAt?: number;
  };
}
