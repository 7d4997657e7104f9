/*
 * The charts, as vega-lite specs drawn by vega-embed (SVG, so tests can count marks). Curves live in
 * named data sets ("curves", "best", "lr", "metrics") so live points are inserted into the drawn view
 * instead of drawing it again.
 */
window.rnnflowBoard = { views: {}, ready: false };

const CHART_WIDTH = 520;
const CHART_HEIGHT = 220;
const BEST_COLOR = '#c0392b';

interface CurveRow { x: number; y: number; series: string }

async function drawChart(container: HTMLElement, name: string, spec: object): Promise<EmbedView> {
  const full = { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', config: { font: 'system-ui, sans-serif' }, ...spec };
  const result = await vegaEmbed(container, full, { renderer: 'svg', actions: false, tooltip: true });
  window.rnnflowBoard.views[name] = result.view;
  return result.view;
}

const epochAxis = { field: 'x', type: 'quantitative', title: 'epoch', axis: { tickCount: 8, labelOverlap: 'greedy' } };

function positive(rows: { y: number }[]): boolean {
  return rows.length > 0 && rows.every((r) => r.y > 0);
}

/** Training loss (steps and epoch means), validation loss at each check, the best check marked. */
function lossSpec(curves: CurveRow[], best: CurveRow[]): object {
  const y = { field: 'y', type: 'quantitative', title: 'loss (mean per sample)', scale: positive(curves) ? { type: 'log' } : { zero: false } };
  const color = { field: 'series', type: 'nominal', title: null, scale: { domain: ['train loss (steps)', 'train loss (epoch mean)', 'validation loss'], range: ['#9db8e3', '#2f6fd0', '#e07b00'] }, legend: { orient: 'bottom' } };
  return {
    width: CHART_WIDTH, height: CHART_HEIGHT, title: 'Learning curves',
    datasets: { curves, best },
    layer: [
      { data: { name: 'curves' }, mark: { type: 'line', clip: true, strokeWidth: 1.2 }, encoding: { x: epochAxis, y, color, order: { field: 'x' } } },
      { data: { name: 'curves' }, transform: [{ filter: "datum.series === 'validation loss'" }], mark: { type: 'point', filled: true, size: 28 }, encoding: { x: epochAxis, y, color, tooltip: [{ field: 'x', title: 'epoch', format: '.3f' }, { field: 'y', title: 'validation loss', format: '.5g' }] } },
      { data: { name: 'best' }, mark: { type: 'rule', strokeDash: [4, 3], color: BEST_COLOR }, encoding: { x: epochAxis } },
      { data: { name: 'best' }, mark: { type: 'point', shape: 'diamond', size: 140, filled: true, color: BEST_COLOR }, encoding: { x: epochAxis, y, tooltip: [{ field: 'series', title: 'check' }, { field: 'x', title: 'epoch', format: '.3f' }, { field: 'y', title: 'validation loss', format: '.5g' }] } },
    ],
  };
}

interface MetricRow { x: number; y: number; split: string; metric: string }

/** Accuracy or R², RMSE, … (whatever the evals carry besides loss), one panel per metric, a line per split. */
function metricSpec(rows: MetricRow[]): object {
  const panels = new Set(rows.map((r) => r.metric)).size;
  return {
    title: 'Metrics at each check',
    datasets: { metrics: rows }, data: { name: 'metrics' },
    facet: { column: { field: 'metric', type: 'nominal', title: null, sort: ['accuracy', 'r2'] } },
    resolve: { scale: { y: 'independent' } },
    spec: {
      width: panels > 1 ? Math.max(160, Math.floor(CHART_WIDTH / panels) - 30) : CHART_WIDTH, height: CHART_HEIGHT,
      mark: { type: 'line', point: true },
      encoding: { x: epochAxis, y: { field: 'y', type: 'quantitative', title: null, scale: { zero: false } }, color: { field: 'split', type: 'nominal', title: null, legend: { orient: 'bottom' } }, tooltip: [{ field: 'split' }, { field: 'metric' }, { field: 'x', title: 'epoch', format: '.3f' }, { field: 'y', format: '.5g' }] },
    },
  };
}

function learningRateSpec(rows: CurveRow[]): object {
  return {
    width: CHART_WIDTH, height: 120, title: 'Learning rate',
    datasets: { lr: rows }, data: { name: 'lr' },
    mark: { type: 'line', interpolate: 'step-after' },
    encoding: { x: epochAxis, y: { field: 'y', type: 'quantitative', title: 'η', scale: { zero: false } } },
  };
}

/** kind: "k hours ahead" (the pure metric) or "pooled over 1…k hours" (the book's block metric). */
interface HorizonRow { horizon: string; source: string; metric: string; kind: string; value: number }

/** Model vs persistence (vs the book, when the summary names it): a row per metric, pure beside pooled. */
function horizonSpec(rows: HorizonRow[]): object {
  const order = [...new Set(rows.map((r) => r.horizon))].sort((a, b) => parseFloat(a) - parseFloat(b));
  const metrics = ['r2', 'rmse', 'mae'].filter((m) => rows.some((r) => r.metric === m));
  return {
    title: 'PM2.5 forecast, test split: k hours ahead, and pooled over 1…k hours (the book\'s metric)',
    data: { values: rows },
    facet: {
      row: { field: 'metric', type: 'nominal', title: null, sort: [...metrics, ...new Set(rows.map((r) => r.metric))] },
      column: { field: 'kind', type: 'nominal', title: null, sort: ['k hours ahead', 'pooled over 1…k hours'] },
    },
    resolve: { scale: { y: 'independent' } },
    spec: {
      width: 300, height: 130,
      mark: { type: 'bar' },
      encoding: {
        x: { field: 'horizon', type: 'nominal', sort: order, title: 'hours ahead' },
        xOffset: { field: 'source', type: 'nominal' },
        y: { field: 'value', type: 'quantitative', title: null },
        color: { field: 'source', type: 'nominal', title: null, legend: { orient: 'bottom' }, scale: { domain: ['model (best parameters)', 'persistence', 'the book'], range: ['#2f6fd0', '#e07b00', '#7f8c8d'] } },
        tooltip: [{ field: 'source' }, { field: 'horizon' }, { field: 'metric' }, { field: 'kind' }, { field: 'value', format: '.4f' }],
      },
    },
  };
}

function confusionSpec(cells: { truth: string; predicted: string; count: number }[], where: string): object {
  const dark = 0.6 * Math.max(1, ...cells.map((c) => c.count)); // white text on the darkest blues
  return {
    width: 300, height: 300, title: `Confusion matrix (test, ${where})`,
    datasets: { confusion: cells }, data: { name: 'confusion' },
    encoding: {
      x: { field: 'predicted', type: 'ordinal', sort: null, title: 'predicted' },
      y: { field: 'truth', type: 'ordinal', sort: null, title: 'true' },
    },
    layer: [
      { mark: 'rect', encoding: { color: { field: 'count', type: 'quantitative', scale: { scheme: 'blues' }, legend: null } } },
      { mark: { type: 'text', fontSize: 11 }, encoding: { text: { field: 'count', type: 'quantitative' }, color: { condition: [{ test: `datum.count > ${dark}`, value: '#fff' }, { test: 'datum.count > 0', value: '#111' }], value: '#999' } } },
    ],
  };
}

interface CompareRow { x: number; y: number; run: string; kind: string }

function compareSpec(rows: CompareRow[]): object {
  return {
    width: 760, height: 300, title: 'Learning curves',
    data: { values: rows },
    mark: { type: 'line', clip: true, strokeWidth: 1.4 },
    encoding: {
      x: epochAxis,
      y: { field: 'y', type: 'quantitative', title: 'loss', scale: positive(rows) ? { type: 'log' } : { zero: false } },
      color: { field: 'run', type: 'nominal', title: 'run', legend: { orient: 'bottom', columns: 2, labelLimit: 400 } },
      strokeDash: { field: 'kind', type: 'nominal', title: null, scale: { domain: ['validation loss', 'train loss'], range: [[1, 0], [4, 3]] } },
      detail: [{ field: 'run' }, { field: 'kind' }],
    },
  };
}

interface ParallelRow { trial: string; axis: string; y: number; label: string; metric: number | null; best: boolean; pruned: boolean }

/** One line per trial across the swept parameters and the metric (each axis scaled to 0–1). */
function parallelSpec(rows: ParallelRow[], axisLabels: { axis: string; y: number; label: string }[], axes: string[], metric: string): object {
  const x = { field: 'axis', type: 'nominal', sort: axes, title: null, axis: { labelAngle: 0, orient: 'bottom', domain: false, ticks: false, labelLimit: 160, labelPadding: 10 } };
  const y = { field: 'y', type: 'quantitative', axis: null, scale: { domain: [0, 1] } };
  return {
    width: Math.max(420, axes.length * 150), height: 260, title: { text: `Parallel coordinates (colour: ${metric}; the best trial red, pruned dashed)`, offset: 12 },
    layer: [
      { data: { values: axes.map((a) => ({ axis: a })) }, mark: { type: 'rule', color: '#bbb' }, encoding: { x } },
      {
        data: { values: rows }, mark: { type: 'line', strokeWidth: 1.5, opacity: 0.8 },
        encoding: {
          x, y, detail: { field: 'trial' }, order: { field: 'order' },
          color: { condition: { test: 'datum.best', value: BEST_COLOR }, field: 'metric', type: 'quantitative', title: metric, scale: { scheme: 'viridis' } },
          strokeWidth: { condition: { test: 'datum.best', value: 4 }, value: 1.5 },
          strokeDash: { condition: { test: 'datum.pruned', value: [4, 3] }, value: [1, 0] },
          tooltip: [{ field: 'trial' }, { field: 'axis' }, { field: 'label', title: 'value' }, { field: 'metric' }, { field: 'pruned' }],
        },
        transform: [{ calculate: `indexof(${JSON.stringify(axes)}, datum.axis)`, as: 'order' }],
      },
      { data: { values: axisLabels }, mark: { type: 'text', dx: 4, align: 'left', fontSize: 10, color: '#555' }, encoding: { x, y, text: { field: 'label' } } },
    ],
  };
}

/** The ranking metric against each parameter, one small scatter per parameter, the best trial marked. */
function scatterSpec(rows: { trial: string; param: string; value: Json; metric: number; best: boolean; pruned: boolean }[], parameters: string[], metric: string): object {
  return {
    title: `${metric} against each parameter (pruned trials: grey crosses)`,
    hconcat: parameters.map((p) => {
      const mine = rows.filter((r) => r.param === p);
      const numeric = mine.every((r) => typeof r.value === 'number');
      const values = mine.map((r) => r.value as number);
      const logScale = numeric && values.length > 1 && Math.min(...values) > 0 && Math.max(...values) / Math.min(...values) >= 20;
      return {
        width: 200, height: 180,
        data: { values: mine },
        mark: { type: 'point', filled: true, size: 60 },
        encoding: {
          x: { field: 'value', type: numeric ? 'quantitative' : 'nominal', title: p, scale: numeric ? (logScale ? { type: 'log' } : { zero: false }) : undefined },
          y: { field: 'metric', type: 'quantitative', title: metric, scale: { zero: false } },
          color: { condition: [{ test: 'datum.best', value: BEST_COLOR }, { test: 'datum.pruned', value: '#9aa1ab' }], value: '#2f6fd0' },
          shape: { condition: [{ test: 'datum.best', value: 'diamond' }, { test: 'datum.pruned', value: 'cross' }], value: 'circle' },
          size: { condition: { test: 'datum.best', value: 160 }, value: 60 },
          tooltip: [{ field: 'trial' }, { field: 'value', title: p }, { field: 'metric', title: metric }, { field: 'pruned' }],
        },
      };
    }),
  };
}
