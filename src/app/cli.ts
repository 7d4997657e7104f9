#!/usr/bin/env node
/**
 * The command line: the program, one `addXCommand` per command (each in cli/, beside the function
 * that runs it), and how a failure ends the process. Every command's work lives in the library
 * (config/, train/, app/sweep/, app/regress/ …), so the CLI, sweeps and tests run the same code.
 */
import { Command, CommanderError } from 'commander';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isFileFault, UserError } from '../core/errors.js';
import { EXIT } from '../core/exit-codes.js';
import { packageDir } from '../core/paths.js';
import { KERNEL_NAMES, machineKernels, nativeIsa } from '../tensor/backend.js';
import { addEvalCommand, addExpCommand, addRunsCommand, addValidateCommand } from './cli/run-commands.js';
import { addRegressCommand, addSweepCommand } from './cli/sweep-commands.js';
import { sinksPastCloseDeadline } from './execute.js';
import { addBoardCommand } from './cli/board-command.js';
import { addReportCommand } from './cli/report-command.js';
import { addPredictCommand } from './cli/predict-command.js';
import { addExportCommand } from './cli/export-command.js';
import { addServeCommand } from './cli/serve-command.js';
import { addWorkerCommand } from './cli/worker-command.js';
import { addQueueCommand } from './cli/queue-command.js';
import { addResumeCommand } from './cli/resume-command.js';

const version = (JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string }).version;

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

addExpCommand(program);
addValidateCommand(program);
addEvalCommand(program);
addRunsCommand(program);
addSweepCommand(program);
addRegressCommand(program);
addResumeCommand(program);
addBoardCommand(program);
addReportCommand(program);
addPredictCommand(program);
addExportCommand(program);
addServeCommand(program);
addWorkerCommand(program);
addQueueCommand(program);

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) {
    // --help and --version end here too, with exit code 0; commander has printed what it had to.
    process.exitCode = e.exitCode === 0 ? EXIT.delivered : EXIT.inputWrong;
  } else if (e instanceof UserError) {
    process.stderr.write(`rnnflow: ${e.message}\n`);
    process.exitCode = e.exitCode;
  } else if (isFileFault(e)) {
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
