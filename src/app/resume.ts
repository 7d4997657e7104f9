/**
 * rnnflow resume: continues an interrupted, killed or crashed run in its own folder from its latest
 * TrainingState (state/last.json), so that it ends as the same run, bit for bit, as if it had never
 * stopped. Before training it checks that the folder's experiment and this engine are the ones that
 * wrote the state, and cuts the folder's files back to the state's position (run-files.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { codeVersion } from '../core/code-version.js';
import { UserError } from '../core/errors.js';
import { lockRunFolder } from '../core/run-lock.js';
import { experimentIdentity } from '../config/identity.js';
import type { Experiment, ExperimentSource } from '../config/types.js';
import { readSummary, runFiles, STATE_FILE, type RunInfo } from '../run-folder/index.js';
import { decodeStateFile, restore, type StateFile } from '../train/training-state.js';
import { liveRun, prepareRun } from '../train/run.js';
import { dataSha256, executeRun, type ExecuteOptions, type RunResult } from './execute.js';
import { cutEvents, cutMetrics, readRunExperiment, resetRunFiles } from './run-files.js';

export interface ResumeOptions extends Pick<ExecuteOptions, 'signal' | 'out' | 'plain' | 'extraSinks' | 'sinks' | 'pruneAtCheck'> {
  /** Threads for the rest of the run (execution-only: results are the same bits). */
  threads?: number;
  /** Resume although the experiment or the code version differs from the ones that wrote the state. */
  force?: boolean;
}

/** Statuses of a run folder that may be continued: interrupted, or no summary yet (killed, crashed). */
const RESUMABLE = new Set(['interrupted', 'running']);

/** Reads and checks state/last.json; every problem is a UserError naming the file. */
export function readStateFile(runDir: string): StateFile {
  const file = runFiles(runDir).state;
  if (!existsSync(file)) {
    throw new UserError(`${file}: no saved training state, so this run cannot be resumed (it was written by an rnnflow without resume, ` +
      'or stopped before its first validation check or state save); start it again with rnnflow exp.');
  }
  try {
    return decodeStateFile(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UserError(`${file}: ${(e as Error).message}`);
  }
}

/** Why the state must not be restored into this experiment and engine, or [] when it may. */
export function stateMismatches(saved: StateFile, experiment: Experiment): string[] {
  const out: string[] = [];
  const id = experimentIdentity(experiment);
  if (saved.experimentId !== id) out.push(`experiment.resolved.json (identity ${id}) is not the experiment that wrote the state (identity ${saved.experimentId})`);
  const version = codeVersion();
  if (saved.codeVersion !== version) out.push(`the state was written by code version ${saved.codeVersion}, this rnnflow is ${version}`);
  return out;
}

/**
 * The data file must hold the bytes the run started on (run.json's dataSha256), wherever it is now:
 * the identity names the file, this checks its content (a run continued on another machine, or after
 * the file was edited). Runs written before dataSha256 existed are not checked.
 */
function dataMismatch(runInfo: RunInfo, experiment: Experiment, source: ExperimentSource): string[] {
  const recorded = runInfo.dataSha256;
  if (recorded === undefined) return [];
  let now: string | undefined;
  try {
    now = dataSha256(experiment, source);
  } catch (e) {
    return [`its data file cannot be read (${(e as Error).message})`];
  }
  return now === recorded ? [] : [`the data file ${'file' in experiment.data ? experiment.data.file : ''} now has sha256 ${now?.slice(0, 12)}, the run started on ${recorded.slice(0, 12)}`];
}

export async function resumeRun(runDirArg: string, options: ResumeOptions = {}): Promise<RunResult & { experiment: Experiment }> {
  const runDir = resolve(runDirArg);
  if (!existsSync(runDir)) throw new UserError(`${runDir}: no such run folder`);
  const unlock = lockRunFolder(runDir);
  try {
    return await resumeLocked(runDir, options);
  } finally {
    unlock();
  }
}

async function resumeLocked(runDir: string, options: ResumeOptions): Promise<RunResult & { experiment: Experiment }> {
  const loaded = readRunExperiment(runDir);
  const experiment: Experiment = options.threads === undefined ? loaded.experiment
    : { ...loaded.experiment, train: { ...loaded.experiment.train, threads: options.threads } };
  const status = readSummary(runDir)?.status;
  if (status !== undefined && !RESUMABLE.has(status)) {
    throw new UserError(`${runDir}: this run ended with status ${status} (summary.json); only an interrupted, killed or crashed run can be resumed. Start a new one with rnnflow exp.`);
  }
  const saved = readStateFile(runDir);
  const mismatches = [...stateMismatches(saved, experiment), ...dataMismatch(loaded.runInfo, experiment, loaded.source)];
  if (mismatches.length && !options.force) {
    throw new UserError(`${runDir}: ${mismatches.join('; ')}. Resume with --force to continue anyway (the result may then differ from an uninterrupted run).`);
  }
  // Everything that can fail on the user's input fails here, before a file is changed.
  const setup = prepareRun(experiment, loaded.source);
  const { state } = saved;
  try {
    try {
      restore(liveRun(setup), state);
    } catch (e) {
      throw new UserError(`${join(runDir, STATE_FILE)}: does not fit this run: ${(e as Error).message}`);
    }
    cutEvents(runFiles(runDir).events, state.position.iteration);
    cutMetrics(runFiles(runDir).metrics, state.progress.evaluations);
    resetRunFiles(runDir, experiment, setup.net.spec, state);
  } catch (e) {
    await setup.trainer.close();
    throw e;
  }
  const result = await executeRun(experiment, loaded.source, { ...options, outDir: runDir, prepared: setup, resumeFrom: state });
  return { ...result, experiment };
}
