/**
 * What travels through Redis for one trial: the job (the resolved experiment and where its data file
 * is) and its answer (the trial's result and every file of its run folder, gzipped). Nothing else
 * is shared between the coordinator and its workers: no file system, no paths that must exist on both.
 */
import type { Experiment, ExperimentSource } from '../../config/types.js';
import type { TrialTaskResult } from '../run-pool/trial-task.js';
import type { TrialInput } from '../run-pool/pool.js';
import type { PackedFiles } from '../run-pool/run-folder-pack.js';

export { packRunDir, unpackRunDir, replacePaths, type PackedFiles } from '../run-pool/run-folder-pack.js';

export const JOB_FORMAT = 'rnnflow-trial-job';

/** A data or weights file shipped with the sweep (see data-shipping.ts). */
export interface ShippedFile {
  sha256: string;
  /** Its name (for the worker's cache and messages). */
  name: string;
  /** Where it is on the coordinator, as the trial's loader resolved it. */
  path: string;
}

export interface TrialJobData {
  format: typeof JOB_FORMAT;
  sweep: string;
  id: string;
  /** The coordinator's codeVersion(); a worker with another one refuses the trial. */
  codeVersion: string;
  experiment: Experiment;
  source: ExperimentSource;
  /** The trial's folder on the coordinator (paths in the returned files are rewritten to it). */
  runDir: string;
  dataFile?: ShippedFile;
  /** The weights the trial starts from (model.init.from), when it names a file. */
  initFile?: ShippedFile;
  /** The sweep's pruning rule for this trial (method prune), applied by the worker at the trial's checks. */
  prune?: TrialInput['prune'];
  /** When the coordinator queued it (ms since 1970), for the overhead measurement. */
  enqueuedAt: number;
}

export interface TrialJobAnswer {
  result: TrialTaskResult;
  files: PackedFiles;
  /** host:pid of the worker that ran it. */
  worker: string;
  /** Paths on the worker that mean paths on the coordinator: its run folder, its copy of the data file. */
  workerRunDir: string;
  workerDataFile?: string;
  /** The worker's copy of the init weights (model.init.from), when shipped. */
  workerInitFile?: string;
  startedAt: number;
  finishedAt: number;
}

/**
 * A trial's latest saved training state, kept in Redis (keys.partial) for whichever worker takes the
 * trial up next: its run folder as of that state (state/last.json, events.jsonl, metrics.csv, params),
 * and the paths in it that meant the run folder and the data file where it was packed.
 */
export interface PartialTrial {
  /** The state's iteration (a newer state replaces an older one, never the reverse). */
  iteration: number;
  runDir: string;
  dataFile?: string;
  files: PackedFiles;
  /** host:pid of the worker (or "coordinator") that packed it. */
  by: string;
}
