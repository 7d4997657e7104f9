/**
 * Live progress for people. On a terminal: a cli-progress bar (epoch, iteration, loss, validation
 * metric, samples/s, ETA) with a line logged above it per check. Plain (not a TTY, or CI set):
 * one line per check, nothing redrawn, so logs stay readable.
 */
import { formatSeconds } from '../core/format.js';
import cliProgress from 'cli-progress';
import type { Metrics } from '../model/metrics.js';
import type { HorizonSplits } from '../data/types.js';
import type { RunEvent, RunSummary } from '../events/run-event.js';
import { classReportLines, formatMetrics, formatNumber } from './format.js';
import type { Sink, SinkContext } from './sink.js';

export function createConsoleSink(ctx: SinkContext): Sink {
  const write = (line: string) => { ctx.out.write(line + '\n'); };
  let multibar: cliProgress.MultiBar | null = null;
  let bar: cliProgress.SingleBar | null = null;
  let totalIterations = 0;
  let itersPerEpoch = 1;
  let startedAt = 0;
  /** Iterations done before this process started (a resumed run): the ETA counts only its own pace. */
  let firstIteration = 0;
  let samplesPerSecond = 0;
  let lastVal = '-';
  let runningLoss = NaN;
  const log = (line: string) => (multibar ? multibar.log(line + '\n') : write(line));

  const eta = (iteration: number) =>
    iteration > firstIteration ? ((performance.now() - startedAt) / 1000) * (totalIterations - iteration) / (iteration - firstIteration) : NaN;

  return {
    name: 'console',
    next(e: RunEvent) {
      switch (e.type) {
        case 'start': case 'resume':
          itersPerEpoch = e.iterationsPerEpoch;
          totalIterations = e.maxEpochs * e.iterationsPerEpoch;
          startedAt = performance.now();
          firstIteration = e.type === 'resume' ? e.iteration : 0;
          write(`rnnflow: ${e.name} (seed ${e.seed}): ${e.trainSamples} training samples, ${e.iterationsPerEpoch} iterations/epoch, up to ${e.maxEpochs} epochs`);
          if (e.type === 'resume') write(`  resumed at iteration ${e.iteration} (epoch ${e.epoch.toFixed(2)}) from state/last.json`);
          write(`  run directory: ${e.runDir}`);
          if (!ctx.plain) {
            multibar = new cliProgress.MultiBar({
              format: ' {bar} {percentage}% | epoch {epoch} | it {value}/{total} | loss {loss} | val {val} | {speed} samples/s | ETA {eta_formatted}',
              hideCursor: true, clearOnComplete: false, stopOnComplete: false, etaBuffer: 200, fps: 5, stream: ctx.out as NodeJS.WriteStream,
            }, cliProgress.Presets.shades_classic);
            bar = multibar.create(totalIterations, e.type === 'resume' ? e.iteration : 0, { epoch: 1, loss: '-', val: '-', speed: '-' });
          }
          break;
        case 'step':
          runningLoss = Number.isFinite(runningLoss) ? 0.98 * runningLoss + 0.02 * e.loss : e.loss;
          bar?.update(e.iteration, {
            epoch: Math.floor((e.iteration - 1) / itersPerEpoch) + 1, loss: formatNumber(runningLoss),
            val: lastVal, speed: samplesPerSecond ? Math.round(samplesPerSecond).toLocaleString('en-US') : '-',
          });
          break;
        case 'epoch':
          samplesPerSecond = e.samplesPerSecond;
          break;
        case 'eval':
          if (e.split !== 'validation') break;
          lastVal = formatMetrics(e.metrics);
          log(`epoch ${e.epoch.toFixed(2)} it ${e.iteration} | train loss ${formatNumber(runningLoss)} | validation ${lastVal}` +
            (samplesPerSecond ? ` | ${Math.round(samplesPerSecond).toLocaleString('en-US')} samples/s` : '') +
            (ctx.plain ? ` | ETA ${formatSeconds(eta(e.iteration))}` : ''));
          break;
        case 'checkpoint':
          if (e.kind === 'interrupted') log(`interrupted: parameters saved as params/interrupted.json`);
          break;
        case 'message':
          log(`${e.level === 'info' ? '' : `${e.level}: `}${e.text}`);
          break;
        case 'end':
          if (bar) { bar.update(e.summary.iterations); }
          multibar?.stop();
          multibar = null;
          for (const line of summaryLines(e.summary, ctx.experiment.description)) write(line);
          break;
      }
    },
    async close() {
      multibar?.stop();
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
