/**
 * The typed experiment, as schemas/experiment.schema.json defines it after defaults are applied.
 * The schema is the source of truth; these types follow it (a test checks that every schema
 * property has its field here, by validating the shipped experiments and typed fixtures).
 */
import type { FloatType } from '../tensor/float-array.js';
import type { Monitor } from './monitor.js';
import type { Bidirectional, CellType, InitScheme, NetType, OptimizerName, OutputMode } from './vocabulary.js';

export interface EchoData { name: 'echo'; timesteps: number; trainSamples: number; validationSamples: number; testSamples: number }
export interface MinusData { name: 'minus'; bits: number }
export type Pm25Feature = 'pollution' | 'dewPoint' | 'temperature' | 'pressure' | 'windDirection' | 'windSpeed'
  | 'hourSin' | 'hourCos' | 'monthSin' | 'monthCos' | 'snowHours' | 'rainHours';
export interface Pm25Data {
  name: 'pm25'; file: string; timesteps: number; target: 'class' | 'value'; features: Pm25Feature[];
  validation: { method: 'holdout' | 'sample'; size: number }; horizons: number[];
  /** Filled by the schema (steps 0 = off); optional for datasets built in code. */
  feedbackTraining?: { every: number; steps: number };
  /** Direct multi-horizon head: H outputs, the pollution 1 … H hours ahead, trained together (absent = 1, the next hour). */
  directHours?: number;
}
export interface CsvData {
  name: 'csv'; file: string; features: string[]; target: string; task: 'regression' | 'classes'; classes?: number[];
  predictNext: boolean; timesteps: number; validationFraction: number; testFraction: number; missing: 'error' | 'interpolate';
  /** The cell separator and the decimal mark; filled by the schema (',' and '.'), optional for datasets built in code. */
  delimiter?: string; decimal?: '.' | ',';
  /** The column that says when each row is (predict names rows by it); not an input. */
  timeColumn?: string;
  /** Steps ahead to also forecast, each prediction fed back as the next row's target (needs the target among the features); filled by the schema ([]). */
  horizons?: number[];
}
/** MNIST digits read row by row (§19.7), split per class from the seed. */
export interface MnistRowsData { name: 'mnist-rows'; validationFraction: number; testFraction: number; perClass?: number }
/** One sample a line (CSV/TSV text + label, or JSONL tokens / features), lengths may differ (§19.5). */
export interface SequencesData {
  name: 'sequences'; file: string; format: 'auto' | 'csv' | 'tsv' | 'jsonl'; textColumn: string; labelColumn: string;
  tokens: 'characters' | 'words'; stripAccents: boolean; lowerCase: boolean; keep?: string; dropDuplicates: boolean;
  maxLength?: number; tooLong: 'error' | 'cut'; task: 'classes' | 'regression';
  validationFraction: number; testFraction: number; stratify: boolean; batching: 'buckets' | 'exactLength';
}
export type DataConfig = EchoData | MinusData | Pm25Data | CsvData | MnistRowsData | SequencesData;

export interface ModelConfig {
  netType: NetType; outputMode: OutputMode; hiddenSize: number | number[]; inputSize?: number; outputSize?: number;
  bias: boolean;
  /** A scheme drawn from the seed, or { from: file }: a safetensors file in the torch layout, relative to the experiment file. */
  init: InitScheme | { from: string };
  /** Filled by the schema ('elman', false); optional for experiments built in code. */
  cell?: CellType; bidirectional?: Bidirectional;
  /** A learned embedding of one-hot input tokens before the first layer; absent: none. */
  embedding?: { size: number };
  /** Inverted dropout between layers and before the head in training; filled by the schema (0), optional in code. */
  dropout?: number;
}

export interface TrainConfig {
  eta: number; etaSchedule?: string; optimizer: OptimizerName; momentum: number; batchSize: number; maxEpochs: number;
  /** λ: L2 for sgd and momentum, decoupled (AdamW) for adam; filled by the schema (0), optional in code. */
  weightDecay?: number;
  checkpointEvery: number; stopAtValidationAccuracy?: number; patience?: number; minDelta: number; threads: number;
  /** The validation metric that picks the best parameters and that patience waits on (config/monitor.ts); absent = the lowest validation loss. */
  monitor?: Monitor;
  evalBatchSize: number;
  /** The arithmetic: 'float64' (the schema's default) or 'float32'. Optional for experiments built in code. */
  dtype?: FloatType;
  /** Seconds between TrainingState saves (besides every check); absent = 30. Execution-only. */
  saveStateEvery?: number;
}

export type BuiltinSink = 'console' | 'jsonl' | 'csv' | 'checkpoint' | 'summary' | 'plot';
export type SinkConfig = BuiltinSink | { module: string; options: Record<string, unknown>; closeSeconds?: number };

export interface Experiment {
  name: string; description: string; seed: number;
  data: DataConfig; model: ModelConfig; train: TrainConfig;
  sinks?: SinkConfig[]; expect: string[];
}

/** Where an experiment came from: paths resolve against baseDir. */
export interface ExperimentSource {
  /** The experiment file, or '<inline>' for one built in code. */
  file: string;
  /** Folder relative data files and sink modules resolve from. */
  baseDir: string;
  /**
   * Files this machine holds somewhere else than where the experiment names them: the path as the
   * experiment writes it (data.file, model.init.from) → the local file with the same bytes. A queue
   * worker's cache of shipped files: the experiment (and so its identity) stays as written, only where the
   * bytes are read from changes.
   */
  files?: Readonly<Record<string, string>>;
}
