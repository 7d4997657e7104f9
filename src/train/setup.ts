/**
 * Everything a run needs before its first batch: the dataset, the net (sizes inferred from the data
 * and checked against the file), initial parameters, optimizer, trainer and learning-rate schedule.
 * Errors here are the user's to fix and happen before any training.
 */
import { loadDataset } from '../data/index.js';
import type { SequenceSet } from '../data/types.js';
import { UserError } from '../core/errors.js';
import type { BatchTrainer } from './batch-trainer.js';
import { createBatchTrainer } from './batch-trainer.js';
import { Evaluator } from './evaluate.js';
import { initParameters } from '../model/init.js';
import { loadTorchSafetensors } from '../model/torch-file.js';
import { createOptimizer, type Optimizer } from '../model/optimizer.js';
import { Rnn } from '../model/rnn.js';
import type { RnnSpec } from '../model/spec.js';
import { packageDir } from '../core/paths.js';
import { resolve } from 'node:path';
import { Random } from '../core/random.js';
import type { Experiment, ExperimentSource } from '../config/types.js';
import { compileEtaSchedule } from './eta-schedule.js';
import { paddingInEpoch } from './batches.js';
import { EpochShuffle } from './shuffle.js';

export interface RunSetup {
  experiment: Experiment;
  source: ExperimentSource;
  data: SequenceSet;
  net: Rnn;
  trainer: BatchTrainer;
  /** The trainer's optimizer (its state belongs to a TrainingState). */
  optimizer: Optimizer;
  /** Runs validation, test and dataset hooks on its own net with the parameters it is given. */
  evaluator: Evaluator;
  etaAt: (epoch: number) => number;
}

/** The net's spec: sizes from the data, checked against model.inputSize / outputSize when the file gives them. */
export function specFor(experiment: Experiment, data: SequenceSet, file: string): RnnSpec {
  const { model } = experiment;
  const split = data.train;
  for (const [key, actual] of [['inputSize', split.inputSize], ['outputSize', split.outputSize]] as const) {
    const given = model[key];
    if (given !== undefined && given !== actual) {
      throw new UserError(`${file}: model.${key} is ${given}, but data ${experiment.data.name} has ${actual} ${
        key === 'inputSize' ? 'features per step' : 'outputs per step'}; remove model.${key} (it is inferred) or set it to ${actual}.`);
    }
  }
  if (split.labelsPerStep !== (model.outputMode === 'each')) {
    throw new UserError(`${file}: data ${experiment.data.name} has ${split.labelsPerStep ? 'a label at every step' : 'one label per sample (the last step\'s)'}: set model.outputMode to "${split.labelsPerStep ? 'each' : 'last'}".`);
  }
  return {
    netType: model.netType, outputMode: model.outputMode, timesteps: split.timesteps,
    inputSize: split.inputSize, hiddenSize: model.hiddenSize, outputSize: split.outputSize, bias: model.bias,
    cell: model.cell ?? 'elman', bidirectional: model.bidirectional ?? false, dtype: experiment.train.dtype ?? 'float64',
    ...(model.embedding ? { embeddingSize: model.embedding.size } : {}),
    ...(model.dropout ? { dropout: model.dropout } : {}),
  };
}

export function setupRun(experiment: Experiment, source: ExperimentSource): RunSetup {
  const { train, seed } = experiment;
  const data = loadDataset(experiment.data, { seed, baseDir: source.baseDir, packageDir, files: source.files });
  if (data.train.size === 0) throw new UserError(`${source.file}: the training split of data ${experiment.data.name} is empty`);
  // Sequences of different lengths: how much of the first epoch's computed steps are padding (its batches as training makes them).
  const padding = paddingInEpoch(data.train, new EpochShuffle(seed, data.train.size), train.batchSize, 0);
  if (padding) data.info.padding = { epoch: 1, batchSize: train.batchSize, rowSteps: padding.computed, padded: padding.padded, share: padding.share };
  // Each net is made once at the size of the largest batch it will run, so buffers (and the parallel
  // trainer's workers, which map the training net's) are not regrown during the run.
  const largestSplit = Math.max(data.train.size, data.validation.size, data.test.size);
  const trainRows = Math.min(train.batchSize, data.train.size);
  const evalRows = Math.min(train.evalBatchSize, largestSplit);
  const spec = specFor(experiment, data, source.file);
  let net: Rnn;
  let evaluator: Evaluator;
  try {
    net = new Rnn(spec, { batchCapacity: trainRows });
    evaluator = new Evaluator(spec, train.evalBatchSize, evalRows, data.labelMeaning);
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    throw new UserError(`${source.file}: a ${spec.inputSize}-${spec.hiddenSize}-${spec.outputSize} net over ${spec.timesteps} steps with batches of ` +
      `${Math.max(trainRows, evalRows)} rows needs more memory than WebAssembly allows (${e.message}); use a smaller train.batchSize / train.evalBatchSize or model.hiddenSize.`);
  }
  const { init } = experiment.model;
  if (typeof init === 'string') initParameters(net.params, init, new Random(seed, 'init'));
  else loadTorchSafetensors(net, source.files?.[init.from] ?? resolve(source.baseDir, init.from));
  const optimizer = createOptimizer(train.optimizer, net.params.flat.length, { momentum: train.momentum, dtype: net.params.dtype, weightDecay: train.weightDecay });
  const trainer = createBatchTrainer(net, optimizer, { threads: train.threads, dropoutSeed: Math.floor(new Random(seed, 'dropout').uniform() * 4294967296) });
  return {
    experiment, source, data, net, trainer, optimizer,
    evaluator,
    etaAt: compileEtaSchedule(train, source.file),
  };
}
