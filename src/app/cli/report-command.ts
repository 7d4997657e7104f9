/** `rnnflow report`: one self-contained HTML file from run and sweep folders (app/report/). */
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { UserError } from '../../core/errors.js';
import { isRunDir, resolveRun, runsIn } from '../runs.js';
import { isSweepDir } from '../sweep-best-trial.js';

export function addReportCommand(program: Command): void {
  program.command('report')
    .description('one self-contained HTML file (no server, no network) of runs or a sweep')
    .argument('<dirs...>', 'run or sweep folders; a folder of runs (runs/<name>) means its latest run; a sweep folder opens on its best trial')
    .option('--out <file>', 'where to write it', 'report.html')
    .option('--overwrite', 'replace --out if it exists (by default an existing file is never replaced)')
    .addHelpText('after', '\nExamples:\n  npx rnnflow report runs/minus/2026-11-26T14-00-00-seed1\n  npx rnnflow report runs/sweeps/minus-random/2026-11-26T14-00-00 --out sweep.html')
    .action(async (dirs: string[], opts: { out: string; overwrite?: boolean }) => {
      if (existsSync(opts.out) && !opts.overwrite) throw new UserError(`--out ${opts.out}: the file exists; choose another name or add --overwrite to replace it`);
      const { writeReport } = await import('../report/write-report.js');
      // A folder that holds runs (runs/<name>) means its latest run. A sweep folder means its best trial,
      // as for eval/predict/export (said on stderr); the report holds the whole sweep and opens on that trial.
      const given = dirs.map((d) => (isRunDir(d) || isSweepDir(d) || runsIn(d).length === 0 ? d : resolveRun(d, { command: 'report' })));
      const sweeps = given.filter((d) => isSweepDir(d));
      const open = sweeps.length === 1 && given.length === 1 ? resolveRun(sweeps[0], { command: 'report' }) : undefined;
      const file = await writeReport(given, opts.out, open);
      process.stdout.write(`report: ${relative(process.cwd(), file) || file}\n`);
      process.exitCode = 0;
    });
}
