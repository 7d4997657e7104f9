/**
 * Where a queued trial's training state lives when workers share no file system: in Redis, next to
 * its job (keys.partial), as the trial's run folder at its latest state save (at most once a second).
 * The worker holding the trial's lock replaces it; the coordinator deletes it once it recorded the
 * trial. Not in the job's progress (that goes to every listener of the queue's event stream, a second
 * at a time) nor in its data (any worker could rewrite it, holding the lock or not).
 */
import type { Redis } from 'ioredis';
import type { Experiment, ExperimentSource } from '../../config/types.js';
import { readRunInfo, writeResolvedExperiment, writeRunInfo } from '../../run-folder/index.js';
import { readStateFile } from '../resume.js';
import { keys } from './redis.js';
import { unpackRunDir, type PartialTrial } from './trial-job.js';
import { checkShape } from './job-schema.js';
import { checkSignature, signed } from './signing.js';

/**
 * Stores a trial's saved state only while the job's lock (BullMQ's <queue>:<job>:lock, whose value is
 * the holder's token) is this worker's: a worker that stalled past lockDuration and lost the trial to
 * another must not overwrite the newer state of the one that took over.
 */
const SAVE_IF_LOCKED = `if redis.call('get', KEYS[1]) == ARGV[1] then redis.call('set', KEYS[2], ARGV[2]) return 1 end return 0`;

/** One trial's states on their way to Redis: writes are serialized and the latest wins. */
export class PartialStateSender {
  private pending?: PartialTrial;
  private saving?: Promise<void>;

  constructor(private readonly redis: Redis, private readonly sweep: string, private readonly trial: string, private readonly lockKey: string, private readonly token: string, private readonly secret?: Buffer) {}

  send(partial: PartialTrial): void {
    this.pending = partial;
    if (this.saving) return;
    this.saving = (async () => {
      while (this.pending) {
        const next = this.pending;
        this.pending = undefined;
        try {
          await this.redis.eval(SAVE_IF_LOCKED, 2, this.lockKey, keys.partial(this.sweep, this.trial), this.token, JSON.stringify(signed(this.secret, 'partial', this.sweep, this.trial, next)));
        } catch {
          // Redis away: the next saved state is sent when it is back.
        }
      }
      this.saving = undefined;
    })();
  }

  /** Resolves when every state sent so far is written (or given up). */
  async flushed(): Promise<void> {
    await this.saving;
  }
}

/**
 * The trial's latest saved state, if a worker (or the coordinator, after Ctrl-C) left one: its folder
 * is laid out in `runDir` as it was then, with this machine's paths, ready for the trial task to resume.
 */
export async function restorePartial(
  redis: Redis, sweep: string, trial: string, runDir: string, experiment: Experiment, source: ExperimentSource, dataFile?: string, secret?: Buffer,
): Promise<PartialTrial | undefined> {
  const text = await redis.get(keys.partial(sweep, trial));
  if (!text) return undefined;
  let partial: PartialTrial;
  try {
    partial = JSON.parse(text) as PartialTrial;
  } catch {
    throw new Error('refused: the saved state is not JSON');
  }
  // A crafted state could write any file of the trial's folder: only a well-formed, signed one is unpacked.
  checkShape('partial', partial);
  checkSignature(secret, 'partial', sweep, trial, partial);
  const paths: [string, string][] = [[partial.runDir, runDir]];
  if (partial.dataFile && dataFile) paths.push([partial.dataFile, dataFile]);
  unpackRunDir(partial.files, runDir, paths);
  // Resume reads the experiment and where its files are from the folder: this worker's.
  writeRunInfo(runDir, { ...readRunInfo(runDir), source });
  writeResolvedExperiment(runDir, experiment);
  if (partial.iteration < 0) partial.iteration = readStateFile(runDir).state.position.iteration;
  return partial;
}
