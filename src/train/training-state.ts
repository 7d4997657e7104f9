/**
 * Everything a run needs to go on exactly where it stopped, as nanoGPT's checkpoint holds "model,
 * optimizer, iteration, best loss": the parameters, the optimizer's state, the random streams, the
 * position, the checkpoint policy, the schedule's position and the dataset's training state.
 * snapshot() copies them out of a live run between two batches; restore() puts them into a freshly
 * prepared run of the same experiment, which then trains on bit for bit as if it had never stopped.
 *
 * Each epoch's shuffle derives from (seed, epoch) (shuffle.ts), so the position decides the data
 * order; the saved shuffle stream is checked against it rather than needed.
 */
import type { OptimizerState } from '../model/optimizer.js';
import { dtypeOf, type FloatArray } from '../tensor/float-array.js';
import type { RandomState } from '../core/random.js';
import type { TrainingDataState } from '../data/types.js';
import { decodeExact, encodeExact } from '../core/exact-json.js';
import type { PolicyState } from './checkpoint-policy.js';
import type { ProgressState } from './progress.js';
import type { LiveRun } from './after-batch.js';
import { EpochShuffle } from './shuffle.js';

export interface TrainingState {
  /** Epochs completed (the events' convention), the 0-based epoch index and batch within it, iterations done. */
  position: { epoch: number; epochIndex: number; batchInEpoch: number; iteration: number };
  /** The rest of the run's progress: last check, the current epoch's loss so far, evaluations emitted. */
  progress: ProgressState;
  /** The live parameters, flat in the spec's storage order, in the net's dtype. */
  params: FloatArray;
  optimizer: OptimizerState;
  /** The random streams training draws from, by name: the current epoch's shuffle stream after its shuffle. */
  random: Record<string, RandomState>;
  policy: PolicyState;
  /** The learning-rate schedule's position: the epoch index it reads and the rate in force. */
  schedule: { epochIndex: number; eta: number };
  /** What training changed in the dataset (PM2.5 feedback predictions), or null. */
  dataset: TrainingDataState | null;
}

/** A copy of a live run's state, taken between two batches. */
export function snapshot(run: LiveRun): TrainingState {
  const { setup: { net, optimizer, data, etaAt, experiment }, policy, progress, shuffle } = run;
  const { epochIndex, batchInEpoch, iteration } = progress;
  const shuffled = shuffle.state();
  return {
    position: { epoch: progress.epoch, epochIndex, batchInEpoch, iteration },
    progress: progress.position(),
    params: net.params.flat.slice(),
    optimizer: optimizer.exportState(),
    random: shuffled ? { [`shuffle:${shuffled.epoch}`]: shuffled.stream } : {},
    policy: policy.state(),
    schedule: { epochIndex, eta: etaAt(Math.min(epochIndex, experiment.train.maxEpochs - 1)) },
    dataset: data.saveTrainingState?.() ?? null,
  };
}

/** Puts a saved state into a run prepared from the same experiment, before its first batch. Throws naming what does not fit. */
export function restore(run: LiveRun, state: TrainingState): void {
  const { setup: { net, optimizer, data, experiment }, policy, progress } = run;
  const { iteration, epochIndex, batchInEpoch } = state.position;
  if (epochIndex * progress.iterationsPerEpoch + batchInEpoch !== iteration || state.progress.iteration !== iteration) {
    throw new RangeError(`training state: position epoch ${epochIndex} batch ${batchInEpoch} is not iteration ${iteration} at ${progress.iterationsPerEpoch} batches per epoch`);
  }
  if (state.params.length !== net.params.flat.length) {
    throw new RangeError(`training state: ${state.params.length} parameters, but this net has ${net.params.flat.length}`);
  }
  if (dtypeOf(state.params) !== net.params.dtype) {
    throw new RangeError(`training state: ${dtypeOf(state.params)} parameters, but this run computes in ${net.params.dtype} (train.dtype)`);
  }
  for (const [name, saved] of Object.entries(state.random)) {
    const epoch = Number(/^shuffle:(\d+)$/.exec(name)?.[1] ?? NaN);
    const derived = Number.isInteger(epoch) ? new EpochShuffle(experiment.seed, data.train.size) : null;
    derived?.shuffleFor(epoch);
    if (JSON.stringify(derived?.state()?.stream) !== JSON.stringify(saved)) {
      throw new RangeError(`training state: random stream ${name} is not the one this engine derives from seed ${experiment.seed}`);
    }
  }
  if ((state.dataset === null) !== (data.restoreTrainingState === undefined)) {
    throw new RangeError(`training state: ${state.dataset === null ? 'no' : 'a'} dataset state, but this dataset ${data.restoreTrainingState ? 'has' : 'has none'}`);
  }
  net.params.flat.set(state.params);
  optimizer.importState(state.optimizer);
  policy.restore(state.policy);
  progress.restore(state.progress);
  if (state.dataset) data.restoreTrainingState!(state.dataset);
}

/** The state file: the state plus what a reader checks before restoring it. */
export interface StateFile {
  format: 'rnnflow-training-state';
  version: 1;
  experiment: string;
  /** experimentIdentity() of the experiment that wrote it, and codeVersion() of the engine. */
  experimentId: string;
  codeVersion: string;
  savedAt: string;
  state: TrainingState;
}

export function encodeStateFile(file: Omit<StateFile, 'format' | 'version'>): string {
  return encodeExact({ format: 'rnnflow-training-state', version: 1, ...file }) + '\n';
}

/** Parses a state file's text; throws an Error saying what is wrong (the caller names the file). */
export function decodeStateFile(text: string): StateFile {
  let doc: StateFile;
  try {
    doc = decodeExact(text) as StateFile;
  } catch (e) {
    throw new Error(`not valid JSON, the file may be truncated (${(e as Error).message})`, { cause: e });
  }
  if (doc?.format !== 'rnnflow-training-state') throw new Error('not an rnnflow training state (expected "format": "rnnflow-training-state")');
  if (doc.version !== 1) throw new Error(`training state version ${String(doc.version)}; this rnnflow reads version 1`);
  const s = doc.state;
  if (!s || !dtypeOf(s.params) || !s.position || !s.progress || !s.optimizer || !s.policy) throw new Error('the training state is incomplete');
  // A state is saved only from finite parameters: NaN here means damage, not a learning rate to blame later.
  const bad = s.params.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) {
    throw new Error(`parameter ${bad} of the saved state is ${s.params[bad]}, not a finite number: the state file was damaged or edited; ` +
      'resume from another copy, or train again (rnnflow exp)');
  }
  return doc;
}
