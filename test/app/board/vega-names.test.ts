/**
 * Sweep parameters and metrics are named by whoever wrote the sweep file (issue 28: a parameter named
 * with `\"` broke the sweep page, vega-lite reading it as an expression). The sweep page's charts,
 * built by the page's own code (bundled here with esbuild, as the board bundles it) and made safe as
 * drawChart makes them, compile with vega-lite and run in a headless vega View for names holding
 * quotes, backslashes, dots, brackets, a line separator and a control character; every trial is drawn.
 */
import { expect } from 'chai';
import { build } from 'esbuild';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as vegaLite from 'vega-lite';
import * as vega from 'vega';
import { tempDir } from '../../helpers/cli.js';
import type { SweepDetail, TrialRow } from '../../../src/app/board/sweep-reader.js';

const repo = fileURLToPath(new URL('../../../../', import.meta.url));
const NAMES = ['a"b', 'c\\d', 'e.f', 'g[0]', 'h\u2028i', "j'k", 'l\u0007m'];

interface Charts {
  parallelData(s: SweepDetail, done: TrialRow[]): { rows: unknown[]; labels: unknown[]; axes: string[] };
  parallelSpec(rows: unknown[], labels: unknown[], axes: string[], metric: string): object;
  scatterRows(s: SweepDetail, done: TrialRow[]): unknown[];
  scatterSpec(rows: unknown[], parameters: string[], metric: string): object;
  heatmapCells(s: SweepDetail): { cells: unknown[]; across: string[]; down: string[] } | undefined;
  heatmapSpec(grid: object, parameters: string[], metric: string, goal: string | undefined): object;
  rungRows(s: SweepDetail): unknown[];
  rungSpec(rows: unknown[], prune: object): object;
  vegaSafe<T>(spec: T): T;
}

/** The charts' modules as the page has them (draw.ts sets window.rnnflowBoard when loaded: a stand-in window). */
async function loadCharts(): Promise<Charts> {
  const client = join(repo, 'src', 'app', 'board', 'client');
  const contents = ['parallel', 'scatter', 'heatmap', 'rungs'].map((c) => `export * from ${JSON.stringify(join(client, 'charts', `${c}.ts`))};`).join('\n') +
    `\nexport { vegaSafe } from ${JSON.stringify(join(client, 'vega-text.ts'))};`;
  const outfile = join(tempDir('rnnflow-vega-names-'), 'charts.mjs');
  await build({ stdin: { contents, resolveDir: repo, loader: 'ts' }, bundle: true, platform: 'node', format: 'esm', outfile, logLevel: 'silent' });
  const g = globalThis as unknown as { window?: unknown };
  const had = 'window' in g;
  if (!had) g.window = {};
  try {
    return (await import(pathToFileURL(outfile).href)) as Charts;
  } finally {
    if (!had) delete g.window;
  }
}

/** Compiles the spec as drawChart would (vegaSafe), runs it headless, and returns its SVG. */
async function draw(charts: Charts, spec: object): Promise<string> {
  const compiled = vegaLite.compile(charts.vegaSafe(spec) as vegaLite.TopLevelSpec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  await view.runAsync();
  const svg = await view.toSVG();
  view.finalize();
  return svg;
}

/** Marks of a kind drawn (vega's SVG gives each its role description). */
function marks(svg: string, kind: string): number {
  return (svg.match(new RegExp(`aria-roledescription="${kind}( mark)?"`, 'g')) ?? []).length;
}

function sweep(parameters: string[], values: (i: number, j: number) => number | string, metric: string): SweepDetail {
  const trials = [0, 1, 2, 3].map((i): TrialRow => ({
    trial: `aa00000000b${i}`, index: i, status: 'done', runStatus: i === 3 ? 'pruned' : 'completed', metric: 0.1 + i / 10,
    params: Object.fromEntries(parameters.map((p, j) => [p, values(i, j)])), checks: [[1, 1 - i / 10], [2, 0.9 - i / 10]],
  }));
  return { id: '0:s', name: 's', metric, goal: 'min', total: 4, done: 4, pruned: 1, best: { trial: trials[0].trial, metric: 0.1 }, parameters, trials,
    prune: { method: 'asha', metric, rungs: [1, 2] } };
}

describe('board: sweep charts with hostile parameter and metric names', function () {
  this.timeout(120_000);
  let charts: Charts;
  before(async () => { charts = await loadCharts(); });

  it('parallel coordinates, the scatters and the rungs compile and draw every trial', async () => {
    const metric = 'validation "loss"\u2028[0]';
    const s = sweep(NAMES, (i, j) => (i + j) % 3, metric);
    const { rows, labels, axes } = charts.parallelData(s, s.trials);
    const parallel = await draw(charts, charts.parallelSpec(rows, labels, axes, metric));
    const scatter = await draw(charts, charts.scatterSpec(charts.scatterRows(s, s.trials), NAMES, metric));
    const rungs = await draw(charts, charts.rungSpec(charts.rungRows(s), s.prune!));
    // Each name is there as its text (XML-escaped), the unparsable characters shown as spaces.
    for (const name of NAMES) {
      // eslint-disable-next-line no-control-regex
      const shown = name.replace(/[\u0000-\u001f\u2028]/g, ' ').replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
      expect(parallel, name).to.contain(shown);
      expect(scatter, name).to.contain(shown);
    }
    // One line per trial across the axes; one point per trial and parameter.
    expect(marks(parallel, 'line')).to.equal(s.trials.length);
    expect(marks(scatter, 'point')).to.equal(NAMES.length * s.trials.length);
    expect(marks(rungs, 'line')).to.equal(s.trials.length);
    expect(rungs).to.contain('rung 1');
  });

  it('a heat map over two such parameters with string values holding them too', async () => {
    const s = sweep(NAMES.slice(4, 6), (i, j) => `${NAMES[4 + j]}=${(i >> j) & 1}`, 'x\u0007');
    const grid = charts.heatmapCells(s);
    expect(grid).to.not.equal(undefined);
    const svg = await draw(charts, charts.heatmapSpec(grid!, s.parameters, s.metric!, 'min'));
    expect(marks(svg, 'rect')).to.equal(s.trials.length + 1); // a cell per trial, the best outlined
    expect(marks(svg, 'text')).to.equal(s.trials.length);
  });
});
