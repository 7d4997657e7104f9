/**
 * Forward-only passes over a whole split, in batches, with the chapter's metrics. During a run the
 * Evaluator takes the parameters to use as an argument and runs them on its own net, so the live
 * training net is never touched (nanoGPT's estimate_loss(), as one function).
 */
import type { SequenceSplit } from '../data/types.js';
import { MetricAccumulator, type LabelMeaning, type Metrics } from '../model/metrics.js';
import type { ParamSet } from '../model/params.js';
import { Rnn } from '../model/rnn.js';
import type { RnnSpec } from '../model/spec.js';

/** Reusable batch buffers, so checks during training do not allocate per batch. */
class EvalBuffers {
  x = new Float64Array(0);
  y = new Float64Array(0);
  right = new Uint8Array(0);
  order = new Uint32Array(0);
  lengths = new Int32Array(0);
}

/** labels: what the split's labels mean (µg/m³ errors, class names), from the dataset. */
function metricsOf(net: Rnn, split: SequenceSplit, batchSize: number, b: EvalBuffers, labels: LabelMeaning): Metrics {
  const { timesteps: T, inputSize: n, outputSize: o } = net.spec;
  const rowsMax = Math.min(batchSize, Math.max(split.size, 1));
  const ySteps = net.spec.outputMode === 'each' ? T : 1;
  if (b.x.length < T * rowsMax * n) b.x = new Float64Array(T * rowsMax * n);
  if (b.y.length < ySteps * rowsMax * o) b.y = new Float64Array(ySteps * rowsMax * o);
  if (b.right.length < rowsMax) b.right = new Uint8Array(rowsMax);
  if (b.order.length < split.size) b.order = Uint32Array.from({ length: split.size }, (_, i) => i);
  // Variable-length samples: each batch's lengths; its steps are their longest, and only real steps are scored.
  if (split.lengths && b.lengths.length < rowsMax) b.lengths = new Int32Array(rowsMax);
  const each = net.spec.outputMode === 'each';
  const acc = new MetricAccumulator(net.spec.netType, o, labels);
  for (let from = 0; from < split.size; from += rowsMax) {
    const rows = Math.min(rowsMax, split.size - from);
    const rowLengths = split.lengths ? b.lengths : undefined;
    split.gather(b.order, from, rows, b.x, b.y, rowLengths);
    net.forwardBatch(b.x, rows, rowLengths);
    acc.addLoss(net.lossSum(b.y), rows);
    b.right.fill(1, 0, rows);
    // Each-step mode: one output per real step; last-step mode: the one output (each row's own last step).
    const steps = net.steps;
    for (let k = 0; k < (each ? steps : 1); k++) {
      const t = each ? k : steps - 1;
      acc.addOutputs(net.output(t), 0, b.y, k * rows * o, rows, b.right, each ? rowLengths : undefined, t);
    }
    acc.addVerdicts(b.right, rows);
  }
  return acc.result();
}

/** Evaluates any parameter set of one spec on its own net (made once, grown to the largest batch). */
export class Evaluator {
  private readonly net: Rnn;
  private readonly buffers = new EvalBuffers();

  constructor(spec: RnnSpec, readonly batchSize = 256, capacity = batchSize, readonly labels: LabelMeaning = {}) {
    this.net = new Rnn(spec, { batchCapacity: capacity });
  }

  /** The evaluation net holding a copy of `params`, for dataset hooks that run a net (horizon forecasts, feedback roll-outs). */
  netWith(params: ParamSet): Rnn {
    this.net.params.copyFrom(params);
    return this.net;
  }

  run(params: ParamSet, split: SequenceSplit): Metrics {
    return metricsOf(this.netWith(params), split, this.batchSize, this.buffers, this.labels);
  }
}

/** Metrics of a net with its own parameters (the eval command, the API). */
export function evaluate(net: Rnn, split: SequenceSplit, batchSize = 256, labels: LabelMeaning = {}): Metrics {
  return metricsOf(net, split, batchSize, new EvalBuffers(), labels);
}
