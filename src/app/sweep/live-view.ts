/**
 * What a user watches during a sweep: one line per trial as it ends (failures at once, with id and
 * error), and on a terminal a bar under them with done / running / failed and the best so far.
 * Without a TTY (CI, a pipe) only the lines are written.
 */
import { firstLine, formatSeconds } from '../../core/format.js';
import cliProgress from 'cli-progress';
import { formatValue } from '../expect/index.js';
import { describePoint } from './trials.js';
import type { SweepCounts } from './schedule.js';
import type { TrialOutcome } from './state.js';
import type { TrialProgress } from '../run-pool/trial-task.js';

export interface SweepView {
  /** Counts changed (a trial started or ended). */
  update(counts: SweepCounts, best: TrialOutcome | undefined): void;
  trialEnded(outcome: TrialOutcome): void;
  /** A running trial's epochs and losses (on a terminal: the bar shows the latest). */
  trialProgress(id: string, progress: TrialProgress): void;
  message(text: string): void;
  close(): void;
}

export interface ViewOptions {
  out: NodeJS.WritableStream & { isTTY?: boolean };
  /** Lines only, no bar. */
  plain: boolean;
  metric: string;
  total: number;
}

export function createSweepView(opts: ViewOptions): SweepView {
  const write = (text: string) => {
    if (bar) multibar!.log(`${text}\n`);
    else opts.out.write(`${text}\n`);
  };
  const multibar = opts.plain ? undefined : new cliProgress.MultiBar({
    format: '{bar} {finished}/{total} | {done} done, {running} running, {failed} failed | best {best}{latest}',
    stream: opts.out, hideCursor: true, clearOnComplete: false, fps: 5, barsize: 24,
  }, cliProgress.Presets.shades_classic);
  const bar = multibar?.create(opts.total, 0, { finished: 0, done: 0, running: 0, failed: 0, best: '-', latest: '' });
  let latestId: string | undefined;

  return {
    update(c, best) {
      const finished = c.done + c.failed;
      bar?.update(finished, { finished, done: c.done, running: c.running, failed: c.failed, best: best ? `${formatValue(best.metric!)} (${best.id})` : '-' });
    },
    trialEnded(o) {
      write(trialLine(o, opts.metric));
      if (o.id === latestId) bar?.update({ latest: '' });
    },
    trialProgress(id, p) {
      latestId = id;
      bar?.update({ latest: ` | ${progressText(id, p)}` });
    },
    message: write,
    close() {
      multibar?.stop();
    },
  };
}

/** `done    3f2a9c01ab12  model.hiddenSize=8 train.eta=0.05  test.accuracy 0.8512  12.3s` */
export function trialLine(o: TrialOutcome, metric: string): string {
  const head = `${o.status === 'failed' ? 'FAILED' : o.status.padEnd(6)}  ${o.id}  ${describePoint(o.params)}`;
  if (o.status === 'failed') return `${head}\n        ${firstLine(o.error ?? 'unknown error')}`;
  if (o.status === 'interrupted') return `${head}  (interrupted; --resume runs it again)`;
  const value = o.metric !== undefined ? `${metric} ${formatValue(o.metric)}` : `${metric} unavailable: ${firstLine(o.metricError ?? '')}`;
  return `${head}  ${value}  ${formatSeconds(o.seconds)}${o.runStatus && o.runStatus !== 'completed' ? ` (${o.runStatus})` : ''}`;
}

/** `3f2a9c01ab12 epoch 2.5/10 loss 0.3121 val 0.3310` */
export function progressText(id: string, p: TrialProgress): string {
  const loss = (label: string, v: number | undefined) => (v === undefined ? '' : ` ${label} ${formatValue(v)}`);
  return `${id} epoch ${Number(p.epoch.toFixed(2))}/${p.maxEpochs}${loss('loss', p.trainLoss)}${loss('val', p.validationLoss)}`;
}
