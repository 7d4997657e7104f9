/**
 * plots/loss.svg and plots/<metric>.svg at the end of the run: training loss per epoch and
 * validation loss at every check; validation accuracy (or R²). Drawn with Vega-Lite and rendered to
 * SVG by Vega headlessly, so no browser or canvas is needed.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { RunEvent } from '../events/run-event.js';
import { join } from 'node:path';
import type { Sink, SinkContext } from './sink.js';

interface Point { epoch: number; value: number; series: string }

async function renderLineChart(title: string, yTitle: string, points: Point[]): Promise<string> {
  const [vega, vl] = await Promise.all([import('vega'), import('vega-lite')]);
  const spec = vl.compile({
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title, width: 560, height: 260, background: 'white',
    data: { values: points },
    mark: { type: 'line', point: points.length < 60 },
    encoding: {
      x: { field: 'epoch', type: 'quantitative', title: 'epoch' },
      y: { field: 'value', type: 'quantitative', title: yTitle, scale: { zero: false } },
      color: { field: 'series', type: 'nominal', title: null },
    },
  }).spec;
  const view = new vega.View(vega.parse(spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

export function createPlotSink(ctx: SinkContext): Sink {
  const losses: Point[] = [];
  const metric: Point[] = [];
  const metricName = ctx.experiment.model.netType === 'regression' ? 'r2' : 'accuracy';
  const add = (e: RunEvent) => {
    if (e.type === 'epoch' && Number.isFinite(e.trainLoss)) losses.push({ epoch: e.epoch, value: e.trainLoss, series: 'training' });
    if (e.type === 'eval' && e.split === 'validation') {
      if (Number.isFinite(e.metrics.loss)) losses.push({ epoch: e.epoch, value: e.metrics.loss, series: 'validation' });
      const m = e.metrics[metricName];
      if (m !== undefined && Number.isFinite(m)) metric.push({ epoch: e.epoch, value: m, series: 'validation' });
    }
  };
  // A resumed run draws its whole history: the points before the resume come from events.jsonl.
  const history = join(ctx.runDir, 'events.jsonl');
  if (ctx.resuming && existsSync(history)) {
    for (const line of readFileSync(history, 'utf8').split('\n')) {
      if (line.includes('"type":"epoch"') || line.includes('"type":"eval"')) add(JSON.parse(line) as RunEvent);
    }
  }
  return {
    name: 'plot',
    next: add,
    async close() {
      if (losses.length === 0) return;
      const dir = join(ctx.runDir, 'plots');
      mkdirSync(dir, { recursive: true });
      const name = ctx.experiment.name;
      writeFileSync(join(dir, 'loss.svg'), await renderLineChart(`${name}: loss`, 'loss per sample', losses));
      if (metric.length) writeFileSync(join(dir, `${metricName}.svg`), await renderLineChart(`${name}: validation ${metricName}`, metricName, metric));
    },
  };
}
