/** The exp, validate, eval and runs commands: parse options, call the library, print, return an exit code. */
import { Option, type Command } from 'commander';
import { EXIT, exitCodeOfStatus, worstExitCode } from '../../core/exit-codes.js';
import { existsSync, writeSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { loadExperimentFile } from '../experiment-file.js';
import { parseOverride, type Override } from '../../config/overrides.js';
import { UserError } from '../../core/errors.js';
import { onInterrupt } from '../../core/interrupt.js';
import { checkExpectations, compileExpectations, expectationsExitCode, formatExpectations } from '../expect/index.js';
import { evaluate } from '../../train/evaluate.js';
import { describeNet } from '../../model/spec.js';
import { dataSha256, executeRun } from '../execute.js';
import { warnIfFinalBeatsBest } from '../final-beats-best.js';
import { claimOutDir, readRunExperiment } from '../run-files.js';
import { readRunParams } from '../../run-folder/index.js';
import { describeRun, findRuns, formatRunList, isRunDir, resolveRun } from '../runs.js';
import { isSweepDir, readSweepRanking } from '../sweep-best-trial.js';
import { prepareRun } from '../../train/run.js';
import { formatMetrics } from '../../sinks/format.js';

interface ExpOptions { set: string[]; seed?: string; out?: string; runs: string; threads?: string; plain?: boolean; overwrite?: boolean; expect?: boolean }

function overridesFrom(opts: { set: string[]; seed?: string; threads?: string }): Override[] {
  const overrides = opts.set.map(parseOverride);
  if (opts.seed !== undefined) overrides.push({ ...parseOverride(`seed=${opts.seed}`), text: `--seed ${opts.seed}` });
  if (opts.threads !== undefined) overrides.push({ ...parseOverride(`train.threads=${opts.threads}`), text: `--threads ${opts.threads}` });
  return overrides;
}

/**
 * Ctrl-C / SIGTERM: the first asks the run to stop cleanly (interrupted checkpoint, sinks flushed); a
 * second quits at once, at the next turn of the event loop. Every write is synchronous (and the state
 * and parameter files are renamed into place), so a save under way finishes first and what is left is
 * whole: at worst a killed run, which rnnflow resume continues from state/last.json.
 */
export function abortOnSignals(): { signal: AbortSignal; release: () => void } {
  const controller = new AbortController();
  const release = onInterrupt({
    stop(sig) {
      process.stderr.write(`\n${sig}: stopping after this batch and saving the parameters (press Ctrl-C again to quit at once)\n`);
      controller.abort();
    },
    quit(sig) {
      writeSync(2, `\n${sig} again: quitting at once. The last saved state stays in state/last.json; rnnflow resume continues from it.\n`);
      process.exit(EXIT.interrupted);
    },
  });
  return { signal: controller.signal, release };
}

/** The last line of an interrupted exp or resume: the command that continues the run (a path relative to here when inside it). */
export function resumeHint(runDir: string): string {
  const shown = relative(process.cwd(), runDir);
  const path = shown === '' || shown.startsWith('..') || isAbsolute(shown) ? runDir : shown;
  return `to continue: npx rnnflow resume ${/^[\w./@%+=:,-]+$/.test(path) ? path : `'${path.replace(/'/g, "'\\''")}'`}\n`;
}

export async function expCommand(file: string, opts: ExpOptions): Promise<number> {
  const { experiment, source } = loadExperimentFile(file, overridesFrom(opts));
  // --no-expect (commander: expect false): the conditions are still compiled, so an unsafe one is refused.
  const compiled = compileExpectations(experiment.expect, file);
  const expectations = opts.expect === false ? [] : compiled;
  if (opts.out !== undefined) claimOutDir(resolve(opts.out), Boolean(opts.overwrite));
  const { signal, release } = abortOnSignals();
  try {
    const { summary } = await executeRun(experiment, source, { outDir: opts.out, runsRoot: opts.runs, signal, plain: opts.plain });
    const code = exitCodeOfStatus(summary.status);
    if (code === EXIT.interrupted) process.stderr.write(resumeHint(summary.runDir));
    if (code === EXIT.interrupted || !expectations.length) return code;
    const results = checkExpectations(expectations, summary);
    process.stdout.write(`expect (${file}):\n${formatExpectations(results)}\n`);
    return worstExitCode(code, expectationsExitCode(results));
  } finally {
    release();
  }
}

export async function validateCommand(file: string, opts: { set: string[]; seed?: string; threads?: string }): Promise<number> {
  const { experiment, source } = loadExperimentFile(file, overridesFrom(opts));
  const setup = prepareRun(experiment, source);
  const { spec } = setup.net;
  process.stdout.write(`${file}: valid. ${experiment.data.name} data: ${setup.data.train.size} train / ${setup.data.validation.size} validation / ${setup.data.test.size} test sequences; ` +
    `net ${spec.netType} ${describeNet(spec)}, T=${spec.timesteps}, ${spec.outputMode}-step output, bias ${spec.bias}.\n`);
  return EXIT.delivered;
}

interface EvalOptions { params: string; split: 'test' | 'validation' | 'train'; allowChangedData?: boolean }

export async function evalCommand(path: string, opts: EvalOptions): Promise<number> {
  const runDir = resolveRun(path, { command: 'eval' });
  const { experiment, source, runInfo } = readRunExperiment(runDir);
  // The data is read again from its path: metrics of other data must not be reported as this run's.
  const now = runInfo.dataSha256 === undefined ? undefined : dataSha256(experiment, source);
  const changed = now !== runInfo.dataSha256 && 'file' in experiment.data
    ? `the data file ${experiment.data.file} has changed since this run trained on it (sha256 then ${runInfo.dataSha256!.slice(0, 16)}…, now ${now?.slice(0, 16)}…; run.json records the first)`
    : undefined;
  if (changed && !opts.allowChangedData) {
    throw new UserError(`${runDir}: ${changed}, so its metrics would not be this run's. Restore the file, or add --allow-changed-data to evaluate on the file as it is now.`);
  }
  if (changed) process.stderr.write(`eval: note: ${changed}; evaluating on the file as it is now (--allow-changed-data)\n`);
  const setup = prepareRun(experiment, source);
  setup.net.params.copyFrom(readRunParams(runDir, opts.params, setup.net.spec));
  const metrics = evaluate(setup.net, setup.data[opts.split], experiment.train.evalBatchSize, setup.data.labelMeaning);
  process.stdout.write(`${experiment.name}, ${opts.params} parameters, ${opts.split} split (${metrics.samples} sequences): ${formatMetrics(metrics)}\n`);
  warnIfFinalBeatsBest(runDir, opts.params, 'eval');
  const baseline = setup.data.baseline;
  if (baseline && opts.split !== 'train') process.stdout.write(`${baseline.name} baseline on the same split: ${formatMetrics(baseline[opts.split])}\n`);
  return EXIT.delivered;
}

export async function runsCommand(dir: string): Promise<number> {
  if (!existsSync(dir)) throw new UserError(`rnnflow runs: ${dir} does not exist (runs are written under runs/<name>/ by default, or where --runs / --out said).`);
  if (isSweepDir(dir)) {
    // A sweep folder: its trials best first, by the sweep's own metric (results.json's ranking).
    const ranking = readSweepRanking(dir);
    process.stdout.write(`${ranking.metric} (${ranking.goal}), best first:\n${formatRunList(ranking.trials.filter((t) => isRunDir(t.dir)).map((t) => describeRun(t.dir)))}\n`);
    return EXIT.delivered;
  }
  process.stdout.write(`${formatRunList(findRuns(dir).map(describeRun))}\n`);
  return EXIT.delivered;
}

const collect = (v: string, all: string[]) => [...all, v];

export function addExpCommand(program: Command): void {
  program.command('exp')
    .description('train one experiment file; writes runs/<name>/<run id>/')
    .argument('<file>', 'experiment file (JSON5), e.g. experiments/pm25.json5')
    .option('--set <path=value>', 'override a field, type-checked like the file (repeatable)', collect, [])
    .option('--seed <n>', 'override the experiment\'s seed')
    .option('--out <dir>', 'write the run directory exactly here')
    .option('--overwrite', 'with --out: replace the run that folder holds (otherwise refused)')
    .option('--runs <dir>', 'root folder for run directories', 'runs')
    .option('--threads <n>', 'worker threads per batch (same as --set train.threads=n)')
    .addOption(new Option('--plain', 'one line per check, no progress bar (default when not a TTY or CI is set)'))
    .option('--no-expect', 'do not check the file\'s `expect` conditions (they are written for its own settings; use with --set / --seed)')
    .addHelpText('after', `
The file's \`expect\` conditions are checked after the run (exit 1 if one fails) unless --no-expect is given.
Exit codes: 0 delivered, 1 not (an expect failed, diverged, failed), 2 wrong input (usage, file, data), 130 interrupted.

Examples:
  npm run exp experiments/pm25.json5
  npx rnnflow exp experiments/minus.json5 --set train.eta=0.2 --seed 7 --no-expect
  npx rnnflow exp experiments/echo.json5 --out /tmp/echo-run`)
    .action(async (file: string, opts: ExpOptions) => { process.exitCode = await expCommand(file, opts); });
}

export function addValidateCommand(program: Command): void {
  program.command('validate')
    .description('check an experiment file (and its data) without training')
    .argument('<file>', 'experiment file (JSON5)')
    .option('--set <path=value>', 'override a field (repeatable)', collect, [])
    .option('--seed <n>', 'override the experiment\'s seed')
    .option('--threads <n>', 'worker threads per batch')
    .addHelpText('after', '\nExample:\n  npx rnnflow validate experiments/pm25.json5')
    .action(async (file: string, opts: { set: string[]; seed?: string; threads?: string }) => { process.exitCode = await validateCommand(file, opts); });
}

export function addEvalCommand(program: Command): void {
  program.command('eval')
    .description('recompute metrics of a finished run from its saved parameters')
    .argument('<run>', 'a run folder (runs/<name>/<run id>), or its parent (runs/<name>: the latest run), or a sweep folder (its best trial)')
    .addOption(new Option('--params <which>', 'which parameter set').choices(['best', 'final', 'init', 'interrupted']).default('best'))
    .addOption(new Option('--split <split>', 'which split').choices(['test', 'validation', 'train']).default('test'))
    .option('--allow-changed-data', 'evaluate although the data file changed since the run (run.json records its sha256)')
    .addHelpText('after', '\nExample:\n  npx rnnflow eval runs/pm25/2026-11-26T14-00-00-seed1 --params final --split validation')
    .action(async (runDir: string, opts: EvalOptions) => { process.exitCode = await evalCommand(runDir, opts); });
}

export function addRunsCommand(program: Command): void {
  program.command('runs')
    .description('list runs (a run folder, runs/<name>, or a whole tree) with status and test metrics; a sweep folder: its trials, best first')
    .argument('[dir]', 'where to look', 'runs')
    .addHelpText('after', '\nExamples:\n  npx rnnflow runs\n  npx rnnflow runs runs/pm25')
    .action(async (dir: string) => { process.exitCode = await runsCommand(dir); });
}
