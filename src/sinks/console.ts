/**
 * Live progress for people. On a terminal: one progress line fitted to its width (epoch, loss,
 * validation metric, ETA; learning rate with a schedule, samples/s, iteration when there is room)
 * under a line per check. Plain (not a TTY, or CI set):
 * one line per check, nothing redrawn, so logs stay readable.
 */
import { formatSeconds } from '../core/format.js';
import { LiveBlock, lineWidth } from '../core/live-block.js';
import { progressLine } from './progress-line.js';
import type { Metrics } from '../model/metrics.js';
import type { HorizonSplits } from '../data/types.js';
import type { RunEvent, RunSummary } from '../events/run-event.js';
import { classReportLines, formatMetrics, formatNumber } from './format.js';
import type { Sink, SinkContext } from './sink.js';

export function createConsoleSink(ctx: SinkContext): Sink {
  const write = (line: string) => { ctx.out.write(line + '\n'); };
  let block: LiveBlock | null = null;
  let totalIterations = 0;
  let itersPerEpoch = 1;
  let startedAt = 0;
  /** Iterations done before this process started (a resumed run): the ETA counts only its own pace. */
  let firstIteration = 0;
  let lastDraw = 0;
  let samplesPerSecond = 0;
  let lastVal = '-';
  let runningLoss = NaN;
  const showRate = Boolean(ctx.experiment.train?.etaSchedule);
  const log = (line: string) => (block ? block.print(line) : write(line));

  const eta = (iteration: number) =>
    iteration > firstIteration ? ((performance.now() - startedAt) / 1000) * (totalIterations - iteration) / (iteration - firstIteration) : NaN;
  const speed = () => (samplesPerSecond ? Math.round(samplesPerSecond).toLocaleString('en-US') : undefined);
  const draw = (iteration: number, rate: number) => {
    if (!block) return;
    lastDraw = performance.now();
    block.set([progressLine({
      fraction: totalIterations ? iteration / totalIterations : 0,
      epoch: `${Math.floor((iteration - 1) / itersPerEpoch) + 1}/${totalIterations / itersPerEpoch}`,
      loss: formatNumber(runningLoss), val: lastVal, eta: formatSeconds(eta(iteration)),
      lr: showRate ? formatNumber(rate) : undefined, speed: speed(), iteration: `${iteration}/${totalIterations}`,
    }, lineWidth(ctx.out))]);
  };

  return {
    name: 'console',
    next(e: RunEvent) {
      switch (e.type) {
        case 'start': case 'resume':
          itersPerEpoch = e.iterationsPerEpoch;
          totalIterations = e.maxEpochs * e.iterationsPerEpoch;
          startedAt = performance.now();
          firstIteration = e.type === 'resume' ? e.iteration : 0;
          // Short lines: an 80-column terminal shows each on one line.
          write(`rnnflow: ${e.name} (seed ${e.seed}), up to ${e.maxEpochs} epochs`);
          write(`  ${e.trainSamples} training samples, ${e.iterationsPerEpoch} iterations/epoch`);
          // Sequences of different lengths (data/length-batches.ts): how much of the computed work is padding.
          if (typeof (e.dataInfo.padding as { share?: unknown } | undefined)?.share === 'number') {
            write(`  padded row-steps: ${(100 * (e.dataInfo.padding as { share: number }).share).toFixed(1)} % of epoch 1's (batches grouped by length)`);
          }
          if (e.type === 'resume') write(`  resumed at iteration ${e.iteration} (epoch ${e.epoch.toFixed(2)}) from state/last.json`);
          write(`  run directory: ${e.runDir}`);
          if (!ctx.plain) block = new LiveBlock(ctx.out);
          break;
        case 'step':
          runningLoss = Number.isFinite(runningLoss) ? 0.98 * runningLoss + 0.02 * e.loss : e.loss;
          // At most 5 redraws a second: the terminal is not the bottleneck of training.
          if (performance.now() - lastDraw >= 200) draw(e.iteration, e.eta);
          break;
        case 'epoch':
          samplesPerSecond = e.samplesPerSecond;
          break;
        case 'eval':
          if (e.split !== 'validation') break;
          lastVal = formatMetrics(e.metrics);
          log(`epoch ${e.epoch.toFixed(2)} | train loss ${formatNumber(runningLoss)} | val ${lastVal}` +
            (speed() ? ` | ${speed()}/s` : '') +
            (ctx.plain ? ` | ETA ${formatSeconds(eta(e.iteration))}` : ''));
          break;
        case 'checkpoint':
          if (e.kind === 'interrupted') log(`interrupted: parameters saved as params/interrupted.json`);
          break;
        case 'message':
          log(`${e.level === 'info' ? '' : `${e.level}: `}${e.text}`);
          break;
        case 'end':
          block?.close();
          block = null;
          for (const line of summaryLines(e.summary, ctx.experiment.description)) write(line);
          break;
      }
    },
    async close() {
      block?.close();
      block = null;
    },
  };
}

function metricsRow(label: string, m: Metrics): string {
  return `  ${label.padEnd(26)} ${formatMetrics(m)}`;
}

/** One line per split and key: "test 4h ahead (final) … best: … persistence: …" (kind "ahead" or "pooled"). */
function horizonLines(s: RunSummary, metrics: NonNullable<RunSummary['horizons']>, baseline: HorizonSplits | undefined, kind: string): string[] {
  const lines: string[] = [];
  for (const split of ['validation', 'test'] as const) {
    for (const [k, m] of Object.entries(metrics.final[split])) {
      const p = baseline?.[split][k];
      lines.push(metricsRow(`${split} ${k} ${kind} (final)`, m) + `   best: ${formatMetrics(metrics.bestParams[split][k])}` +
        (p ? `   ${s.baseline!.name}: ${formatMetrics(p)}` : ''));
    }
  }
  return lines;
}

/** The end-of-run report: status and why, then each split with the final and the best parameters. */
export function summaryLines(s: RunSummary, description = ''): string[] {
  const lines = [
    ...(description ? [`${s.name}: ${description}`] : []),
    `${s.status}: ${s.reason} — ${s.epochs.toFixed(2)} epochs, ${s.iterations} iterations, ${formatSeconds(s.seconds)}`,
    metricsRow('validation (final)', s.metrics.validation),
    metricsRow('test (final)', s.metrics.test),
    metricsRow(`validation (best, it ${s.best.iteration})`, s.bestParams.validation),
    metricsRow(`test (best, it ${s.best.iteration})`, s.bestParams.test),
  ];
  if (s.baseline) {
    lines.push(metricsRow(`validation (${s.baseline.name})`, s.baseline.validation), metricsRow(`test (${s.baseline.name})`, s.baseline.test));
  }
  lines.push(...classReportLines(`test (best, it ${s.best.iteration})`, s.bestParams.test));
  if (s.horizons) lines.push(...horizonLines(s, s.horizons, s.baseline?.horizons, 'ahead'));
  if (s.pooled) lines.push(...horizonLines(s, s.pooled, s.baseline?.pooled, 'pooled'));
  lines.push(`  results: ${s.runDir}`);
  return lines;
}
