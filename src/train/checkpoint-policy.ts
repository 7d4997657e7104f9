/**
 * Which parameters to keep and when to stop, decided from validation results alone: the best
 * set is the one with the lowest validation loss at a check; patience counts checks in a row
 * without an improvement of more than minDelta.
 */
import type { Metrics } from '../model/metrics.js';
import type { ParamSet } from '../model/params.js';

export interface BestSoFar { epoch: number; iteration: number; validationLoss: number; params: ParamSet }

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
