/**
 * `npm run regress`: every experiment in experiments/regression/ (short, seeded variants of the
 * shipped experiments, each with an `expect` block), run in parallel on the worker pool sweeps use too (app/run-pool),
 * then one table of pass/fail. Exit code: 0 all passed, 1 a condition failed or a run broke,
 * 2 an experiment file is invalid (nothing is trained when one is).
 */
import { EXIT } from '../../core/exit-codes.js';
import { firstLine } from '../../core/format.js';
import { readdirSync, existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { loadExperimentFile } from '../experiment-file.js';
import { UserError } from '../../core/errors.js';
import type { Experiment, ExperimentSource } from '../../config/types.js';
import { checkExpectations, compileExpectations, formatExpectations, type CompiledExpectation } from '../expect/index.js';
import { createWorkerPool, resolveParallel, type TrialExecutor } from '../run-pool/pool.js';
import { listenForInterrupt, runQueue } from '../run-pool/queue.js';
import { displayPath } from '../../core/paths.js';
import { createStampedDir } from '../../core/run-folder.js';
import { runFiles } from '../../run-folder/index.js';
import { writeReport } from '../report/write-report.js';
import { formatRegressionTable, regressionExitCode, type RegressionRow } from './table.js';

export interface RegressionOptions {
  /** Runs at once (default: one per core). */
  parallel?: number;
  /** Run folders go under <runsRoot>/<start time>/<experiment>/ (default runs/regression). */
  runsRoot?: string;
  out?: NodeJS.WritableStream;
  /** Runs the experiments; default a worker-thread pool. */
  executor?: (parallel: number) => TrialExecutor;
  /** Aborting it is Ctrl-C; without it, SIGINT is listened to. */
  signal?: AbortSignal;
}

interface Loaded { file: string; experiment: Experiment; source: ExperimentSource; expectations: CompiledExpectation[] }

export async function runRegression(dir = 'experiments/regression', options: RegressionOptions = {}): Promise<number> {
  const out = options.out ?? process.stdout;
  const say = (text: string) => out.write(`${text}\n`);
  if (!existsSync(dir)) throw new UserError(`rnnflow regress: no folder ${dir}; give the folder of regression experiments, e.g. experiments/regression.`);
  const files = readdirSync(dir).filter((f) => f.endsWith('.json5')).sort().map((f) => join(dir, f));
  if (files.length === 0) throw new UserError(`rnnflow regress: ${dir} holds no .json5 experiment files.`);

  // Load and compile everything first: an invalid file is reported before anything trains.
  const rows = new Map<string, RegressionRow>();
  const runnable: Loaded[] = [];
  for (const file of files) {
    try {
      const { experiment, source } = loadExperimentFile(file);
      if (experiment.expect.length === 0) {
        throw new UserError(`${file}: a regression experiment needs an \`expect\` block, e.g. expect: ["test.accuracy >= 0.9"]; without one it checks nothing.`);
      }
      runnable.push({ file, experiment, source, expectations: compileExpectations(experiment.expect, file) });
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      rows.set(file, { file, status: 'invalid', seconds: 0, results: [], error: e.message });
    }
  }
  const invalid = [...rows.values()];
  if (invalid.length) {
    for (const r of invalid) say(r.error!);
    say('');
    say(formatRegressionTable([...rows.values()]));
    return regressionExitCode([...rows.values()]);
  }

  const parallel = Math.min(resolveParallel(options.parallel), runnable.length);
  const root = createStampedDir(options.runsRoot ?? 'runs/regression');
  say(`regress: ${runnable.length} experiments from ${dir}, ${parallel} at a time → ${displayPath(root)}`);
  const executor = (options.executor ?? createWorkerPool)(parallel);
  const interrupt = listenForInterrupt(options.signal);
  interrupt.onStop = () => {
    say('stopping: running experiments finish their current batch (Ctrl-C again ends them at once).');
    executor.stop();
  };
  interrupt.onKill = () => void executor.terminate();
  try {
    await runQueue(runnable, parallel, interrupt, async (l) => {
      const t0 = performance.now();
      // Folders by file name: two files may share an experiment name, never a file name.
      const result = await executor.run({ id: l.experiment.name, experiment: l.experiment, source: l.source, runDir: join(root, basename(l.file, '.json5')) });
      const seconds = (performance.now() - t0) / 1000;
      let row: RegressionRow;
      if (!result.ok) {
        row = { file: l.file, status: interrupt.stopping ? 'interrupted' : 'error', seconds, results: [], error: result.error };
      } else if (result.summary.status === 'interrupted') {
        row = { file: l.file, status: 'interrupted', seconds, results: [] };
      } else {
        const results = checkExpectations(l.expectations, result.summary);
        row = { file: l.file, status: results.every((r) => r.passed) ? 'pass' : 'fail', seconds, results, runStatus: result.summary.status };
      }
      rows.set(l.file, row);
      say(`${row.status.toUpperCase().padEnd(11)} ${l.file} (${seconds.toFixed(1)}s)`);
      if (row.status === 'fail') say(formatExpectations(row.results.filter((r) => !r.passed)));
      if (row.status === 'error') say(`  ${firstLine(row.error ?? '')}`);
    });
  } finally {
    interrupt.dispose();
    await executor.close();
  }
  const all = files.map((f) => rows.get(f) ?? { file: f, status: 'interrupted' as const, seconds: 0, results: [] });
  say('');
  say(formatRegressionTable(all));
  const report = await writeRegressionReport(root, files);
  if (report) say(`report: ${displayPath(report)}`);
  return interrupt.stopping ? EXIT.interrupted : regressionExitCode(all);
}

/** One HTML report of every run folder the regression wrote (for a CI artifact). */
async function writeRegressionReport(root: string, files: string[]): Promise<string | undefined> {
  const runDirs = files.map((f) => join(root, basename(f, '.json5'))).filter((d) => existsSync(runFiles(d).events));
  return runDirs.length ? await writeReport(runDirs, join(root, 'report.html')) : undefined;
}
