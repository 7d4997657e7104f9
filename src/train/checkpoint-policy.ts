/**
 * Which parameters to keep and when to stop, decided from validation results alone: the best set is
 * the one with the best monitored metric at a check (train.monitor; absent: the lowest validation
 * loss); patience counts checks in a row without an improvement of more than minDelta. A check whose
 * loss is not finite never becomes the best, whatever is monitored.
 */
import { metricKey, monitorOf, monitorWords, type Monitor } from '../config/monitor.js';
import type { TrainConfig } from '../config/types.js';
import type { Metrics } from '../model/metrics.js';
import type { ParamSet } from '../model/params.js';
import type { FloatArray } from '../tensor/float-array.js';

/** The best check so far: where, its validation loss, its monitored value (the loss itself by default), its parameters. */
export interface BestSoFar { epoch: number; iteration: number; validationLoss: number; value: number; params: ParamSet }

/**
 * The policy's state for a TrainingState: the best so far (its parameters flat) and the patience count.
 * `value` is absent in states saved before train.monitor existed: their best value was the loss.
 */
export interface PolicyState {
  best: { epoch: number; iteration: number; validationLoss: number; value?: number; params: FloatArray };
  checksWithoutImprovement: number;
}

type PolicyOptions = Pick<TrainConfig, 'patience' | 'minDelta' | 'stopAtValidationAccuracy' | 'monitor'>;

export class CheckpointPolicy {
  readonly best: BestSoFar;
  readonly monitor: Monitor;
  private checksWithoutImprovement = 0;

  constructor(initial: ParamSet, private readonly options: PolicyOptions) {
    this.monitor = monitorOf(options);
    const worst = this.monitor.mode === 'min' ? Infinity : -Infinity;
    this.best = { epoch: 0, iteration: 0, validationLoss: Infinity, value: worst, params: initial.clone() };
  }

  /** Whether any check has been kept as the best yet. */
  get hasBest(): boolean {
    return Number.isFinite(this.best.validationLoss);
  }

  /** The monitored metric of a check (NaN when the metrics lack it). */
  valueOf(metrics: Metrics): number {
    return metrics[metricKey(this.monitor.metric)] ?? NaN;
  }

  /** Records a check; returns true when `params` are the new best (the caller emits a best checkpoint). */
  observe(metrics: Metrics, params: ParamSet, epoch: number, iteration: number): boolean {
    const value = this.valueOf(metrics);
    const { minDelta } = this.options;
    const better = this.monitor.mode === 'min' ? value < this.best.value - minDelta : value > this.best.value + minDelta;
    if (Number.isFinite(metrics.loss) && Number.isFinite(value) && better) {
      this.best.params.copyFrom(params);
      Object.assign(this.best, { epoch, iteration, validationLoss: metrics.loss, value });
      this.checksWithoutImprovement = 0;
      return true;
    }
    this.checksWithoutImprovement++;
    return false;
  }

  /** Keeps `params` as the best without a check during training (the finish stage, when no check could keep any). */
  keep(params: ParamSet, metrics: Metrics): void {
    this.best.params.copyFrom(params);
    Object.assign(this.best, { epoch: 0, iteration: 0, validationLoss: metrics.loss, value: this.valueOf(metrics) });
  }

  /** A copy of the policy's state. */
  state(): PolicyState {
    const { epoch, iteration, validationLoss, value, params } = this.best;
    return { best: { epoch, iteration, validationLoss, value, params: params.flat.slice() }, checksWithoutImprovement: this.checksWithoutImprovement };
  }

  restore(state: PolicyState): void {
    const { params, value, ...rest } = state.best;
    if (params.length !== this.best.params.flat.length) {
      throw new RangeError(`checkpoint policy state: ${params.length} best parameters for a net of ${this.best.params.flat.length}`);
    }
    this.best.params.flat.set(params);
    Object.assign(this.best, rest, { value: value ?? rest.validationLoss });
    this.checksWithoutImprovement = state.checksWithoutImprovement;
  }

  /** Why training should stop after the latest check, or null to go on. */
  stopReason(metrics: Metrics): string | null {
    const target = this.options.stopAtValidationAccuracy;
    if (target !== undefined && metrics.accuracy !== undefined && metrics.accuracy >= target) {
      return `validation accuracy ${metrics.accuracy} reached train.stopAtValidationAccuracy ${target}`;
    }
    const patience = this.options.patience;
    if (patience !== undefined && this.checksWithoutImprovement >= patience) {
      const better = monitorWords(this.monitor).replace(/^lowest/, 'lower').replace(/^highest/, 'higher');
      return `no ${better} for ${patience} checks in a row (train.patience${this.options.monitor ? ', train.monitor' : ''})`;
    }
    return null;
  }
}
