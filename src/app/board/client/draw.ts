/*
 * Drawing a chart: a vega-lite spec drawn by vega-embed (SVG, so tests can count marks), kept by name
 * in window.rnnflowBoard.views so live points are inserted into the drawn view instead of drawing it
 * again, and so tests can read what was drawn. The shared looks of the charts live here too.
 */

/** vega-embed's view (vega-embed is a global script, served as /assets/vega-embed.js). */
export interface EmbedView {
  data(name: string): object[];
  insert(name: string, rows: object[]): EmbedView;
  remove(name: string, predicate: (d: object) => boolean): EmbedView;
  runAsync(): Promise<EmbedView>;
  finalize(): void;
}

declare global {
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

/** Every y above 0: the chart can take a log scale. */
export function positive(rows: { y: number }[]): boolean {
  return rows.length > 0 && rows.every((r) => r.y > 0);
}

export async function drawChart(container: HTMLElement, name: string, spec: object): Promise<EmbedView> {
  const full = { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', config: { font: 'system-ui, sans-serif' }, ...spec };
  const result = await vegaEmbed(container, full, { renderer: 'svg', actions: false, tooltip: true });
  window.rnnflowBoard.views[name] = result.view;
  return result.view;
}
