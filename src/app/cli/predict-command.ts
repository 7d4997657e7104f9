/** `rnnflow predict`: a finished run's forecasts for new rows in the format it was trained on. */
import { Option, type Command } from 'commander';
import { existsSync } from 'node:fs';
import { UserError } from '../../core/errors.js';
import { resolveRun } from '../runs.js';
import { writeFileAtomic } from '../../core/atomic-write.js';
import { parseCsvTable } from '../../data/csv-table.js';
import { readDataText } from '../../data/data-file.js';

interface PredictCliOptions { input: string; params: 'best' | 'final'; horizon: string; out?: string; overwrite?: boolean }

export function addPredictCommand(program: Command): void {
  program.command('predict')
    .description('forecast from new rows (CSV, the format the run was trained on) with a finished run\'s saved constants and parameters')
    .argument('<run>', 'a run folder (holds experiment.resolved.json, dataset.json and params/), or its parent (the latest run)')
    .requiredOption('--input <file>', 'consecutive rows: the UCI PM2.5 columns for pm25 runs, the experiment\'s columns for csv runs (.csv or .csv.gz)')
    .addOption(new Option('--params <which>', 'which parameter set').choices(['best', 'final']).default('best'))
    .option('--horizon <k>', 'forecast 1 … k steps ahead (PM2.5 value runs; each forecast is fed back as the next hour\'s pollution)', '1')
    .option('--out <file>', 'write the predictions here (default: standard output)')
    .option('--overwrite', 'replace an existing --out file')
    .addHelpText('after', '\nExample:\n  npx rnnflow predict runs/pm25-regression/2026-11-27T10-00-00-seed1 --input last-day.csv --horizon 8 --out preds.csv')
    .action(async (runDir: string, opts: PredictCliOptions) => { process.exitCode = await predictCommand(runDir, opts); });
}

async function predictCommand(path: string, opts: PredictCliOptions): Promise<number> {
  const runDir = resolveRun(path, { command: 'predict' }); // a run's parent folder: its latest run
  const horizon = Number(opts.horizon);
  if (!Number.isInteger(horizon) || horizon < 1) throw new UserError(`--horizon ${opts.horizon}: expected a whole number of steps, 1 or more`);
  if (opts.out && existsSync(opts.out) && !opts.overwrite) {
    throw new UserError(`--out ${opts.out}: the file exists; choose another name or add --overwrite to replace it`);
  }
  if (!existsSync(opts.input)) throw new UserError(`--input ${opts.input}: file not found`);
  const { loadRun } = await import('../predict/run-model.js');
  const { predictionsCsv } = await import('../predict/output.js');
  const model = await loadRun(runDir, { params: opts.params });
  const table = parseCsvTable(readDataText(opts.input), opts.input);
  const predictions = model.predict(table, { horizon });
  for (const w of predictions.warnings) process.stderr.write(`warning: ${w}\n`);
  const text = predictionsCsv(predictions, { runDir, params: opts.params, pm25: model.experiment.data.name === 'pm25' });
  if (opts.out) {
    writeFileAtomic(opts.out, text);
    process.stderr.write(`rnnflow predict: ${predictions.rows.length} windows → ${opts.out}\n`);
  } else {
    process.stdout.write(text);
  }
  return 0;
}
