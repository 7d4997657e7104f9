/*
 * The router: #/ the runs list, #/run/<id>, #/compare/<id>,<id>…, #/sweep/<id>. Leaving a view
 * closes its live streams. window.rnnflowBoard.ready turns true once a view has drawn its charts.
 */
let stopLive: (() => void)[] = [];

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
  try {
    if (view === 'run') await showRun(app, decodeURIComponent(arg), stopLive);
    else if (view === 'sweep') await showSweep(app, decodeURIComponent(arg), stopLive);
    else if (view === 'compare') await showCompare(app, arg.split(',').map(decodeURIComponent));
    else await showList(app, stopLive);
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
