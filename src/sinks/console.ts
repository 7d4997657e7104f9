/**
 * Live progress for people. On a terminal: one progress line fitted to its width (epoch, loss,
 * validation metric, ETA; learning rate with a schedule, samples/s, iteration when there is room)
 * under a line per check. Plain (not a TTY, or CI set):
 * one line per check, nothing redrawn, so logs stay readable.
 */
import { formatSeconds } from '../core/format.js';
import { LiveBlock, lineWidth } from '../core/live-block.js';
import { progressLine } from './progress-line.js';
import { TimeLeft } from './time-left.js';
import type { Metrics } from '../model/metrics.js';
import type { HorizonSplits } from '../data/types.js';
import type { RunEvent, RunSummary } from '../events/run-event.js';
import { bestWords, finalBeatsBestNote } from './best-note.js';
import { classReportLines, formatMetrics, formatNumber } from './format.js';
import type { Sink, SinkContext } from './sink.js';

export function createConsoleSink(ctx: SinkContext): Sink {
  const write = (line: string) => { ctx.out.write(line + '\n'); };
  let block: LiveBlock | null = null;
  let totalIterations = 0;
  let itersPerEpoch = 1;
  /** This process's pace (a resumed run's earlier iterations are not timed here). */
  let timeLeft = new TimeLeft(0);
  let lastDraw = 0;
  /** Whether a drawn line has shown an ETA yet: the first known ETA is drawn at once, not up to 200 ms later. */
  let etaDrawn = false;
  let samplesPerSecond = 0;
  let lastVal = '-';
  let runningLoss = NaN;
  const showRate = Boolean(ctx.experiment.train?.etaSchedule);
  const log = (line: string) => (block ? block.print(line) : write(line));

  const eta = (iteration: number) => timeLeft.seconds(iteration, performance.now());
  const speed = () => (samplesPerSecond ? Math.round(samplesPerSecond).toLocaleString('en-US') : undefined);
  const draw = (iteration: number, rate: number) => {
    if (!block) return;
    lastDraw = performance.now();
    const left = optionalSeconds(eta(iteration));
    etaDrawn ||= left !== undefined;
    block.set([progressLine({
      fraction: totalIterations ? iteration / totalIterations : 0,
      epoch: `${Math.floor((iteration - 1) / itersPerEpoch) + 1}/${totalIterations / itersPerEpoch}`,
      loss: formatNumber(runningLoss), val: lastVal, eta: left,
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
          timeLeft = new TimeLeft(totalIterations);
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
          timeLeft.batchDone(e.iteration, performance.now());
          // At most 5 redraws a second (the terminal is not the bottleneck of training), except the
          // first line that can show an ETA: a short run would otherwise end before it is ever shown.
          if (performance.now() - lastDraw >= 200 || (!etaDrawn && eta(e.iteration) !== undefined)) draw(e.iteration, e.eta);
          break;
        case 'epoch':
          samplesPerSecond = e.samplesPerSecond;
          break;
        case 'eval': {
          if (e.split !== 'validation') break;
          lastVal = formatMetrics(e.metrics);
          const left = optionalSeconds(eta(e.iteration));
          log(`epoch ${e.epoch.toFixed(2)} | train loss ${formatNumber(runningLoss)} | val ${lastVal}` +
            (speed() ? ` | ${speed()}/s` : '') +
            (ctx.plain && left ? ` | ETA ${left}` : ''));
          break;
        }
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

function optionalSeconds(s: number | undefined): string | undefined {
  return s === undefined ? undefined : formatSeconds(s);
}

function metricsRow(label: string, m: Metrics): string {
  return `  ${label.padEnd(26)} ${formatMetrics(m)}`;
}

/** The end-of-run report fits this many columns; what does not fit stays in summary.json. */
export const SUMMARY_WIDTH = 100;
/** Horizon columns per table row: a label of 26 and 8 columns of 9 fit SUMMARY_WIDTH. */
const HORIZON_COLUMNS = 8;

/**
 * R² per horizon as a table, a column per key ("1h", "2h" …), rows final, best and the baseline for
 * validation and test (kind "ahead" or "pooled"); RMSE and MAE of each stay in summary.json.
 */
function horizonTable(s: RunSummary, metrics: NonNullable<RunSummary['horizons']>, baseline: HorizonSplits | undefined, title: string): string[] {
  const keys = Object.keys(metrics.final.test);
  const lines: string[] = [];
  for (let from = 0; from < keys.length; from += HORIZON_COLUMNS) {
    const shown = keys.slice(from, from + HORIZON_COLUMNS);
    lines.push(`  ${title.padEnd(26)}${shown.map((k) => k.padStart(9)).join('')}`);
    for (const split of ['validation', 'test'] as const) {
      const rows: [string, Record<string, Metrics> | undefined][] = [['final', metrics.final[split]], ['best', metrics.bestParams[split]]];
      if (baseline) rows.push([s.baseline!.name, baseline[split]]);
      for (const [which, byKey] of rows) lines.push(`    ${`${split} ${which}`.padEnd(24)}${shown.map((k) => formatNumber(byKey?.[k]?.r2).padStart(9)).join('')}`);
    }
  }
  return lines;
}

/** Words of `text` in lines of at most `width` columns, the later ones indented by `indent`. */
function wrapped(text: string, width: number, indent = '    '): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const next = line === '' ? word : `${line} ${word}`;
    if (next.length > width && line !== '') {
      lines.push(line);
      line = indent + word;
    } else {
      line = next;
    }
  }
  return [...lines, line];
}

/**
 * The end-of-run report, at most SUMMARY_WIDTH columns: status and why, what picked the best
 * parameters, each split with the final and the best parameters, a note when the final ones are
 * better on the task's own metric, then horizon R² tables (details in summary.json).
 */
export function summaryLines(s: RunSummary, description = ''): string[] {
  const best = `best, it ${s.best.iteration}`;
  const lines = [
    ...(description ? wrapped(`${s.name}: ${description}`, SUMMARY_WIDTH) : []),
    ...wrapped(`${s.status}: ${s.reason}`, SUMMARY_WIDTH),
    `  ${s.epochs.toFixed(2)} epochs, ${s.iterations} iterations, ${formatSeconds(s.seconds)}`,
    `  best: ${bestWords(s)}, at iteration ${s.best.iteration} (epoch ${s.best.epoch.toFixed(2)})`,
    metricsRow('validation (final)', s.metrics.validation),
    metricsRow('test (final)', s.metrics.test),
    metricsRow(`validation (${best})`, s.bestParams.validation),
    metricsRow(`test (${best})`, s.bestParams.test),
  ];
  if (s.baseline) {
    lines.push(metricsRow(`validation (${s.baseline.name})`, s.baseline.validation), metricsRow(`test (${s.baseline.name})`, s.baseline.test));
  }
  const note = finalBeatsBestNote(s);
  if (note) lines.push(`  ${note}`);
  lines.push(...classReportLines(`test (${best})`, s.bestParams.test));
  // PM2.5 keys its horizons by hours ("4h"), a csv run by steps ("+4").
  const unit = Object.keys(s.horizons?.final.test ?? {}).some((k) => k.startsWith('+')) ? 'steps' : 'hours';
  if (s.horizons) lines.push(...horizonTable(s, s.horizons, s.baseline?.horizons, `R² k ${unit} ahead`));
  if (s.pooled) lines.push(...horizonTable(s, s.pooled, s.baseline?.pooled, 'R² pooled over p hours'));
  lines.push(`  results: ${s.runDir}`);
  return lines;
}
