/**
 * `rnnflow report`: the board's views of some run and sweep folders as one HTML file that opens
 * without a server or a network: every script, the style and the data are inline. The data is what
 * the board's /api would answer, collected up front (each given folder is its own root).
 */
import { readdirSync, realpathSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { UserError } from '../../core/errors.js';
import { writeFileAtomic } from '../../core/atomic-write.js';
import { trialFolder } from '../../run-folder/index.js';
import { reportPage } from '../board/page.js';
import { isRunFolder, readRunDetail, type RunDetail } from '../board/run-reader.js';
import { isSweepFolder, readSweepDetail, sweepRow, type SweepDetail } from '../board/sweep-reader.js';
import type { BoardIndex } from '../board/scan.js';
import { downsamplePoints } from '../board/event-points.js';
import { roundSeries, testYearForecast, type ForecastSeries } from '../board/predictions.js';

/** A sweep's trials carry shorter curves: a report of a 100-trial sweep stays a few MB. */
const TRIAL_CURVE_POINTS = 400;

export interface ReportData {
  index: BoardIndex;
  runs: Record<string, RunDetail>;
  sweeps: Record<string, SweepDetail>;
  /** The view the report opens on: a run, a sweep, or the list of several. */
  start: string;
  /** PM2.5 value runs: the whole test year's forecasts (the page picks a week), or why there are none. */
  forecasts: Record<string, ForecastSeries | { error: string }>;
}

function folderKind(dir: string): 'run' | 'sweep' {
  let names: Set<string>;
  try {
    names = new Set(readdirSync(dir));
  } catch {
    throw new UserError(`rnnflow report: no folder ${dir}; give run or sweep folders, e.g. rnnflow report runs/minus/<run id>`);
  }
  if (isSweepFolder(names)) return 'sweep';
  if (isRunFolder(names)) return 'run';
  throw new UserError(`rnnflow report: ${dir} is neither a run folder (events.jsonl, summary.json) nor a sweep folder (trials.json, results.json)`);
}

/**
 * Each given folder is root i; its id is "i:<folder name>" (so a page shows the folder's name, as the
 * board shows a run's folder under its root), a sweep's trials "i:<name>/trials/<trial>".
 */
export async function collectReport(dirs: string[], open?: string): Promise<ReportData> {
  /** The run page the report opens on (a sweep's best trial, as resolveRun chose it), by its folder. */
  let openId: string | undefined;
  const real = (dir: string) => { try { return realpathSync(dir); } catch { return resolve(dir); } };
  const opens = (dir: string) => open !== undefined && real(dir) === real(open);
  const data: ReportData = { index: { roots: dirs, runs: [], sweeps: [] }, runs: {}, sweeps: {}, start: '#/', forecasts: {} };
  for (const [i, given] of dirs.entries()) {
    const dir = resolve(given);
    const id = `${i}:${basename(dir)}`;
    if (folderKind(dir) === 'run') {
      data.runs[id] = await readRunDetail(dir, id);
      data.index.runs.push({ ...data.runs[id].row, origin: 'user' }); // asked for by name: listed whoever made it
      await addForecast(data, id, dir);
      continue;
    }
    const sweep = readSweepDetail(dir, id);
    data.sweeps[id] = sweep;
    data.index.sweeps.push(sweepRow(sweep));
    for (const t of sweep.trials) {
      if (!t.run) continue;
      const detail = await readRunDetail(trialFolder(dir, t.trial), t.run.id, id);
      if (opens(trialFolder(dir, t.trial))) openId = t.run.id;
      data.runs[t.run.id] = { ...detail, points: downsamplePoints(detail.points, TRIAL_CURVE_POINTS) };
    }
    // The best trial's test year, the one a reader opens: 0.4 MB, where every trial's would make a
    // 48-trial report 20 MB. The other trials' pages say to report their own folder.
    const best = sweep.trials.find((t) => t.trial === sweep.best?.trial);
    if (best?.run) await addForecast(data, best.run.id, trialFolder(dir, best.trial));
  }
  const onlyId = Object.keys(data.sweeps)[0] ?? Object.keys(data.runs)[0];
  data.start = openId ? `#/run/${encodeURIComponent(openId)}` : dirs.length === 1 ? `#/${data.index.sweeps.length ? 'sweep' : 'run'}/${encodeURIComponent(onlyId)}` : '#/';
  return data;
}

/** A PM2.5 value run's test year, 2 decimals (≈0.4 MB for 8 horizons); of a sweep, only its best trial's. */
async function addForecast(data: ReportData, id: string, dir: string): Promise<void> {
  try {
    const year = await testYearForecast(dir);
    if (year) data.forecasts[id] = roundSeries(year);
  } catch (e) {
    data.forecasts[id] = { error: (e as Error).message };
  }
}

/**
 * Writes the report (opening on the run folder `open` when it is one of a given sweep's trials);
 * returns its absolute path. Atomically (a temp file beside it, renamed over it): a full disk leaves
 * the old report or none, never a truncated page, and no temp file; the error names the file.
 */
export async function writeReport(dirs: string[], out: string, open?: string): Promise<string> {
  if (dirs.length === 0) throw new UserError('rnnflow report: give at least one run or sweep folder');
  const data = await collectReport(dirs, open);
  const title = dirs.length === 1 ? `rnnflow report: ${basename(resolve(dirs[0]))}` : `rnnflow report: ${dirs.length} folders`;
  const file = resolve(out);
  writeFileAtomic(file, reportPage(title, data));
  return file;
}

