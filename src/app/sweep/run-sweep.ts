/**
 * `rnnflow sweep`: prepare (or resume) the trial list, run it batch by batch (sweep-run.ts), then
 * rank, write results and check the best trial's `expect`. Ctrl-C asks running trials to stop after
 * their current batch (twice: at once); no finished trial is lost, because each outcome is on disk
 * before the next trial starts.
 */
import { writeFileAtomic } from '../../core/atomic-write.js';
import { join } from 'node:path';
import { compileExpression } from '../../core/expressions/safe-math.js';
import { checkExpectations, compileExpectations, EXPECT_ROOTS, formatExpectations, type CompiledExpectation } from '../expect/index.js';
import { UserError } from '../../core/errors.js';
import { createWorkerPool, type ExecutorFactory } from '../run-pool/pool.js';
import { resumeSweep, startSweep, type PreparedSweep } from './prepare.js';
import { lockRunFolder } from '../../core/run-lock.js';
import { bestOutcome, sweepCounts, sweepExitCode } from './schedule.js';
import { displayPath } from '../../core/paths.js';
import { trialDir, type TrialOutcome } from './state.js';
import { formatResultsTable, resultsCsv, resultsJson } from './results.js';
import type { SweepEvent } from '../../events/sweep-event.js';
import { SweepRun } from './sweep-run.js';
import { bestTrialCommands } from '../sweep-best-trial.js';

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
  const { spec } = sweep;
  const out = options.out ?? process.stdout;
  const metric = compileExpression(spec.metric, { variables: EXPECT_ROOTS, context: 'sweep metric', where: `${spec.file}, metric` });
  const expectations = compileExpectations(spec.expect, spec.file);
  const run = new SweepRun(sweep, metric, { out, plain: options.plain ?? (!out.isTTY || Boolean(process.env.CI)), onEvent: options.onEvent });
  const { outcomes, interrupted } = await run.run(options.executor ?? createWorkerPool, options.parallel ?? spec.parallel, options.signal);
  return report(sweep, outcomes, run.total, expectations, interrupted, (text) => out.write(`${text}\n`));
}

/** results.json, results.csv and the table; the best trial's `expect`; the exit code. */
function report(sweep: PreparedSweep, all: TrialOutcome[], total: number, expectations: CompiledExpectation[], interrupted: boolean, say: (text: string) => void): number {
  const { spec, dir, trials } = sweep;
  const shown = displayPath(dir);
  const results = resultsJson(spec, dir, all, trials.length);
  writeFileAtomic(join(dir, 'results.json'), JSON.stringify(results, null, 2) + '\n');
  writeFileAtomic(join(dir, 'results.csv'), resultsCsv(spec, all));
  say('');
  say(formatResultsTable(spec, all));
  say('');
  const counts = sweepCounts(trials.length, all, 0);
  say(`${counts.done} done, ${counts.failed} failed, ${total - counts.done - counts.failed} not finished; ${results.compute.trialEpochs} trial-epochs; results: ${join(shown, 'results.csv')}`);
  if (results.best !== undefined) {
    // The winner and the commands that take it onward (the sweep folder itself also means its best trial).
    const best = displayPath(trialDir(dir, results.best));
    const data = trials.find((t) => t.id === results.best)?.experiment?.data.name;
    say(`best trial: ${best}   (${shown} also means it: eval, predict, export, report, loadRun)`);
    for (const command of bestTrialCommands(best, data)) say(`  ${command}`);
  }

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
  return sweepExitCode(counts, interrupted, expectPassed);
}
