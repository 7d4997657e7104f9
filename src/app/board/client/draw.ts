/*
 * Drawing a chart: a vega-lite spec drawn by vega-embed (SVG, so tests can count marks), kept by name
 * in window.rnnflowBoard.views so live points are inserted into the drawn view instead of drawing it
 * again, and so tests can read what was drawn. The shared looks of the charts live here too.
 */
import { vegaSafe } from './vega-text.js';

/** vega-embed's view (vega-embed is a global script, served as /assets/vega-embed.js). */
export interface EmbedView {
  data(name: string): object[];
  insert(name: string, rows: object[]): EmbedView;
  change(name: string, changes: Changeset): EmbedView;
  signal(name: string, value: unknown): EmbedView;
  container(): HTMLElement | null;
  runAsync(): Promise<EmbedView>;
  finalize(): void;
}

/** vega's changeset: what a data set gains and loses in one pulse. */
interface Changeset { remove(predicate: (d: object) => boolean): Changeset; insert(rows: object[]): Changeset }

declare global {
  /** vega's global (/assets/vega.js). */
  const vega: { changeset(): Changeset };
  function vegaEmbed(el: HTMLElement, spec: object, options?: object): Promise<{ view: EmbedView; finalize(): void }>;
  interface Window {
    /** For tests and measurements: the charts drawn, by name, and whether the view finished drawing. */
    rnnflowBoard: {
      views: Record<string, EmbedView>; ready: boolean;
      /** ms the last view took to fetch and draw; ms from the page's navigation start until it was drawn. */
      drawMs?: number; readyAt?: number;
    };
  }
}

window.rnnflowBoard = { views: {}, ready: false };

export const CHART_WIDTH = 520;
export const CHART_HEIGHT = 220;
export const BEST_COLOR = '#c0392b';

export const epochAxis = { field: 'x', type: 'quantitative', title: 'epoch', axis: { tickCount: 8, labelOverlap: 'greedy' } };

/** Okabe and Ito's palette, told apart by colour-blind readers (black last, yellow left out: too pale on white). */
export const RUN_PALETTE = ['#0072b2', '#e69f00', '#009e73', '#d55e00', '#cc79a7', '#56b4e9', '#000000'];

/** Every y above 0: the chart can take a log scale. */
export function positive(rows: { y: number }[]): boolean {
  return rows.length > 0 && rows.every((r) => r.y > 0);
}

/**
 * Replaces a drawn data set's rows. One changeset: view.remove(…).insert(…) on the same data set
 * sends two pulses before the view runs, and the second replaces the first (the rows were kept,
 * doubled).
 */
export function replaceRows(view: EmbedView, name: string, rows: object[]): EmbedView {
  return view.change(name, vega.changeset().remove(() => true).insert(rows));
}

/** Draws `spec` (every string in it made safe for vega's expressions first: vega-text.ts). */
export async function drawChart(container: HTMLElement, name: string, spec: object): Promise<EmbedView> {
  const full = { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', config: { font: 'system-ui, sans-serif' }, ...vegaSafe(spec) };
  const result = await vegaEmbed(container, full, { renderer: 'svg', actions: false, tooltip: true });
  window.rnnflowBoard.views[name] = result.view;
  return result.view;
}
