/** rnnflow's library API: the engine, its data interface, and (from the runner) runExperiment. */
export { Rnn } from './model/rnn.js';
export { Timestep } from './model/timestep.js';
export { ParamSet, tensorShapes, type NestedParameters, type TensorName } from './model/params.js';
export { checkSpec, specDifferences, type RnnSpec, type NetType, type OutputMode, NET_TYPES, OUTPUT_MODES } from './model/spec.js';
export { outputHead, type OutputHead } from './model/losses.js';
export { initParameters, INIT_SCHEMES, type InitScheme } from './model/init.js';
export { createOptimizer, Sgd, Momentum, Adam, OPTIMIZER_NAMES, type Optimizer, type OptimizerName } from './model/optimizer.js';
export { saveParams, loadParams, readParamFile, paramsToJson, ParamFileError, PARAM_FORMAT, PARAM_FORMAT_VERSION } from './model/param-file.js';
export { evaluate, Evaluator } from './model/evaluate.js';
export { MetricAccumulator, type Metrics } from './model/metrics.js';
export { trainStep } from './model/train-step.js';
export { Random } from './random.js';
export { DenseSequences } from './data/dense.js';
export type { SequenceSplit, SequenceSet, DatasetContext } from './data/types.js';
export { loadDataset } from './data/index.js';
export { WindowedSeries } from './data/windows.js';
