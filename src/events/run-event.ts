/**
 * The run's events: one discriminated union that every sink observes, in order. Events carry
 * copies (checkpoint parameters are snapshots), never live references into the training buffers.
 */
import type { Metrics } from '../model/metrics.js';
import type { ParamSet } from '../model/params.js';
import type { MonitoredMetric } from '../config/monitor.js';
import type { Experiment } from '../config/types.js';
import type { HorizonSplits } from '../data/types.js';

export type CheckpointKind = 'init' | 'best' | 'final' | 'interrupted';
/**
 * running: still training (or died without an end); completed: ran its full train.maxEpochs;
 * early-stopped: a stop condition fired (the summary's reason names it); interrupted: a signal ended
 * it (it can be resumed); diverged: the training loss became non-finite; failed: an error during
 * training; pruned: a sweep ended the trial early.
 */
export type RunStatus = 'running' | 'completed' | 'early-stopped' | 'interrupted' | 'diverged' | 'failed' | 'pruned';
export type SplitName = 'train' | 'validation' | 'test';

export interface StartEvent {
  type: 'start'; name: string; runDir: string; seed: number; experiment: Experiment;
  /** The engine that trains (core/code-version.ts). */
  codeVersion: string;
  dataInfo: Record<string, unknown>; trainSamples: number; iterationsPerEpoch: number; maxEpochs: number; time: number;
}
/*
 * The epoch convention of every event and of metrics.csv: `epoch` is the number of epochs completed
 * so far, iteration / iterationsPerEpoch (1.5 = halfway through the second epoch; a step event of the
 * first batch of 10 says 0.1, the epoch event at the end of the second epoch says 2).
 */

/** One training iteration (one batch). loss: mean per sample over this batch. */
export interface StepEvent { type: 'step'; epoch: number; iteration: number; loss: number; eta: number; rows: number }
/** Metrics on a split at a check. */
export interface EvalEvent { type: 'eval'; split: SplitName; epoch: number; iteration: number; metrics: Metrics }
export interface CheckpointEvent {
  type: 'checkpoint'; kind: CheckpointKind; epoch: number; iteration: number; params: ParamSet;
  validationLoss?: number;
}
/** End of an epoch: timing for progress displays. */
export interface EpochEvent { type: 'epoch'; epoch: number; iteration: number; seconds: number; samplesPerSecond: number; trainLoss: number }
/** Something a user should know that is not an error (e.g. why the run stopped). */
export interface NoticeEvent { type: 'message'; level: 'info' | 'warn' | 'error'; text: string }
/**
 * A TrainingState was taken after this iteration (at every check, every train.saveStateEvery seconds,
 * and when interrupted): content is the state file's text (train/training-state.ts), which the state
 * sink writes to state/last.json. Every event of this iteration came before it.
 */
export interface StateEvent { type: 'state'; epoch: number; iteration: number; content: string }
/** A run continued from its saved TrainingState (rnnflow resume): start's facts, and where it goes on from. */
export interface ResumeEvent extends Omit<StartEvent, 'type'> { type: 'resume'; epoch: number; iteration: number }
export interface EndEvent { type: 'end'; status: RunStatus; summary: RunSummary }

export type RunEvent = StartEvent | ResumeEvent | StepEvent | EvalEvent | CheckpointEvent | EpochEvent | StateEvent | NoticeEvent | EndEvent;

export interface SplitMetrics { validation: Metrics; test: Metrics }

/** summary.json: the run's results, and the scope that `expect` conditions are evaluated in. */
export interface RunSummary {
  name: string;
  status: RunStatus;
  seed: number;
  /** Epochs completed (fractional when a run stops mid-epoch). */
  epochs: number;
  iterations: number;
  seconds: number;
  /** Why the run ended, in words. */
  reason: string;
  /** With the final parameters. */
  metrics: SplitMetrics;
  /** With the best parameters (the best monitored metric at a check: train.monitor, by default the lowest validation loss). */
  bestParams: SplitMetrics;
  /**
   * The best check: where, its validation loss, and the monitored metric with its direction and value
   * (metric, mode and value are absent in summaries written before train.monitor existed: the loss, min).
   */
  best: { epoch: number; iteration: number; validationLoss: number; metric?: MonitoredMetric; mode?: 'min' | 'max'; value?: number };
  /** The dataset's naive predictor on the same splits, when it has one (PM2.5: persistence), and k hours ahead on the horizon windows. */
  baseline?: { name: string; horizons?: HorizonSplits; pooled?: HorizonSplits } & SplitMetrics;
  /**
   * Dataset-specific metrics, e.g. PM2.5 R² k hours ahead, with the final and the best parameters, on
   * validation and test: horizons.bestParams.test["8h"].r2.
   */
  horizons?: { final: HorizonSplits; bestParams: HorizonSplits };
  /**
   * The book's pooled block metric (PM2.5 value, one per data.horizons entry p: blocks of p windows,
   * 1- to p-hour forecasts pooled into one R²), laid out like horizons: pooled.bestParams.test["8h"].r2;
   * persistence on the same blocks: baseline.pooled.test["8h"].r2.
   */
  pooled?: { final: HorizonSplits; bestParams: HorizonSplits };
  /** The run's folder (absolute) when it ran. */
  runDir: string;
  /** The engine that trained it (core/code-version.ts): a content hash of dist/src. */
  codeVersion: string;
}
