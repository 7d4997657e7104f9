/**
 * One sweep as it runs: batch after batch, each planned from the batches before it, its trials run on
 * the executor as capacity frees up, and each outcome recorded the moment it ends.
 *
 *   for each batch b, until every trial ran or Ctrl-C:
 *     a method that learns (tpe) proposes the points batch b still needs from batches 0 … b − 1;
 *     pruning compares batch b's trials with the validation curves of batches 0 … b − 1;
 *     batch b runs; batch b + 1 waits until it has ended.
 *
 * A sweep that decides nothing as it goes (grid or random, no pruning) is a single batch. Every
 * decision reads only earlier batches, so a sweep file and seed give the same trials and the same
 * pruning whatever --parallel, the executor or the timing, and a resumed sweep decides the same again.
 * The policy itself (search/) is pure; this object owns what changes while the sweep runs.
 */
import { rmSync } from 'node:fs';
import { UserError } from '../../core/errors.js';
import type { CompiledExpression } from '../../core/expressions/safe-math.js';
import { displayPath } from '../../core/paths.js';
import type { SweepEvent } from '../../events/sweep-event.js';
import { checkExpectations, compileExpectations, expectationScope } from '../expect/index.js';
import { resolveParallel, type ExecutorFactory, type TrialExecutor } from '../run-pool/pool.js';
import { listenForInterrupt, runQueue, type Interrupt } from '../run-pool/queue.js';
import { canResume, type TrialTaskResult } from '../run-pool/trial-task.js';
import { observationOf, readCheckSeries, searchMethod, type Point, type PruneInstruction, type SearchMethod } from '../search/index.js';
import { createSweepView, type SweepView, type ViewOptions } from './live-view.js';
import type { PreparedSweep } from './prepare.js';
import type { OutcomeWithOwnExpect } from './results.js';
import { bestOutcome, outcomeStatusOf, sweepCounts, trialsToRun } from './schedule.js';
import { readOutcomes, saveTrials, trialDir, writeOutcome, type TrialOutcome } from './state.js';
import { planTrials, type TrialPlan } from './trials.js';

/** What a trial of a batch is compared with, the same for the whole batch. */
type BatchPrune = Omit<PruneInstruction, 'self'>;

export interface SweepRunOptions extends Pick<ViewOptions, 'out' | 'plain'> {
  /** Sees every SweepEvent, in order, after the live view. */
  onEvent?: (event: SweepEvent) => void;
}

export class SweepRun {
  /** Trials the sweep runs in all (a method that learns plans them batch by batch). */
  readonly total: number;
  /** The outcome of every trial that ended: a resume's done trials, then each trial as it ends. */
  readonly outcomes: Map<string, TrialOutcome>;
  private readonly search: SearchMethod;
  /** Trials a resume still runs (every trial, at the start), in trial order. */
  private readonly queue: readonly TrialPlan[];
  /** Trials planned and decided together: the file's `batch` when the sweep decides as it goes, else all of them. */
  private readonly batchSize: number;
  private readonly view: SweepView;
  private running = 0;
  private executor?: TrialExecutor;
  private interrupt?: Interrupt;

  constructor(private readonly sweep: PreparedSweep, private readonly metric: CompiledExpression, private readonly options: SweepRunOptions) {
    const { spec, trials } = sweep;
    this.search = searchMethod(spec.method);
    const previous = sweep.resumed ? readOutcomes(sweep.dir, trials) : new Map<string, TrialOutcome>();
    this.queue = trialsToRun(trials, previous);
    this.outcomes = new Map([...previous].filter(([id]) => !this.queue.some((t) => t.id === id)));
    this.total = this.search.plannedTotal(spec, trials.length);
    this.batchSize = this.decidesInBatches ? spec.batch : Math.max(1, trials.length);
    this.view = createSweepView({ out: options.out, plain: options.plain, metric: spec.metric, total: this.total });
  }

  /** tpe proposals and pruning decide from earlier batches; grid and random alone know every trial at the start. */
  get decidesInBatches(): boolean {
    return this.search.propose !== undefined || this.sweep.spec.prune !== undefined;
  }

  /**
   * Opens the executor (closing the live view if it cannot), runs every batch, and closes both: the
   * sweep's outcomes, and whether Ctrl-C ended it. Each outcome is on disk before the next trial starts.
   */
  async run(openExecutor: ExecutorFactory, asked: number, signal?: AbortSignal): Promise<{ outcomes: TrialOutcome[]; interrupted: boolean }> {
    const { spec, dir, trials } = this.sweep;
    // No more at once than one batch can use (or, in one batch, than there are trials to run).
    const parallel = Math.min(resolveParallel(asked), this.decidesInBatches ? spec.batch : Math.max(1, this.queue.length));
    try {
      if (this.queue.some((t) => t.experiment) || trials.length < this.total) this.executor = await openExecutor(parallel, { dir, name: spec.name, message: (text) => this.notice(text) });
    } catch (e) {
      this.view.close();
      throw e;
    }
    this.announce(this.executor?.where ?? `${parallel} at a time`);
    const interrupt = this.interrupt = listenForInterrupt(signal);
    try {
      // Values that make an invalid experiment fail at once, before anything runs.
      for (const t of this.queue.filter((q) => !q.experiment)) this.recordInvalid(t);
      interrupt.onStop = () => {
        this.notice(`stopping: ${this.running} running trial(s) finish their current batch; press Ctrl-C again to end them at once. --resume ${displayPath(dir)} runs what is left.`);
        this.executor?.stop();
      };
      interrupt.onKill = () => void this.executor?.terminate();
      for (let b = 0; !interrupt.stopping; b++) {
        this.propose(b);
        const batch = trials.slice(b * this.batchSize, (b + 1) * this.batchSize);
        if (batch.length === 0) break;
        const prune = this.pruneInstruction(b);
        const toRun = batch.filter((t) => t.experiment && this.outcomes.get(t.id)?.status !== 'done');
        await runQueue(toRun, this.executor?.capacity ?? 1, interrupt, (t) => this.runTrial(t, prune));
      }
    } finally {
      interrupt.dispose();
      const best = bestOutcome(this.outcomes.values(), spec.goal);
      this.emit({ type: 'sweep-end', counts: sweepCounts(this.total, this.outcomes.values(), 0), ...(best ? { best } : {}), interrupted: interrupt.stopping });
      this.view.close();
      await this.executor?.close();
    }
    return { outcomes: [...this.outcomes.values()], interrupted: interrupt.stopping };
  }

  /** The sweep's first lines, and its start as an event. */
  private announce(where: string): void {
    const { spec, dir, resumed, notes } = this.sweep;
    const shown = displayPath(dir);
    const say = (text: string) => this.options.out.write(`${text}\n`);
    say(resumed
      ? `sweep ${spec.name}: resuming ${shown}: ${this.outcomes.size} of ${this.total} trials done, ${this.queue.length} to run, ${where}`
      : `sweep ${spec.name}: ${this.total} trials (${spec.method}${this.decidesInBatches ? `, in batches of ${spec.batch}` : ''}${spec.prune ? `, pruning: ${spec.prune.method}` : ''}), ${where} → ${shown}`);
    for (const note of notes) say(`note: ${note}`);
    // A queue runs as many trials at once as it has workers: no fixed number.
    const capacity = this.executor?.capacity;
    const atOnce = capacity !== undefined && Number.isFinite(capacity) && capacity < Number.MAX_SAFE_INTEGER ? capacity : undefined;
    this.emit({ type: 'sweep-start', name: spec.name, dir, total: this.total, toRun: this.queue.length, ...(atOnce ? { parallel: atOnce } : {}), where, metric: spec.metric, goal: spec.goal, resumed });
    this.refresh();
  }

  /** A method that learns: the points batch b still needs, proposed from the trials of the batches before it, planned as trials. */
  private propose(b: number): void {
    const { spec, trials } = this.sweep;
    if (!this.search.propose) return;
    const want = Math.min(spec.trials ?? 0, (b + 1) * this.batchSize) - trials.length;
    if (want <= 0) return;
    const history = trials.slice(0, b * this.batchSize).map((t) => observationOf(t.params, this.outcomes.get(t.id), spec.goal));
    const points = this.search.propose(spec, history, want, b);
    if (points.length) this.extend(points);
  }

  /** Adds points as trials (validated, saved in trials.json before any of them runs). */
  private extend(points: readonly Point[]): void {
    const planned = planTrials(points, this.sweep.baseDoc, this.sweep.source, this.sweep.trials);
    this.sweep.trials.push(...planned.trials);
    saveTrials(this.sweep);
    for (const note of planned.dropped) this.notice(`note: ${note}`);
    for (const t of planned.trials.filter((p) => !p.experiment)) this.recordInvalid(t);
  }

  /** What a trial of batch b is compared with: the validation curves of every trial before the batch. */
  private pruneInstruction(b: number): BatchPrune | undefined {
    const { spec, dir, trials } = this.sweep;
    if (!spec.prune) return undefined;
    const metric = spec.prune.metric;
    const reference = trials.slice(0, b * this.batchSize).map((t) => ({ id: t.id, index: t.index, checks: readCheckSeries(trialDir(dir, t.id), metric) }));
    return { rule: spec.prune, reference };
  }

  private async runTrial(t: TrialPlan, prune: BatchPrune | undefined): Promise<void> {
    const runDir = trialDir(this.sweep.dir, t.id);
    // A trial stopped part way continues from its own state (the trial task resumes it); any other
    // rerun starts clean, since a failed attempt's files would mix with the new ones.
    if (!canResume(runDir)) rmSync(runDir, { recursive: true, force: true });
    // A trial counts as running when its executor starts it (a queued trial waits for a worker).
    let t0: number | undefined;
    const started = () => {
      if (t0 !== undefined) return;
      t0 = performance.now();
      this.running++;
      this.emit({ type: 'trial-start', id: t.id, index: t.index, params: t.params, runDir });
      this.refresh();
    };
    const task = { id: t.id, experiment: t.experiment!, source: this.sweep.source, runDir, prune: prune && { ...prune, self: { id: t.id, index: t.index } } };
    // One path for progress, wherever the trial runs: the executor's reports become SweepEvents.
    const result = await this.executor!.run(task, { started, progress: (p) => this.emit({ type: 'trial-progress', id: t.id, ...p }) });
    if (t0 !== undefined) this.running--;
    try {
      this.record(this.outcomeOf(t, result, t0 === undefined ? 0 : (performance.now() - t0) / 1000));
      await this.executor!.recorded?.(t.id);
    } catch (e) {
      // A full disk must not stop the sweep; the trial has no outcome file, so --resume reruns it.
      this.notice(`could not record trial ${t.id}: ${(e as Error).message}`);
    }
  }

  private outcomeOf(t: TrialPlan, result: TrialTaskResult, seconds: number): TrialOutcome {
    const base = { id: t.id, index: t.index, params: t.params, seconds, runDir: trialDir(this.sweep.dir, t.id) };
    if (!result.ok && this.interrupt?.stopping) return { ...base, status: 'interrupted', error: 'ended by Ctrl-C before it finished' };
    if (!result.ok) return { ...base, status: 'failed', error: result.error };
    const s = result.summary;
    const status = outcomeStatusOf(s.status);
    const o: OutcomeWithOwnExpect = { ...base, status, runStatus: s.status, summary: s };
    const own = t.experiment?.expect ?? [];
    if (own.length > 0) {
      const checked = checkExpectations(compileExpectations(own, `trial ${t.id}`), s);
      o.ownExpect = { passed: checked.every((r) => r.passed), failed: checked.filter((r) => !r.passed).map((r) => r.expression) };
    }
    if (status === 'failed') o.error = `the run ${s.status}: ${s.reason}`;
    if (status === 'done') {
      try {
        o.metric = this.metric.evaluateNumber(expectationScope(s));
      } catch (e) {
        if (!(e instanceof UserError)) throw e;
        o.metricError = e.message;
      }
    }
    return o;
  }

  private recordInvalid(t: TrialPlan): void {
    this.record({ id: t.id, index: t.index, params: t.params, status: 'failed', error: t.invalid, seconds: 0, runDir: trialDir(this.sweep.dir, t.id) });
  }

  private record(o: TrialOutcome): void {
    this.outcomes.set(o.id, o);
    writeOutcome(this.sweep.dir, o);
    this.emit({ type: 'trial-end', outcome: o });
    this.refresh();
  }

  private refresh(): void {
    const best = bestOutcome(this.outcomes.values(), this.sweep.spec.goal);
    this.emit({ type: 'sweep-counts', counts: sweepCounts(this.total, this.outcomes.values(), this.running), ...(best ? { best } : {}) });
  }

  private notice(text: string): void {
    this.emit({ type: 'sweep-notice', text });
  }

  /** Everything the sweep reports goes out as SweepEvents: to the live view and to options.onEvent. */
  private emit(e: SweepEvent): void {
    this.view.next(e);
    this.options.onEvent?.(e);
  }
}
