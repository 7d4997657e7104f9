/*
 * One run: what it is, its numbers, its curves (live while it trains), the forecast horizons or the
 * confusion matrix when the summary has them, the resolved experiment and the dataset's facts.
 */
function isObj(v: Json | undefined): v is { [key: string]: Json } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function at(v: Json | undefined, ...path: string[]): Json | undefined {
  let cur = v;
  for (const p of path) cur = isObj(cur) ? cur[p] : undefined;
  return cur;
}

function curveRows(p: CurvePoints): CurveRow[] {
  return [
    ...p.train.map(([x, y]) => ({ x, y, series: 'train loss (steps)' })),
    ...p.epochTrain.map(([x, y]) => ({ x, y, series: 'train loss (epoch mean)' })),
    ...p.evals.filter((e) => e.split === 'validation' && e.metrics.loss !== undefined).map((e) => ({ x: e.epoch, y: e.metrics.loss, series: 'validation loss' })),
  ];
}

function bestRows(p: CurvePoints): CurveRow[] {
  const b = p.best.at(-1);
  return b && b.validationLoss !== undefined ? [{ x: b.epoch, y: b.validationLoss, series: `best check (iteration ${b.iteration})` }] : [];
}

function metricRows(p: CurvePoints): MetricRow[] {
  return p.evals.flatMap((e) => Object.entries(e.metrics).filter(([k]) => k !== 'loss' && k !== 'samples').map(([metric, y]) => ({ x: e.epoch, y, split: e.split, metric })));
}

/**
 * The book's PM2.5 value figures (test split, the pooled block metric: 1- to k-hour forecasts in one
 * R²; README "Experiment files", pooled). Not in any run file: the book is a fixed reference.
 */
const BOOK_POOLED_R2: Record<string, number> = { '1h': 0.940, '2h': 0.907, '4h': 0.846, '8h': 0.738 };

function horizonRows(summary: Json | undefined, experiment: Json | undefined): HorizonRow[] {
  const rows: HorizonRow[] = [];
  const add = (table: Json | undefined, source: string, kind: string) => {
    if (!isObj(table)) return;
    for (const [horizon, metrics] of Object.entries(table)) {
      if (!isObj(metrics)) continue;
      for (const [metric, value] of Object.entries(metrics)) {
        if (typeof value === 'number' && metric !== 'samples' && metric !== 'loss') rows.push({ horizon, source, metric, kind, value });
      }
    }
  };
  add(at(summary, 'horizons', 'bestParams', 'test'), 'model (best parameters)', 'k hours ahead');
  add(at(summary, 'baseline', 'horizons', 'test'), 'persistence', 'k hours ahead');
  const pooled = at(summary, 'pooled', 'bestParams', 'test');
  add(pooled, 'model (best parameters)', 'pooled over 1…k hours');
  add(at(summary, 'baseline', 'pooled', 'test'), 'persistence', 'pooled over 1…k hours');
  if (isObj(pooled) && at(experiment, 'data', 'name') === 'pm25' && at(experiment, 'data', 'target') === 'value') {
    for (const horizon of Object.keys(pooled)) {
      if (BOOK_POOLED_R2[horizon] !== undefined) rows.push({ horizon, source: 'the book', metric: 'r2', kind: 'pooled over 1…k hours', value: BOOK_POOLED_R2[horizon] });
    }
  }
  return rows;
}

interface ConfusionCell { truth: string; predicted: string; count: number }

/**
 * The test confusion matrix with the best parameters (else the final ones): summary.json keeps it as
 * confusion[true class][predicted class] = count (model/metrics.ts), rows and columns in class order.
 */
function findConfusion(summary: Json | undefined): { cells: ConfusionCell[]; classes?: Json; where: string } | undefined {
  const places: [string, Json | undefined][] = [['best parameters', at(summary, 'bestParams', 'test')], ['final parameters', at(summary, 'metrics', 'test')]];
  for (const [where, place] of places) {
    const matrix = at(place, 'confusion');
    if (!isObj(matrix)) continue;
    const names = Object.keys(matrix);
    const cells = names.flatMap((truth) => names.map((predicted) => {
      const count = at(matrix, truth, predicted);
      return { truth, predicted, count: typeof count === 'number' ? count : 0 };
    }));
    return { cells, classes: at(place, 'classes'), where };
  }
  return undefined;
}

/** Precision, recall, F1 and support of each class, beside the matrix. */
function classTable(classes: Json | undefined): HTMLElement | string {
  if (!isObj(classes)) return '';
  const keys = ['precision', 'recall', 'f1', 'support'];
  return el('table', { class: 'classes' },
    el('thead', {}, el('tr', {}, el('th', {}, 'class'), ...keys.map((k) => el('th', {}, k)))),
    el('tbody', {}, ...Object.entries(classes).map(([name, scores]) => el('tr', {}, el('td', {}, name),
      ...keys.map((k) => { const v = at(scores, k); return el('td', { class: 'num' }, typeof v === 'number' ? fmtNum(v, 3) : ''); })))));
}

function numbersTable(detail: RunDetail): HTMLElement {
  const s = detail.summary;
  const sets: [string, Json | undefined][] = [['best parameters', at(s, 'bestParams')], ['final parameters', at(s, 'metrics')], [String(at(s, 'baseline', 'name') ?? 'baseline'), at(s, 'baseline')]];
  const keys = new Set<string>();
  for (const [, set] of sets) for (const split of ['validation', 'test']) for (const k of Object.keys(at(set, split) ?? {})) if (typeof at(set, split, k) === 'number') keys.add(k);
  const cols = [...keys];
  const rows = sets.flatMap(([label, set]) => isObj(set) ? ['validation', 'test'].map((split) => el('tr', {}, el('td', {}, label), el('td', {}, split), ...cols.map((k) => { const v = at(set, split, k); return el('td', { class: 'num' }, typeof v === 'number' ? fmtNum(v) : ''); }))) : []);
  if (!rows.length) return el('p', { class: 'muted' }, 'no summary yet (the run is training, or stopped before writing one)');
  return el('table', {}, el('thead', {}, el('tr', {}, el('th', {}, 'parameters'), el('th', {}, 'split'), ...cols.map((k) => el('th', {}, k)))), el('tbody', {}, ...rows));
}

function fileLinks(row: RunRow, names: string[]): HTMLElement | string {
  if (!dataSource.live || !names.length) return '';
  const m = /^(\d+):(.*)$/.exec(row.id);
  if (!m) return '';
  const base = `/files/${m[1]}/${m[2] ? m[2].split('/').map(encodeURIComponent).join('/') + '/' : ''}`;
  return el('p', { class: 'muted' }, 'files: ', ...names.flatMap((n) => [el('a', { href: base + n }, n), ' ']));
}

async function drawRunCharts(box: HTMLElement, detail: RunDetail): Promise<void> {
  const p = detail.points;
  const charts: Promise<EmbedView>[] = [];
  const slot = (name: string) => box.appendChild(el('div', { class: `card chart-${name}` }));
  charts.push(drawChart(slot('loss'), 'loss', lossSpec(curveRows(p), bestRows(p))));
  const metrics = metricRows(p);
  if (metrics.length) charts.push(drawChart(slot('metrics'), 'metrics', metricSpec(metrics)));
  if (p.lr.length) charts.push(drawChart(slot('lr'), 'lr', learningRateSpec(p.lr.map(([x, y]) => ({ x, y, series: 'lr' })))));
  const horizons = horizonRows(detail.summary, detail.experiment);
  if (horizons.length) charts.push(drawChart(slot('horizons'), 'horizons', horizonSpec(horizons)));
  const confusion = findConfusion(detail.summary);
  if (confusion) {
    const card = slot('confusion');
    const chart = card.appendChild(el('div', {}));
    card.append(classTable(confusion.classes));
    charts.push(drawChart(chart, 'confusion', confusionSpec(confusion.cells, confusion.where)));
  }
  const drawn: Promise<unknown>[] = [...charts];
  if (isPm25ValueRun(detail.experiment) && detail.summary) {
    const { card, drawn: forecast } = forecastCard(detail.row.id);
    box.append(card);
    drawn.push(forecast);
  }
  await Promise.all(drawn);
}

async function showRun(app: HTMLElement, id: string, stops: (() => void)[]): Promise<void> {
  const detail = await dataSource.run(id);
  const row = detail.row;
  const charts = el('div', { class: 'grid' });
  const statusSlot = el('span', {}, statusBadge(row.status));
  const ipe = detail.iterationsPerEpoch;
  const progressText = (epochs: number | undefined, iterations = epochs !== undefined && ipe ? Math.round(epochs * ipe) : undefined) =>
    `${fmtNum(epochs, 3)} epochs · ${iterations ?? '?'} iterations`;
  const progress = el('span', { class: 'progress' }, progressText(row.epochs, row.iterations));
  app.replaceChildren(
    el('h2', {}, `${row.name} `, el('span', { class: 'muted' }, shortId(row.id)), ' ', statusSlot),
    row.description ? el('p', { class: 'description' }, row.description) : '',
    el('p', { class: 'muted' }, `started ${fmtTime(row.start)} · seed ${row.seed ?? '?'} · `, progress, row.reason ? ` · ${row.reason}` : ''),
    row.sweep ? el('p', {}, 'trial of ', el('a', { href: `#/sweep/${encodeURIComponent(row.sweep)}` }, 'its sweep')) : '',
    numbersTable(detail),
    charts,
    el('div', { class: 'grid' },
      el('div', {}, el('h3', {}, 'Resolved experiment'), jsonBlock(detail.experiment)),
      el('div', {}, el('h3', {}, 'Dataset'), jsonBlock(detail.dataset))),
    fileLinks(row, detail.files ?? []),
  );
  await drawRunCharts(charts, detail);
  if (!dataSource.live || detail.points.status) return;
  let received = detail.points.train.length;
  stops.push(dataSource.watchRun(id, detail.offset, ({ points }) => {
    received += points.train.length;
    // The header follows the run: epochs completed so far (the last step or check received).
    const last = Math.max(points.train.at(-1)?.[0] ?? 0, points.evals.at(-1)?.epoch ?? 0);
    if (last > 0) progress.textContent = progressText(last);
    // Far past the downsampled history: draw again from the server's downsampled history.
    if (received > 3 * 2000 || points.status) return void route();
    void addLivePoints(points);
  }));
}

async function addLivePoints(p: CurvePoints): Promise<void> {
  const views = window.rnnflowBoard.views;
  const metrics = metricRows(p);
  // A chart that had nothing to draw yet (no check so far): draw the page again.
  if ((metrics.length && !views.metrics) || (p.lr.length && !views.lr)) return void route();
  const rows = curveRows(p);
  if (rows.length) views.loss?.insert('curves', rows);
  if (p.best.length) views.loss?.remove('best', () => true).insert('best', bestRows(p));
  await views.loss?.runAsync();
  if (metrics.length && views.metrics) await views.metrics.insert('metrics', metrics).runAsync();
  if (p.lr.length && views.lr) await views.lr.insert('lr', p.lr.map(([x, y]) => ({ x, y, series: 'lr' }))).runAsync();
}
