/**
 * A sweep's events: what the live view, the results table and any other observer of a sweep see,
 * in order (the sweep's counterpart of RunEvent). Each trial is a run of its own with its own
 * events.jsonl; these are the sweep-level ones.
 */
import type { RunStatus, RunSummary } from './run-event.js';

export type OutcomeStatus = 'done' | 'failed' | 'interrupted';

/** How a trial ended, as trials/<id>/outcome.json records it. */
export interface TrialOutcome {
  id: string;
  index: number;
  /** The swept values, path → value. */
  params: Record<string, unknown>;
  status: OutcomeStatus;
  /** The run's own status, when it ran (completed, early-stopped, diverged, interrupted …). */
  runStatus?: RunStatus;
  /** The sweep's metric; absent when the trial failed or the metric could not be evaluated. */
  metric?: number;
  /** Why the metric is missing on a finished trial. */
  metricError?: string;
  summary?: RunSummary;
  error?: string;
  /** Wall time of the trial, seconds. */
  seconds: number;
  runDir: string;
}

export interface SweepCounts { total: number; done: number; failed: number; interrupted: number; running: number; pending: number }

export interface SweepStartEvent {
  /** parallel: trials at once, absent on a queue (its workers decide); where: e.g. "2 at a time". */
  type: 'sweep-start'; name: string; dir: string; total: number; toRun: number; parallel?: number; where: string; metric: string; goal: 'min' | 'max'; resumed: boolean;
}
/** The trial began to train (on a queue: when a worker took it). */
export interface TrialStartEvent { type: 'trial-start'; id: string; index: number; params: Record<string, unknown>; runDir: string }
/**
 * A running trial's position, as its executor reports it (a worker thread through a message port, a
 * queue worker through Redis), at most about once a second: epochs completed (fractional, as in
 * RunEvent) and the latest losses and validation metric.
 */
export interface TrialProgress {
  epoch: number;
  maxEpochs: number;
  trainLoss?: number;
  validationLoss?: number;
  /** The latest validation accuracy (classifiers) or R² (regression), named. */
  metricName?: 'accuracy' | 'r2';
  metric?: number;
}
export interface TrialProgressEvent extends TrialProgress { type: 'trial-progress'; id: string }
export interface TrialEndEvent { type: 'trial-end'; outcome: TrialOutcome }
/** Counts changed, with the best trial so far. */
export interface SweepCountsEvent { type: 'sweep-counts'; counts: SweepCounts; best?: TrialOutcome }
/** Something a user should know (a note about the trial list, Ctrl-C, a trial that could not be recorded). */
export interface SweepNoticeEvent { type: 'sweep-notice'; text: string }
export interface SweepEndEvent { type: 'sweep-end'; counts: SweepCounts; best?: TrialOutcome; interrupted: boolean }

export type SweepEvent = SweepStartEvent | TrialStartEvent | TrialProgressEvent | TrialEndEvent | SweepCountsEvent | SweepNoticeEvent | SweepEndEvent;
