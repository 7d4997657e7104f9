/**
 * `rnnflow sweep`: prepare (or resume) the trial list, run the trials on the executor as capacity
 * frees up, record each outcome the moment it ends, then rank, write results and check the best
 * trial's `expect`. Ctrl-C asks running trials to stop after their current batch (twice: at once);
 * no finished trial is lost, because each outcome is on disk before the next trial starts.
 */
import { writeFileAtomic } from '../../core/atomic-write.js';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { compileExpression } from '../../core/expressions/safe-math.js';
import { checkExpectations, compileExpectations, EXPECT_ROOTS, expectationScope, formatExpectations } from '../expect/index.js';
import { UserError } from '../../core/errors.js';
import { createWorkerPool, resolveParallel, type ExecutorFactory, type TrialExecutor } from '../run-pool/pool.js';
import { canResume, type TrialTaskResult } from '../run-pool/trial-task.js';
import { resumeSweep, startSweep, type PreparedSweep } from './prepare.js';
import { lockRunFolder } from '../../core/run-lock.js';
import { bestOutcome, outcomeStatusOf, sweepCounts, sweepExitCode, trialsToRun } from './schedule.js';
import { displayPath } from '../../core/paths.js';
import { readOutcomes, trialDir, writeOutcome, type TrialOutcome } from './state.js';
import { formatResultsTable, resultsCsv, resultsJson, type OutcomeWithOwnExpect } from './results.js';
import { createSweepView } from './live-view.js';
import type { SweepEvent } from '../../events/sweep-event.js';
import type { TrialPlan } from './trials.js';
import { listenForInterrupt, runQueue } from '../run-pool/queue.js';
import { decidesInBatches, plannedTotal, runInBatches } from './batches.js';
import type { PruneInstruction } from './prune.js';
import { planTrials } from './trials.js';
import { saveTrials } from './state.js';

export interface SweepOptions {
  /** A sweep folder to continue: done trials are kept; failed, interrupted and unstarted ones run again. */
  resume?: string;
  /** Trials at once; overrides the file's `parallel` (0 = one per core). */
  parallel?: number;
  /** Overrides the file's outDir: the sweep folder is <outDir>/<name>/<start time>/. */
  outDir?: string;
  /** Put the sweep folder exactly here (the CLI's --out); it must be new or empty. */
  dir?: string;
  out?: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  /** Lines only, no live block (default when `out` is not a TTY or CI is set). */
  plain?: boolean;
  /** Runs the trials; default a worker-thread pool. A queue (--queue) or tests pass their own. */
  executor?: ExecutorFactory;
  /** Aborting it is Ctrl-C. Without it, the sweep listens to SIGINT itself. */
  signal?: AbortSignal;
  /** Sees every SweepEvent, in order (the live view sees the same). */
  onEvent?: (event: SweepEvent) => void;
}

/**
 * Runs a sweep file (or resumes a sweep folder) and returns the exit code: 0 every trial done and the
 * best trial's `expect` passed; 1 a trial failed or `expect` failed; 130 interrupted. An invalid
 * sweep file throws a UserError (exit code 2) before anything runs.
 */
export async function runSweep(file: string | undefined, options: SweepOptions = {}): Promise<number> {
  if (!options.resume && !file) throw new UserError('rnnflow sweep: give a sweep file (e.g. experiments/sweeps/pm25-hidden.json5) or --resume <sweep folder>.');
  const sweep = options.resume ? resumeSweep(options.resume) : startSweep(file!, { outDir: options.outDir, dir: options.dir });
  const unlock = lockRunFolder(sweep.dir, 'sweep folder');
  try {
    return await runPrepared(sweep, options);
  } finally {
    unlock();
  }
}

async function runPrepared(sweep: PreparedSweep, options: SweepOptions): Promise<number> {
  const { spec, dir, trials } = sweep;
  const out = options.out ?? process.stdout;
  const say = (text: string) => out.write(`${text}\n`);
  const metric = compileExpression(spec.metric, { variables: EXPECT_ROOTS, context: 'sweep metric', where: `${spec.file}, metric` });
  const expectations = compileExpectations(spec.expect, spec.file);

  const previous = sweep.resumed ? readOutcomes(dir, trials) : new Map<string, TrialOutcome>();
  const queue = trialsToRun(trials, previous);
  const outcomes = new Map([...previous].filter(([id]) => !queue.some((t) => t.id === id)));
  const batched = decidesInBatches(spec);
  const total = plannedTotal(spec, trials.length);
  const parallel = Math.min(resolveParallel(options.parallel ?? spec.parallel), Math.max(1, batched ? spec.batch : queue.length));
  const shown = displayPath(dir);
  const view = createSweepView({ out, plain: options.plain ?? (!out.isTTY || Boolean(process.env.CI)), metric: spec.metric, total });
  // Everything the sweep reports goes out as SweepEvents: to the live view and to options.onEvent.
  const emit = (e: SweepEvent) => {
    view.next(e);
    options.onEvent?.(e);
  };
  const notice = (text: string) => emit({ type: 'sweep-notice', text });
  let executor: TrialExecutor | undefined;
  try {
    if (queue.some((t) => t.experiment) || trials.length < total) executor = await (options.executor ?? createWorkerPool)(parallel, { dir, name: spec.name, message: notice });
  } catch (e) {
    view.close();
    throw e;
  }
  const where = executor?.where ?? `${parallel} at a time`;
  say(sweep.resumed
    ? `sweep ${spec.name}: resuming ${shown}: ${outcomes.size} of ${total} trials done, ${queue.length} to run, ${where}`
    : `sweep ${spec.name}: ${total} trials (${spec.method}${batched ? `, in batches of ${spec.batch}` : ''}${spec.prune ? `, pruning: ${spec.prune.method}` : ''}), ${where} → ${shown}`);
  for (const note of sweep.notes) say(`note: ${note}`);

  const interrupt = listenForInterrupt(options.signal);
  let running = 0;
  const refresh = () => {
    const best = bestOutcome(outcomes.values(), spec.goal);
    emit({ type: 'sweep-counts', counts: sweepCounts(total, outcomes.values(), running), ...(best ? { best } : {}) });
  };
  const record = (o: TrialOutcome) => {
    outcomes.set(o.id, o);
    writeOutcome(dir, o);
    emit({ type: 'trial-end', outcome: o });
    refresh();
  };
  // A queue runs as many trials at once as it has workers: no fixed number.
  const atOnce = executor && Number.isFinite(executor.capacity) && executor.capacity < Number.MAX_SAFE_INTEGER ? executor.capacity : undefined;
  emit({ type: 'sweep-start', name: spec.name, dir, total, toRun: queue.length, ...(atOnce ? { parallel: atOnce } : {}), where, metric: spec.metric, goal: spec.goal, resumed: sweep.resumed });
  refresh();

  const outcomeOf = (t: TrialPlan, result: TrialTaskResult, seconds: number): TrialOutcome => {
    const base = { id: t.id, index: t.index, params: t.params, seconds, runDir: trialDir(dir, t.id) };
    if (!result.ok && interrupt.stopping) return { ...base, status: 'interrupted', error: 'ended by Ctrl-C before it finished' };
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
        o.metric = metric.evaluateNumber(expectationScope(s));
      } catch (e) {
        if (!(e instanceof UserError)) throw e;
        o.metricError = e.message;
      }
    }
    return o;
  };

  try {
    // Values that make an invalid experiment fail at once, before anything runs.
    for (const t of queue.filter((q) => !q.experiment)) record({ id: t.id, index: t.index, params: t.params, status: 'failed', error: t.invalid, seconds: 0, runDir: trialDir(dir, t.id) });
    interrupt.onStop = () => {
      notice(`stopping: ${running} running trial(s) finish their current batch; press Ctrl-C again to end them at once. --resume ${shown} runs what is left.`);
      executor?.stop();
    };
    interrupt.onKill = () => void executor?.terminate();
    const runTrial = async (t: TrialPlan, prune?: Omit<PruneInstruction, 'self'>) => {
      const runDir = trialDir(dir, t.id);
      // A trial stopped part way continues from its own state (the trial task resumes it); any other
      // rerun starts clean, since a failed attempt's files would mix with the new ones.
      if (!canResume(runDir)) rmSync(runDir, { recursive: true, force: true });
      let t0: number | undefined;
      const started = () => {
        if (t0 !== undefined) return;
        t0 = performance.now();
        running++;
        emit({ type: 'trial-start', id: t.id, index: t.index, params: t.params, runDir });
        refresh();
      };
      const task = { id: t.id, experiment: t.experiment!, source: sweep.source, runDir, prune: prune && { ...prune, self: { id: t.id, index: t.index } } };
      // One path for progress, wherever the trial runs: the executor's reports become SweepEvents.
      const result = await executor!.run(task, { started, progress: (p) => emit({ type: 'trial-progress', id: t.id, ...p }) });
      if (t0 !== undefined) running--;
      try {
        record(outcomeOf(t, result, t0 === undefined ? 0 : (performance.now() - t0) / 1000));
        await executor!.recorded?.(t.id);
      } catch (e) {
        // A full disk must not stop the sweep; the trial has no outcome file, so --resume reruns it.
        notice(`could not record trial ${t.id}: ${(e as Error).message}`);
      }
    };
    // A trial counts as running when its executor starts it (a queued trial waits for a worker).
    const onStarted = () => {};
    const capacity = executor?.capacity ?? 1;
    if (!batched) {
      await runQueue(queue.filter((q) => q.experiment), capacity, interrupt, (t) => runTrial(t), onStarted);
    } else {
      const extend = (points: Record<string, unknown>[]) => {
        const planned = planTrials(points, sweep.baseDoc, sweep.source, trials);
        trials.push(...planned.trials);
        saveTrials(sweep);
        for (const note of planned.dropped) notice(`note: ${note}`);
        for (const t of planned.trials.filter((p) => !p.experiment)) record({ id: t.id, index: t.index, params: t.params, status: 'failed', error: t.invalid, seconds: 0, runDir: trialDir(dir, t.id) });
        return planned.trials.length;
      };
      await runInBatches({ spec, dir, trials, outcomes, capacity, interrupt, extend, run: runTrial, onStarted });
    }
  } finally {
    interrupt.dispose();
    const best = bestOutcome(outcomes.values(), spec.goal);
    emit({ type: 'sweep-end', counts: sweepCounts(total, outcomes.values(), 0), ...(best ? { best } : {}), interrupted: interrupt.stopping });
    view.close();
    await executor?.close();
  }

  const all = [...outcomes.values()];
  const results = resultsJson(spec, dir, all, trials.length);
  writeFileAtomic(join(dir, 'results.json'), JSON.stringify(results, null, 2) + '\n');
  writeFileAtomic(join(dir, 'results.csv'), resultsCsv(spec, all));
  say('');
  say(formatResultsTable(spec, all));
  say('');
  const counts = sweepCounts(trials.length, all, 0);
  say(`${counts.done} done, ${counts.failed} failed, ${total - counts.done - counts.failed} not finished; ${results.compute.trialEpochs} trial-epochs; results: ${join(shown, 'results.csv')}`);

  let expectPassed = true;
  if (expectations.length) {
    const best = bestOutcome(all, spec.goal);
    if (!best?.summary) {
      expectPassed = false;
      say(`expect (${spec.file}): no trial finished with a ${spec.metric}, so there is no best trial to check.`);
    } else {
      const checked = checkExpectations(expectations, best.summary);
      expectPassed = checked.every((r) => r.passed);
      say(`expect on the best trial ${best.id} (${spec.file}):\n${formatExpectations(checked)}`);
    }
  }
  return sweepExitCode(counts, interrupt.stopping, expectPassed);
}
