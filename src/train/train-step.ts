/** One SGD iteration on a gathered batch: forward, loss, backward, update. Returns the loss summed over rows. */
import type { Optimizer } from '../model/optimizer.js';
import type { Rnn } from '../model/rnn.js';

export function trainStep(net: Rnn, optimizer: Optimizer, x: Float64Array, y: Float64Array, rows: number, eta: number): number {
  net.forwardBatch(x, rows);
  const loss = net.lossSum(y);
  net.backwardBatch(y);
  optimizer.step(net.params.flat, net.grads.flat, rows, eta);
  return loss;
}
