/** rnnflow's library API: the engine, its data interface, and (from the runner) runExperiment. */
export { Rnn, type ParameterLayout, type LayoutOption, type ForwardOptions } from './model/rnn.js';
export { ParamSet, tensorShapes, type NestedParameters, type TensorName } from './model/params.js';
export {
  checkSpec, specDifferences, describeNet, type RnnSpec, type NetType, type OutputMode, type CellType, type Bidirectional,
  NET_TYPES, OUTPUT_MODES, CELL_TYPES, BIDIRECTIONAL_MODES,
} from './model/spec.js';
export { toTorch, fromTorch, type TorchParameters } from './model/torch-layout.js';
export { outputHead, type OutputHead } from './model/losses.js';
export { initParameters, INIT_SCHEMES, type InitScheme } from './model/init.js';
export { createOptimizer, Sgd, Momentum, Adam, OPTIMIZER_NAMES, type Optimizer, type OptimizerName } from './model/optimizer.js';
export { saveParams, loadParams, readParamFile, paramsToJson, ParamFileError, PARAM_FORMAT, PARAM_FORMAT_VERSION } from './model/param-file.js';
export { evaluate, Evaluator } from './train/evaluate.js';
export { MetricAccumulator, type Metrics } from './model/metrics.js';
export { trainStep } from './train/train-step.js';
export { createBatchTrainer, type BatchTrainer } from './train/batch-trainer.js';
export { Random } from './core/random.js';
export { DenseSequences } from './data/dense.js';
export type { SequenceSplit, SequenceSet, DatasetContext } from './data/types.js';
export { loadDataset } from './data/index.js';
export { WindowedSeries } from './data/windows.js';
export { loadExperimentFile, validateExperiment } from './app/experiment-file.js';
export { packageDir } from './core/paths.js';
export { EXIT, exitCodeOfStatus, type ExitCode } from './core/exit-codes.js';
export { codeVersion } from './core/code-version.js';
export { experimentIdentity } from './config/identity.js';
export { resolveRun, findRuns, describeRun, type RunListing } from './app/runs.js';
export { parseOverride, applyOverrides, type Override } from './config/overrides.js';
export type { Experiment, ExperimentSource, DataConfig, ModelConfig, TrainConfig, SinkConfig } from './config/types.js';
export { runExperiment, prepareRun, trainingEvents, type RunOptions } from './train/run.js';
export { executeRun, type ExecuteOptions, type RunResult } from './app/execute.js';
export type { RunEvent, RunSummary, RunStatus, CheckpointKind } from './events/run-event.js';
export type { Sink, SinkContext, SinkFactory } from './sinks/sink.js';
export { UserError, DataError } from './core/errors.js';
export { runSweep, type SweepOptions } from './app/sweep/index.js';
export { runRegression, type RegressionOptions } from './app/regress/index.js';
export { compileExpression } from './core/expressions/safe-math.js';
export { compileExpectations, checkExpectations, formatExpectations } from './app/expect/index.js';
export { loadRun, RunModel, type RawRow, type PredictOptions, type Predictions, type Forecast } from './app/predict/run-model.js';
export type { TextPredictOptions, TextPredictions, TextPrediction, LabelGuess } from './app/predict/text-model.js';
export type { StreamObservation, StreamOptions, StreamPrediction } from './app/predict/stream/types.js';
