/** `rnnflow report`: one self-contained HTML file from run and sweep folders (app/report/). */
import type { Command } from 'commander';
import { relative } from 'node:path';
import { isRunDir, resolveRun, runsIn } from '../runs.js';

export function addReportCommand(program: Command): void {
  program.command('report')
    .description('one self-contained HTML file (no server, no network) of runs or a sweep')
    .argument('<dirs...>', 'run or sweep folders; a folder of runs (runs/<name>) means its latest run')
    .option('--out <file>', 'where to write it', 'report.html')
    .addHelpText('after', '\nExamples:\n  npx rnnflow report runs/minus/2026-11-26T14-00-00-seed1\n  npx rnnflow report runs/sweeps/minus-random/2026-11-26T14-00-00 --out sweep.html')
    .action(async (dirs: string[], opts: { out: string }) => {
      const { writeReport } = await import('../report/write-report.js');
      // A folder that holds runs (runs/<name>) means its latest run; sweep folders are taken as they are.
      const given = dirs.map((d) => (isRunDir(d) || runsIn(d).length === 0 ? d : resolveRun(d, { command: 'report' })));
      const file = await writeReport(given, opts.out);
      process.stdout.write(`report: ${relative(process.cwd(), file) || file}\n`);
      process.exitCode = 0;
    });
}
