/*
 * The board's page script, the entry of its bundle: esbuild (`npm run build`, see package.json
 * "build:board") bundles this file and the modules it imports into one script,
 * dist/src/app/board/client/board.js, which the board serves at /assets/board.js and a report
 * inlines. vega, vega-lite and vega-embed stay separate scripts (globals; see ../assets.ts).
 * The shapes of the data come from the server's own modules as type-only imports (erased from the
 * bundle; dependency-cruiser refuses any other import from outside client/).
 *
 *   main.ts           the router: #/ the runs list, #/run/<id>, #/compare/<id>,<id>…, #/sweep/<id>
 *   views/*.ts        one page each: builds its DOM, draws its charts, follows its live stream
 *   charts/*.ts       one chart each: the rows it draws (from the server's data) and its vega-lite spec
 *   source.ts         the board's /api (live) or a report's window.RNNFLOW_REPORT (a snapshot)
 *   draw.ts           drawChart() and the charts' shared looks; dom.ts, sortable-table.ts: the page's bits
 *
 * How to add a chart (the learning-rate chart is the model to copy):
 *  1. Its data on the server: a field in the reader's exported type (run-reader.ts RunDetail,
 *     event-points.ts CurvePoints, sweep-reader.ts SweepDetail) filled by that reader; the page
 *     sees the new field through the imported type, and a report carries it with no more work.
 *  2. Its spec: charts/<name>.ts exporting `<name>Rows(data)` and `<name>Spec(rows)`.
 *  3. Its place in one view: a line in that view, e.g. in views/run.ts drawRunCharts():
 *     `charts.push(drawChart(slot('<name>'), '<name>', <name>Spec(<name>Rows(p))))`.
 *     Tests read what was drawn from window.rnnflowBoard.views['<name>'].
 *
 * Leaving a view closes its live streams. window.rnnflowBoard.ready turns true once a view has drawn
 * its charts.
 */
import { el } from './dom.js';
import { dataSource } from './source.js';
import { showCompare } from './views/compare.js';
import { showList } from './views/list.js';
import { showRun } from './views/run.js';
import { showSweep } from './views/sweep.js';
import type { ViewContext } from './views/view-context.js';

let stopLive: (() => void)[] = [];

/** Each view by its hash's first part; `arg` is the rest (URI-encoded). */
const VIEWS: Record<string, (context: ViewContext, arg: string) => Promise<void>> = {
  run: (c, arg) => showRun(c, decodeURIComponent(arg)),
  sweep: (c, arg) => showSweep(c, decodeURIComponent(arg)),
  compare: (c, arg) => showCompare(c, arg.split(',').map(decodeURIComponent)),
};

async function route(): Promise<void> {
  for (const stop of stopLive) stop();
  stopLive = [];
  for (const view of Object.values(window.rnnflowBoard.views)) view.finalize();
  window.rnnflowBoard.views = {};
  window.rnnflowBoard.ready = false;
  const t0 = performance.now();
  const app = document.getElementById('app')!;
  const nav = document.getElementById('nav')!;
  nav.replaceChildren(el('a', { href: '#/' }, 'runs'), dataSource.live ? '' : el('span', { class: 'muted' }, ' · report (a snapshot, not live)'));
  const [view, arg = ''] = location.hash.replace(/^#\/?/, '').split(/\/(.*)/s);
  const context: ViewContext = { app, stops: stopLive, redraw: () => void route() };
  try {
    await (Object.hasOwn(VIEWS, view) ? VIEWS[view] : showList)(context, arg);
  } catch (e) {
    app.replaceChildren(el('p', {}, `Cannot show this view: ${(e as Error).message}`), el('a', { href: '#/' }, 'back to the runs'));
  }
  window.rnnflowBoard.drawMs = performance.now() - t0;
  window.rnnflowBoard.readyAt = performance.now();
  window.rnnflowBoard.ready = true;
}

if (!location.hash && window.RNNFLOW_REPORT) location.hash = window.RNNFLOW_REPORT.start;
window.addEventListener('hashchange', () => void route());
void route();
