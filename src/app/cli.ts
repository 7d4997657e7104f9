#!/usr/bin/env node
/**
 * The command line: argument parsing and wiring only. Every command's work lives in the library
 * (config/, pipeline/, sweep/, regress/), so the CLI, sweeps and tests run the same code.
 * Sweep and regress load on demand: a single run need not carry the worker pool in memory.
 */
import { Command, CommanderError, Option } from 'commander';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../core/errors.js';
import { EXIT } from '../core/exit-codes.js';
import { packageDir } from '../core/paths.js';
import { KERNEL_NAMES, machineKernels, nativeIsa } from '../tensor/backend.js';
import { expCommand, evalCommand, runsCommand, validateCommand } from './cli/run-commands.js';
import { sinksPastCloseDeadline } from './execute.js';
import { addBoardCommand } from './cli/board-command.js';
import { addReportCommand } from './cli/report-command.js';
import { addPredictCommand } from './cli/predict-command.js';
import { addExportCommand } from './cli/export-command.js';
import { addWorkerCommand } from './cli/worker-command.js';
import { addQueueCommand } from './cli/queue-command.js';
import { addResumeCommand } from './cli/resume-command.js';

const version = (JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string }).version;
const collect = (v: string, all: string[]) => [...all, v];

const program = new Command('rnnflow')
  .description('Train and compare the textbook\'s generic RNN from declarative JSON5 experiment files.')
  .version(version)
  .showHelpAfterError('(run with --help for usage)')
  .option('--kernels <backend>', 'the kernels every thread runs: native, wasm or js (the same results; default: RNNFLOW_KERNELS, else native where built, else wasm)')
  // Usage errors (unknown command or option, missing argument) are wrong input: exit 2, not commander's 1.
  .exitOverride()
  // --kernels is RNNFLOW_KERNELS for this process, its worker threads and the trials it starts; checked before any work.
  .hook('preAction', () => {
    const { kernels } = program.opts<{ kernels?: string }>();
    if (kernels !== undefined && !(KERNEL_NAMES as readonly string[]).includes(kernels)) throw new UserError(`--kernels ${kernels}: use one of ${KERNEL_NAMES.join(', ')}`);
    if (kernels !== undefined) process.env.RNNFLOW_KERNELS = kernels;
    const name = machineKernels();
    if (name === 'native') nativeIsa();
  });

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
  .action(async (file: string, opts) => { process.exitCode = await expCommand(file, opts); });

program.command('validate')
  .description('check an experiment file (and its data) without training')
  .argument('<file>', 'experiment file (JSON5)')
  .option('--set <path=value>', 'override a field (repeatable)', collect, [])
  .option('--seed <n>', 'override the experiment\'s seed')
  .option('--threads <n>', 'worker threads per batch')
  .addHelpText('after', '\nExample:\n  npx rnnflow validate experiments/pm25.json5')
  .action(async (file: string, opts) => { process.exitCode = await validateCommand(file, opts); });

program.command('eval')
  .description('recompute metrics of a finished run from its saved parameters')
  .argument('<run>', 'a run folder (runs/<name>/<run id>), or its parent (runs/<name>: the latest run)')
  .addOption(new Option('--params <which>', 'which parameter set').choices(['best', 'final', 'init', 'interrupted']).default('best'))
  .addOption(new Option('--split <split>', 'which split').choices(['test', 'validation', 'train']).default('test'))
  .option('--allow-changed-data', 'evaluate although the data file changed since the run (run.json records its sha256)')
  .addHelpText('after', '\nExample:\n  npx rnnflow eval runs/pm25/2026-11-26T14-00-00-seed1 --params final --split validation')
  .action(async (runDir: string, opts) => { process.exitCode = await evalCommand(runDir, opts); });

program.command('runs')
  .description('list runs (a run folder, runs/<name>, or a whole tree) with status and test metrics')
  .argument('[dir]', 'where to look', 'runs')
  .addHelpText('after', '\nExamples:\n  npx rnnflow runs\n  npx rnnflow runs runs/pm25')
  .action(async (dir: string) => { process.exitCode = await runsCommand(dir); });

program.command('sweep')
  .description('run a hyperparameter sweep file; trials in parallel on worker threads')
  .argument('[file]', 'sweep file (JSON5), e.g. experiments/sweeps/pm25-hidden.json5')
  .option('--resume <sweepDir>', 'continue a sweep: skip finished trials, rerun failed or interrupted ones')
  .option('--parallel <n>', 'trials at once (default: the sweep file, else the number of cores)')
  .option('--out <dir>', 'write the sweep directory exactly here')
  .option('--plain', 'one line per trial, no live view (default when not a TTY or CI is set)')
  .option('--queue <url>', 'run the trials on `rnnflow worker`s over Redis (redis://host:port[/db]) instead of local threads')
  .option('--no-queue', 'with --resume: run here even if the sweep ran on a queue')
  .addHelpText('after', '\nExamples:\n  npm run sweep experiments/sweeps/pm25-hidden.json5\n  npx rnnflow sweep --resume runs/sweeps/pm25-hidden/2026-11-26T14-00-00\n  npx rnnflow sweep experiments/sweeps/pm25-hidden.json5 --queue redis://127.0.0.1:6379')
  .action(async (file: string | undefined, opts) => { process.exitCode = await (await import('./cli/sweep-commands.js')).sweepCommand(file, opts); });

program.command('regress')
  .description('run every experiment in a folder (default experiments/regression) and check its expect conditions')
  .argument('[dir]', 'folder of experiment files', 'experiments/regression')
  .option('--parallel <n>', 'experiments at once (default: one per core)')
  .option('--runs <dir>', 'root of the run folders (default runs/regression)')
  .addHelpText('after', '\nExample:\n  npm run regress')
  .action(async (dir: string, opts) => { process.exitCode = await (await import('./cli/sweep-commands.js')).regressCommand(dir, opts); });

addResumeCommand(program);
addBoardCommand(program);
addReportCommand(program);
addPredictCommand(program);
addExportCommand(program);
addWorkerCommand(program);
addQueueCommand(program);

/** Filesystem errors that are the machine's state, not a bug: reported in one line. */
const FILE_FAULTS = new Set(['ENOSPC', 'EDQUOT', 'EACCES', 'EPERM', 'EROFS', 'EIO', 'ENOTDIR', 'EISDIR', 'EEXIST', 'EMFILE']);

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) {
    // --help and --version end here too, with exit code 0; commander has printed what it had to.
    process.exitCode = e.exitCode === 0 ? EXIT.delivered : EXIT.inputWrong;
  } else if (e instanceof UserError) {
    process.stderr.write(`rnnflow: ${e.message}\n`);
    process.exitCode = e.exitCode;
  } else if (FILE_FAULTS.has((e as NodeJS.ErrnoException)?.code ?? '')) {
    // A file that could not be written or read after the input was checked (a sweep's results on a
    // full disk or read-only folder …): the path and the cause, no stack trace; the work did not deliver.
    const { code, path, message } = e as NodeJS.ErrnoException;
    process.stderr.write(`rnnflow: ${path && !message.includes(path) ? `${path}: ` : ''}${message} (${code}: free space, or make the folder writable, then run again${
      process.argv.includes('sweep') ? ' with --resume' : ''})\n`);
    process.exitCode = EXIT.notDelivered;
  } else {
    throw e;
  }
}
// A user's sink that missed its close deadline may keep the process alive (a timer, a socket): the
// run is over and reported, so leave without it.
if (sinksPastCloseDeadline().length > 0) process.exit(process.exitCode ?? EXIT.notDelivered);
