/**
 * What a user watches during a sweep, built from the sweep's events only (SweepEvent): one permanent
 * line per trial as it ends (failures at once, with id and error; pruned trials say so) and, on a
 * terminal, a live block under them with the counts, the best so far, an ETA for the sweep and each
 * running trial's epoch and latest validation metric. Trials report progress the same way wherever
 * they run (worker threads, a queue's workers): the executor's progress becomes `trial-progress`.
 * Without a TTY (CI, a pipe) only the permanent lines are written, each with the sweep's position.
 */
import { firstLine, formatSeconds } from '../../core/format.js';
import { LiveBlock } from '../../core/live-block.js';
import { formatValue } from '../expect/index.js';
import { describePoint } from './trials.js';
import type { SweepCounts, SweepEvent, TrialOutcome, TrialProgress } from '../../events/sweep-event.js';

export interface SweepView {
  next(event: SweepEvent): void;
  close(): void;
}

export interface ViewOptions {
  out: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  /** Lines only, no live block. */
  plain: boolean;
  metric: string;
  total: number;
}

export interface RunningTrial { id: string; params: Record<string, unknown>; started: number; progress?: TrialProgress }

export function createSweepView(opts: ViewOptions): SweepView {
  const block = opts.plain ? undefined : new LiveBlock(opts.out);
  const running = new Map<string, RunningTrial>();
  const durations: number[] = [];
  let counts: SweepCounts = { total: opts.total, done: 0, failed: 0, interrupted: 0, running: 0, pending: opts.total };
  let best: TrialOutcome | undefined;
  let parallel: number | undefined;
  let pruned = 0;
  const print = (text: string) => (block ? block.print(text) : opts.out.write(`${text}\n`));
  const redraw = () => {
    if (!block) return;
    const finished = counts.done + counts.failed;
    const eta = sweepEta(counts, [...running.values()], durations, parallel);
    const head = `sweep: ${finished}/${counts.total} finished (${counts.done} done${pruned ? `, ${pruned} pruned` : ''}, ${counts.failed} failed), ` +
      `${counts.running} running | best ${best?.metric !== undefined ? `${formatValue(best.metric)} (${best.id})` : '-'} | ETA ${formatSeconds(eta)}`;
    // Progress first: a long parameter list is what gets cut on a narrow terminal.
    block.set([head, ...[...running.values()].map((r) => `  ${r.id}  ${progressText(r.progress)}  ${describePoint(r.params)}`)]);
  };

  return {
    next(e) {
      switch (e.type) {
        case 'sweep-start':
          parallel = e.parallel;
          break;
        case 'trial-start':
          running.set(e.id, { id: e.id, params: e.params, started: performance.now() });
          break;
        case 'trial-progress': {
          const r = running.get(e.id);
          if (r) r.progress = e;
          break;
        }
        case 'trial-end': {
          const o = e.outcome;
          running.delete(o.id);
          if (o.runStatus === 'pruned') pruned++;
          // Pruned trials count with what they ran: the trials still to come may be pruned too.
          if (o.status === 'done' && o.seconds > 0) durations.push(o.seconds);
          const line = trialLine(o, opts.metric);
          print(block ? line : `${line}  [${counts.done + counts.failed + 1}/${counts.total}]`);
          break;
        }
        case 'sweep-counts':
          counts = e.counts;
          best = e.best;
          break;
        case 'sweep-notice':
          print(e.text);
          break;
        case 'sweep-end':
          break;
      }
      redraw();
    },
    close() {
      block?.close();
    },
  };
}

/** `epoch 12.5/100  val accuracy 0.8123` (or the validation loss before the first check names a metric). */
export function progressText(p: TrialProgress | undefined): string {
  if (!p) return 'starting';
  const epochs = `epoch ${Number(p.epoch.toFixed(1))}/${p.maxEpochs}`;
  if (p.metric !== undefined && p.metricName) return `${epochs}  val ${p.metricName} ${formatValue(p.metric)}`;
  return p.validationLoss !== undefined ? `${epochs}  val loss ${formatValue(p.validationLoss)}` : epochs;
}

/**
 * Seconds until every trial has run: the work left (pending trials, plus the part of each running
 * trial not yet done, by epoch / maxEpochs) times a trial's duration (the mean of finished trials,
 * pruned ones included, else what the running ones project), over the trials that run at once (`parallel`, or
 * on a queue the trials running now). NaN until there is a measure.
 */
export function sweepEta(counts: SweepCounts, running: readonly RunningTrial[], durations: readonly number[], parallel: number | undefined): number {
  const now = performance.now();
  const fraction = (r: RunningTrial) => (r.progress?.maxEpochs ? Math.min(1, r.progress.epoch / r.progress.maxEpochs) : 0);
  let perTrial = durations.length ? durations.reduce((a, b) => a + b, 0) / durations.length : NaN;
  if (Number.isNaN(perTrial)) {
    const projections = running.filter((r) => fraction(r) > 0.02).map((r) => (now - r.started) / 1000 / fraction(r));
    if (projections.length) perTrial = projections.reduce((a, b) => a + b, 0) / projections.length;
  }
  const left = counts.pending + running.reduce((sum, r) => sum + (1 - fraction(r)), 0);
  const atOnce = Math.min(parallel ?? Math.max(1, running.length), Math.max(1, counts.pending + running.length));
  return (left * perTrial) / Math.max(1, atOnce);
}

/** `done    3f2a9c01ab12  model.hiddenSize=8 train.eta=0.05  test.accuracy 0.8512  12.3s (pruned)` */
export function trialLine(o: TrialOutcome, metric: string): string {
  const head = `${o.status === 'failed' ? 'FAILED' : o.status.padEnd(6)}  ${o.id}  ${describePoint(o.params)}`;
  if (o.status === 'failed') return `${head}\n        ${firstLine(o.error ?? 'unknown error')}`;
  if (o.status === 'interrupted') return `${head}  (interrupted; --resume runs it again)`;
  const value = o.metric !== undefined ? `${metric} ${formatValue(o.metric)}` : `${metric} unavailable: ${firstLine(o.metricError ?? '')}`;
  return `${head}  ${value}  ${formatSeconds(o.seconds)}${o.runStatus && o.runStatus !== 'completed' ? ` (${o.runStatus})` : ''}`;
}
