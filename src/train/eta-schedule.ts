/**
 * The learning rate per epoch: train.eta, or train.etaSchedule, a mathjs expression over
 * eta, epoch (0-based) and epochs, compiled in the locked-down expression sandbox.
 */
import { compileExpression } from '../core/expressions/safe-math.js';
import { UserError } from '../core/errors.js';
import type { TrainConfig } from '../config/types.js';

export function compileEtaSchedule(train: TrainConfig, file: string): (epoch: number) => number {
  const { eta, etaSchedule, maxEpochs } = train;
  if (etaSchedule === undefined) return () => eta;
  const expr = compileExpression(etaSchedule, { variables: ['eta', 'epoch', 'epochs'], context: 'etaSchedule' });
  // Every epoch's rate is computed and checked up front, so a bad schedule fails before training
  // rather than at epoch 80, and the training loop only reads a table.
  const rates = new Float64Array(maxEpochs);
  for (let epoch = 0; epoch < maxEpochs; epoch++) {
    const raw = expr.evaluate({ eta, epoch, epochs: maxEpochs });
    const v = typeof raw === 'number' ? raw : Number(raw);
    if (!Number.isFinite(v) || v <= 0) {
      throw new UserError(`${file}: train.etaSchedule "${etaSchedule}" gives ${String(raw)} at epoch ${epoch}; it must be a positive number at every epoch.`);
    }
    rates[epoch] = v;
  }
  return (epoch: number) => rates[epoch];
}
