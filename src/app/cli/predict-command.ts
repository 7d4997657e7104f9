/** `rnnflow predict`: a finished run's forecasts for new rows in the format it was trained on. */
import { Option, type Command } from 'commander';
import { existsSync, statSync } from 'node:fs';
import { UserError } from '../../core/errors.js';
import { warnIfFinalBeatsBest } from '../final-beats-best.js';
import { resolveRun } from '../runs.js';
import { writeFileAtomic, writeFileAtomicStreamed } from '../../core/atomic-write.js';
import { readDataBytes } from '../../data/data-file.js';
import { decodeUtf8 } from '../../data/sequence-file.js';

interface PredictCliOptions { input?: string; text?: string[]; top: string; params: 'best' | 'final'; horizon: string; out?: string; overwrite?: boolean; precision: string }

export function addPredictCommand(program: Command): void {
  program.command('predict')
    .description('forecast from new rows (CSV, the format the run was trained on), or label new text (a sequences run), with a finished run\'s saved constants and parameters')
    .argument('<run>', 'a run folder (holds experiment.resolved.json, dataset.json and params/), or its parent (the latest run), or a sweep folder (its best trial)')
    .option('--input <file>', 'consecutive rows: the UCI PM2.5 columns for pm25 runs, the experiment\'s columns for csv runs (.csv or .csv.gz); a sequences run: one text a line (UTF-8, .gz allowed)')
    .option('--text <text...>', 'a sequences run: the text(s) to label, e.g. --text Nakamura Schmidt')
    .option('--top <k>', 'a sequences run: how many labels to print per text, most probable first', '3')
    .addOption(new Option('--params <which>', 'which parameter set').choices(['best', 'final']).default('best'))
    .option('--horizon <k>', 'forecast 1 … k steps ahead (PM2.5 value runs, csv regression runs whose target is a feature; each forecast is fed back as the next row\'s target)', '1')
    .option('--out <file>', 'write the predictions here (default: standard output)')
    .option('--overwrite', 'replace an existing --out file (and its <out>.json)')
    .option('--precision <digits>', 'significant digits of every number (9 gives back every float32 exactly, 17 every float64)', String(9))
    .addHelpText('after', '\nExamples:\n  npx rnnflow predict runs/pm25-regression/2026-11-27T10-00-00-seed1 --input last-day.csv --horizon 8 --out preds.csv\n  npx rnnflow predict runs/names --text Nakamura Dvořák --top 3')
    .action(async (runDir: string, opts: PredictCliOptions) => { process.exitCode = await predictCommand(runDir, opts); });
}

async function predictCommand(path: string, opts: PredictCliOptions): Promise<number> {
  const runDir = resolveRun(path, { command: 'predict' }); // a run's parent folder: its latest run
  const horizon = Number(opts.horizon);
  const { checkHorizon, loadRun } = await import('../predict/run-model.js');
  checkHorizon(horizon, '--horizon', opts.horizon);
  const precision = Number(opts.precision);
  if (!Number.isInteger(precision) || precision < 1 || precision > 17) throw new UserError(`--precision ${opts.precision}: expected a whole number of significant digits, 1 to 17`);
  for (const file of opts.out ? [opts.out, `${opts.out}.json`] : []) {
    if (existsSync(file) && !opts.overwrite) throw new UserError(`--out ${opts.out}: ${file} exists; choose another name or add --overwrite to replace it`);
  }
  if ((opts.input === undefined) === (opts.text === undefined)) throw new UserError('give --input <file> or --text <text…> (one of them)');
  if (opts.input !== undefined && !existsSync(opts.input)) throw new UserError(`--input ${opts.input}: file not found`);
  if (opts.input !== undefined && !statSync(opts.input).isFile()) throw new UserError(`--input ${opts.input}: not a regular file (a folder, device or pipe); give a .csv or .csv.gz file`);
  const model = await loadRun(runDir, { params: opts.params });
  warnIfFinalBeatsBest(runDir, opts.params, 'predict');
  if (model.experiment.data.name === 'sequences') {
    const { textPredictionsCsv } = await import('../predict/text-model.js');
    const top = Number(opts.top);
    const { texts, source } = opts.text ? { texts: opts.text, source: undefined } : readTextLines(opts.input!);
    const predictions = model.predict(texts, { top, source });
    for (const w of predictions.warnings) process.stderr.write(`warning: ${w}\n`);
    const text = textPredictionsCsv(predictions, { runDir, params: opts.params });
    if (opts.out) writeFileAtomic(opts.out, text);
    else process.stdout.write(text);
    if (opts.out) process.stderr.write(`rnnflow predict: ${predictions.rows.length} texts → ${opts.out}\n`);
    return 0;
  }
  if (opts.text) throw new UserError(`--text: this ${model.experiment.data.name} run reads rows of columns; give them with --input <file.csv>`);
  // Rows are read, forecast and written a chunk at a time (predict-file.ts): a large input is never held whole.
  const { predictFile } = await import('../predict/predict-file.js');
  const options = { horizon, precision, runDir, params: opts.params };
  const result = opts.out
    ? writeFileAtomicStreamed(opts.out, (write) => predictFile(model, opts.input!, options, write))
    : predictFile(model, opts.input!, options, (text) => { process.stdout.write(text); });
  for (const w of result.warnings) process.stderr.write(`warning: ${w}\n`);
  for (const a of result.assumptions) process.stderr.write(`assumed: ${a}\n`);
  if (opts.out) {
    writeFileAtomic(`${opts.out}.json`, JSON.stringify(result.about, null, 2) + '\n');
    process.stderr.write(`rnnflow predict: ${result.windows} windows → ${opts.out} (what it assumes: ${opts.out}.json)\n`);
  }
  return 0;
}

/** A file of texts, one a line: UTF-8 checked (the bad line named), an empty line refused. */
function readTextLines(file: string): { texts: string[]; source: { file: string; lines: number[] } } {
  const all = decodeUtf8(readDataBytes(file), file).replace(/^\uFEFF/, '').split('\n').map((l) => l.replace(/\r$/, ''));
  if (all[all.length - 1] === '') all.pop();
  if (all.length === 0) throw new UserError(`${file}: the file is empty; give one text a line`);
  const empty = all.findIndex((l) => l.trim() === '');
  if (empty >= 0) throw new UserError(`${file}, line ${empty + 1}: the line is empty; remove it (every line is one text)`);
  return { texts: all, source: { file, lines: all.map((_, i) => i + 1) } };
}
