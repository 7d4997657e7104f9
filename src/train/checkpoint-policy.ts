/**
 * Which parameters to keep and when to stop, decided from validation results alone: the best
 * set is the one with the lowest validation loss at a check; patience counts checks in a row
 * without an improvement of more than minDelta.
 */
import type { Metrics } from '../model/metrics.js';
import type { ParamSet } from '../model/params.js';
import type { FloatArray } from '../tensor/float-array.js';

export interface BestSoFar { epoch: number; iteration: number; validationLoss: number; params: ParamSet }

/** The policy's state for a TrainingState: the best so far (its parameters flat) and the patience count. */
export interface PolicyState {
  best: { epoch: number; iteration: number; validationLoss: number; params: FloatArray };
  checksWithoutImprovement: number;
}

export class CheckpointPolicy {
  readonly best: BestSoFar;
  private checksWithoutImprovement = 0;

  constructor(
    initial: ParamSet,
    private readonly options: { patience?: number; minDelta: number; stopAtValidationAccuracy?: number },
  ) {
    this.best = { epoch: 0, iteration: 0, validationLoss: Infinity, params: initial.clone() };
  }

  /** Records a check; returns true when `params` are the new best (the caller emits a best checkpoint). */
  observe(metrics: Metrics, params: ParamSet, epoch: number, iteration: number): boolean {
    if (Number.isFinite(metrics.loss) && metrics.loss < this.best.validationLoss - this.options.minDelta) {
      this.best.params.copyFrom(params);
      Object.assign(this.best, { epoch, iteration, validationLoss: metrics.loss });
      this.checksWithoutImprovement = 0;
      return true;
    }
    this.checksWithoutImprovement++;
    return false;
  }

  /** A copy of the policy's state. */
  state(): PolicyState {
    const { epoch, iteration, validationLoss, params } = this.best;
    return { best: { epoch, iteration, validationLoss, params: params.flat.slice() }, checksWithoutImprovement: this.checksWithoutImprovement };
  }

  restore(state: PolicyState): void {
    const { params, ...rest } = state.best;
    if (params.length !== this.best.params.flat.length) {
      throw new RangeError(`checkpoint policy state: ${params.length} best parameters for a net of ${this.best.params.flat.length}`);
    }
    this.best.params.flat.set(params);
    Object.assign(this.best, rest);
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
      return `no lower validation loss for ${patience} checks in a row (train.patience)`;
    }
    return null;
  }
}
