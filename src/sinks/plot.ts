/**
 * plots/loss.svg and plots/<metric>.svg at the end of the run: training loss per epoch and
 * validation loss at every check; validation accuracy (or R²). Drawn with Vega-Lite and rendered to
 * SVG by Vega headlessly, so no browser or canvas is needed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import type { RunEvent } from '../events/run-event.js';
import { join } from 'node:path';
import { readEvents, runFiles } from '../run-folder/index.js';
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

/** The curves' points, from events in order: training loss per epoch, validation loss and the metric at each check. */
export function plotCurves(metricName: 'r2' | 'accuracy') {
  const losses: Point[] = [];
  const metric: Point[] = [];
  const add = (e: RunEvent) => {
    if (e.type === 'epoch' && Number.isFinite(e.trainLoss)) losses.push({ epoch: e.epoch, value: e.trainLoss, series: 'training' });
    if (e.type === 'eval' && e.split === 'validation') {
      if (Number.isFinite(e.metrics?.loss)) losses.push({ epoch: e.epoch, value: e.metrics.loss, series: 'validation' });
      const m = e.metrics?.[metricName];
      if (m !== undefined && Number.isFinite(m)) metric.push({ epoch: e.epoch, value: m, series: 'validation' });
    }
  };
  return { losses, metric, add };
}

/** The points a resumed run's plots start from: those of the events before the resume. */
export function plotHistory(runDir: string, metricName: 'r2' | 'accuracy'): ReturnType<typeof plotCurves> {
  const curves = plotCurves(metricName);
  for (const e of readEvents(runFiles(runDir).events)) if (e.type === 'epoch' || e.type === 'eval') curves.add(e as unknown as RunEvent);
  return curves;
}

export function createPlotSink(ctx: SinkContext): Sink {
  const metricName = ctx.experiment.model.netType === 'regression' ? 'r2' : 'accuracy';
  // A resumed run draws its whole history: the points before the resume come from events.jsonl.
  const { losses, metric, add } = ctx.resuming ? plotHistory(ctx.runDir, metricName) : plotCurves(metricName);
  return {
    name: 'plot',
    next: add,
    async close() {
      if (losses.length === 0) return;
      const dir = runFiles(ctx.runDir).plots;
      mkdirSync(dir, { recursive: true });
      const name = ctx.experiment.name;
      writeFileSync(join(dir, 'loss.svg'), await renderLineChart(`${name}: loss`, 'loss per sample', losses));
      if (metric.length) writeFileSync(join(dir, `${metricName}.svg`), await renderLineChart(`${name}: validation ${metricName}`, metricName, metric));
    },
  };
}
