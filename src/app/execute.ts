/**
 * A complete run, as the CLI, sweeps and regression checks use it: prepare (data, net: every user
 * error before training), create the run directory with the resolved experiment and the dataset's
 * facts, connect every sink to one shared event stream, and resolve only after every sink closed.
 */
import { kernelsLabel } from '../tensor/backend.js';
import { codeVersion } from '../core/code-version.js';
import { experimentIdentity } from '../config/identity.js';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dataFilePath, fileSha256 } from '../data/data-file.js';
import { packageDir } from '../core/paths.js';
import { createStampedDir } from '../core/run-folder.js';
import { lockRunFolder } from '../core/run-lock.js';
import { join, resolve } from 'node:path';
import { connectable, Subject } from 'rxjs';
import type { Experiment, ExperimentSource, SinkConfig } from '../config/types.js';
import { createSinks, runSinks, type Sink } from '../sinks/index.js';
import { isFileFault, UserError } from '../core/errors.js';
import type { RunEvent, RunSummary } from '../events/run-event.js';
import { prepareRun, trainingEvents } from '../train/run.js';
import type { RunSetup } from '../train/setup.js';
import type { TrainingState } from '../train/training-state.js';
import { createStateSink } from '../sinks/state.js';
import type { PruneAtCheck } from '../train/after-batch.js';
import { SINK_CLOSE_SECONDS } from '../sinks/sink.js';
import { writeDatasetFacts, writeResolvedExperiment, writeRunInfo } from '../run-folder/index.js';

export interface ExecuteOptions {
  /** Put the run directory exactly here (the CLI's --out). */
  outDir?: string;
  /** Otherwise runs/<name>/<run id>/ under this folder (default: ./runs). */
  runsRoot?: string;
  signal?: AbortSignal;
  /** Replaces the experiment's sinks (sweeps run trials without the live console). */
  sinks?: SinkConfig[];
  /** Where the console sink writes (default process.stdout). */
  out?: NodeJS.WritableStream & { isTTY?: boolean };
  /** Force plain line output (default: when out is not a TTY or CI is set). */
  plain?: boolean;
  /** Extra observers, e.g. a test collecting events. */
  extraSinks?: Sink[];
  /** The run, already prepared from this experiment (resume prepares it to check the state first). */
  prepared?: RunSetup;
  /** Continue the run in outDir from this state (rnnflow resume; the folder's files were cut back to it). */
  resumeFrom?: TrainingState;
  /** A sweep's pruner, asked after every validation check. */
  pruneAtCheck?: PruneAtCheck;
}

export interface RunResult { summary: RunSummary; runDir: string }

/** Sinks whose close() missed its deadline in this process: they may hold it open (cli.ts then exits anyway). */
const lateSinks = new Set<string>();
export function sinksPastCloseDeadline(): string[] {
  return [...lateSinks];
}

/**
 * close(), or a rejection when it has not settled by the sink's deadline: a user's sink whose close
 * never settles would otherwise hang the run (or let Node exit with code 13, its summary unchecked).
 */
async function closeInTime(sink: Sink): Promise<void> {
  const seconds = sink.closeSeconds ?? SINK_CLOSE_SECONDS;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      lateSinks.add(sink.module ?? sink.name);
      reject(new Error(`close() did not settle within ${seconds} s${sink.module ? ` (module ${sink.module}; its closeSeconds sets the deadline)` : ''}`));
    }, seconds * 1000);
  });
  try {
    await Promise.race([sink.close(), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** runs/<name>/<UTC time>-seed<seed>[-n]: sortable, created now, and never shared with another run. */
export function newRunDir(root: string, name: string, seed: number): string {
  return createStampedDir(join(root, name), `-seed${seed}`);
}

/**
 * sha256 of the data file the run reads (undefined for datasets made in code). The experiment's
 * identity names the file as the experiment writes it; this says which bytes it held, wherever the
 * file sits on this machine (resume compares it, so a run continued elsewhere reads the same data).
 */
export function dataSha256(experiment: Experiment, source: ExperimentSource): string | undefined {
  const path = dataFilePath(experiment.data, { baseDir: source.baseDir, packageDir, files: source.files });
  return path === undefined ? undefined : fileSha256(path);
}

/** The files that describe a run before it trains: the resolved experiment, the dataset's facts, where it came from. */
function writeRunFacts(runDir: string, experiment: Experiment, source: ExperimentSource, dataInfo: Record<string, unknown>, kernels: string): void {
  writeResolvedExperiment(runDir, experiment);
  writeDatasetFacts(runDir, dataInfo);
  // Where the experiment came from, so `rnnflow eval` can rebuild its data with the same relative paths.
  writeRunInfo(runDir, {
    source: { file: resolve(source.file), baseDir: source.baseDir, ...(source.files ? { files: source.files } : {}) }, node: process.version,
    codeVersion: codeVersion(), experimentId: experimentIdentity(experiment), dataSha256: dataSha256(experiment, source),
    // Which kernels ran (a fact of the machine, not of the experiment: every back end gives the same bits).
    kernels,
  });
}

export async function executeRun(experiment: Experiment, source: ExperimentSource, options: ExecuteOptions = {}): Promise<RunResult> {
  const setup = options.prepared ?? prepareRun(experiment, source);
  let runDir = '';
  let unlock: () => void;
  /** What the folder held before this run (undefined: it did not exist), to take back a run that never started. */
  let before: Set<string> | undefined;
  try {
    runDir = resolve(options.outDir ?? newRunDir(options.runsRoot ?? 'runs', experiment.name, experiment.seed));
    before = existsSync(runDir) ? new Set(readdirSync(runDir)) : undefined;
    mkdirSync(runDir, { recursive: true });
    unlock = lockRunFolder(runDir);
  } catch (e) {
    await setup.trainer.close();
    const { code, path } = e as NodeJS.ErrnoException;
    // A folder that cannot be made (EACCES, ENOTDIR, EROFS …) is the user's to fix, before training.
    if (code && !(e instanceof UserError)) throw new UserError(`${path ?? (runDir || options.outDir || options.runsRoot || 'runs')}: cannot create the run folder (${(e as Error).message})`);
    throw e;
  }
  let started = false;
  try {
    return await runInFolder(experiment, source, setup, runDir, options, () => { started = true; });
  } finally {
    unlock();
    // Refused before training (a user sink whose factory returns no sink, a file that cannot be made):
    // what this run made goes again, so the same --out works once the cause is fixed.
    if (!started && options.resumeFrom === undefined) removeAllBut(runDir, before);
  }
}

/** Removes every entry of `dir` not in `keep`, and `dir` itself when `keep` is undefined (it did not exist). */
function removeAllBut(dir: string, keep: Set<string> | undefined): void {
  try {
    if (keep === undefined) rmSync(dir, { recursive: true, force: true });
    else for (const name of readdirSync(dir)) if (!keep.has(name)) rmSync(join(dir, name), { recursive: true, force: true });
  } catch {
    // the error that stopped the run is the one to report
  }
}

async function runInFolder(
  experiment: Experiment, source: ExperimentSource, setup: RunSetup, runDir: string, options: ExecuteOptions, started: () => void,
): Promise<RunResult> {
  const resuming = options.resumeFrom !== undefined;
  const out = options.out ?? process.stdout;
  const plain = options.plain ?? (!out.isTTY || Boolean(process.env.CI));
  const context = { runDir, experiment, source, out, plain, resuming };
  let sinks: Sink[];
  try {
    if (!resuming) writeRunFacts(runDir, experiment, source, setup.data.info, kernelsLabel(setup.net.kernels));
    sinks = [
      ...await createSinks(runSinks(options.sinks ?? experiment.sinks), context),
      ...(options.extraSinks ?? []),
      // Last: a state file appears only after every other sink has seen its iteration.
      createStateSink(context),
    ];
  } catch (e) {
    await setup.trainer.close();
    // A file that cannot be made before training (EACCES, ENOSPC …): the user's to fix, exit 2.
    if ((e as NodeJS.ErrnoException).code && !(e instanceof UserError)) throw new UserError(`${(e as Error).message} (before training)`);
    throw e;
  }
  started();

  // A file that cannot be written (a full disk, a read-only folder) ends training as failed.
  const fault = new AbortController();
  const events = connectable(trainingEvents(setup, {
    runDir, signal: options.signal, fault: fault.signal, resumeFrom: options.resumeFrom, pruneAtCheck: options.pruneAtCheck,
  }), { connector: () => new Subject<RunEvent>() });
  let summary: RunSummary | undefined;
  const sinkErrors: string[] = [];
  const done = new Promise<void>((resolveDone, reject) => {
    for (const sink of sinks) {
      events.subscribe({
        next: (e) => {
          try {
            sink.next(e);
          } catch (err) {
            // A failing sink (a full disk, a user's bug) must not take the others' data with it.
            if (sinkErrors.length < 5) sinkErrors.push(`sink ${sink.name} failed on a ${e.type} event: ${(err as Error).message}`);
            if (isFileFault(err) && !fault.signal.aborted) fault.abort(err.message);
          }
        },
        error: () => { /* reported once, by the subscription below */ },
      });
    }
    events.subscribe({
      next: (e) => { if (e.type === 'end') summary = e.summary; },
      error: reject,
      complete: () => resolveDone(),
    });
  });
  events.connect();
  try {
    await done;
  } finally {
    const closed = await Promise.allSettled(sinks.map(closeInTime));
    closed.forEach((c, i) => {
      if (c.status === 'rejected') sinkErrors.push(`sink ${sinks[i].name} failed to close: ${(c.reason as Error)?.message ?? c.reason}`);
    });
    await setup.trainer.close();
  }
  if (sinkErrors.length) throw new UserError(`${runDir}: ${sinkErrors.join('; ')}`, 1);
  return { summary: summary!, runDir };
}
