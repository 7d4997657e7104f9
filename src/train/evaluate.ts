/** Forward-only pass over a whole split, in batches, with the chapter's metrics. */
import type { SequenceSplit } from '../data/types.js';
import { MetricAccumulator, type Metrics } from '../model/metrics.js';
import type { Rnn } from '../model/rnn.js';

/** Reusable buffers for evaluation, so checkpoints during training do not allocate per batch. */
export class Evaluator {
  private x = new Float64Array(0);
  private y = new Float64Array(0);
  private right = new Uint8Array(0);
  private order = new Uint32Array(0);

  constructor(readonly batchSize = 256) {}

  run(net: Rnn, split: SequenceSplit): Metrics {
    const { timesteps: T, inputSize: n, outputSize: o } = net.spec;
    const rowsMax = Math.min(this.batchSize, Math.max(split.size, 1));
    const ySteps = net.spec.outputMode === 'each' ? T : 1;
    if (this.x.length < T * rowsMax * n) this.x = new Float64Array(T * rowsMax * n);
    if (this.y.length < ySteps * rowsMax * o) this.y = new Float64Array(ySteps * rowsMax * o);
    if (this.right.length < rowsMax) this.right = new Uint8Array(rowsMax);
    if (this.order.length < split.size) this.order = Uint32Array.from({ length: split.size }, (_, i) => i);
    const acc = new MetricAccumulator(net.spec.netType, o);
    for (let from = 0; from < split.size; from += rowsMax) {
      const rows = Math.min(rowsMax, split.size - from);
      split.gather(this.order, from, rows, this.x, this.y);
      net.forwardBatch(this.x, rows);
      acc.addLoss(net.lossSum(this.y), rows);
      this.right.fill(1, 0, rows);
      for (let k = 0; k < ySteps; k++) {
        const t = net.spec.outputMode === 'each' ? k : T - 1;
        acc.addOutputs(net.output(t), 0, this.y, k * rows * o, rows, this.right);
      }
      acc.addVerdicts(this.right, rows);
    }
    return acc.result();
  }
}

export function evaluate(net: Rnn, split: SequenceSplit, batchSize = 256): Metrics {
  return new Evaluator(batchSize).run(net, split);
}
