/** `rnnflow report`: one self-contained HTML file from run and sweep folders (app/report/). */
import type { Command } from 'commander';
import { relative } from 'node:path';

export function addReportCommand(program: Command): void {
  program.command('report')
    .description('one self-contained HTML file (no server, no network) of runs or a sweep')
    .argument('<dirs...>', 'run or sweep folders')
    .option('--out <file>', 'where to write it', 'report.html')
    .addHelpText('after', '\nExamples:\n  npx rnnflow report runs/minus/2026-11-26T14-00-00-seed1\n  npx rnnflow report runs/sweeps/minus-random/2026-11-26T14-00-00 --out sweep.html')
    .action(async (dirs: string[], opts: { out: string }) => {
      const { writeReport } = await import('../report/write-report.js');
      const file = await writeReport(dirs, opts.out);
      process.stdout.write(`report: ${relative(process.cwd(), file) || file}\n`);
      process.exitCode = 0;
    });
}
