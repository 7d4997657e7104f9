/** The resume command: continue an interrupted or killed run in its folder (app/resume.ts), exit codes as exp. */
import { Option, type Command } from 'commander';
import { EXIT, exitCodeOfStatus, worstExitCode, type ExitCode } from '../../core/exit-codes.js';
import { checkExpectations, compileExpectations, expectationsExitCode, formatExpectations } from '../expect/index.js';
import { resumeRun } from '../resume.js';
import { runFiles } from '../../run-folder/index.js';
import { resolveRun } from '../runs.js';
import { abortOnSignals, resumeHint } from './run-commands.js';

interface ResumeCliOptions { threads?: string; force?: boolean; plain?: boolean }

export async function resumeCommand(path: string, opts: ResumeCliOptions): Promise<number> {
  const runDir = resolveRun(path, { command: 'resume', unfinished: true }); // a run's parent folder: its latest unfinished run
  const threads = opts.threads === undefined ? undefined : Number(opts.threads);
  const { signal, release } = abortOnSignals();
  try {
    const { summary, experiment } = await resumeRun(runDir, { threads, force: opts.force, signal, plain: opts.plain });
    const code = exitCodeOfStatus(summary.status);
    if (code === EXIT.interrupted) process.stderr.write(resumeHint(runDir));
    const file = runFiles(runDir).experiment;
    const expectations = compileExpectations(experiment.expect, file);
    if (code === EXIT.interrupted || !expectations.length) return code;
    const results = checkExpectations(expectations, summary);
    process.stdout.write(`expect (${file}):\n${formatExpectations(results)}\n`);
    return worstExitCode(code, expectationsExitCode(results) as ExitCode);
  } finally {
    release();
  }
}

export function addResumeCommand(program: Command): void {
  program.command('resume')
    .description('continue an interrupted or killed run in its folder from state/last.json, bit for bit')
    .argument('<run>', 'the run folder (holds state/last.json), or its parent (runs/<name>: the latest unfinished run)')
    .option('--threads <n>', 'worker threads per batch for the rest of the run (results are the same bits)')
    .option('--force', 'resume even if the experiment or the code version differs from the ones that wrote the state')
    .addOption(new Option('--plain', 'one line per check, no progress bar (default when not a TTY or CI is set)'))
    .addHelpText('after', '\nExamples:\n  npx rnnflow resume runs/pm25/2026-11-26T14-00-00-seed1\n  npx rnnflow resume runs/pm25\n  npx rnnflow resume /tmp/echo-run --threads 2')
    .action(async (runDir: string, opts: ResumeCliOptions) => { process.exitCode = await resumeCommand(runDir, opts); });
}
