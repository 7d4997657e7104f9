/**
 * Variable-length training on the surnames (§19.5), the PyTorch peer's setting
 * (/work/shared/peers/torch_names.py: one-hot GRU-64 + Linear, Adam 0.003, batch 32, packed sequences):
 * the names prepared and split as experiments/names-gru.json5 does, batches bucketed by length, each
 * padded to its longest name. Throughput = training names per second of one epoch (its plan, every
 * gather and step), median of the timed epochs after a warm-up, as the peer times its epochs.
 */
import { Random } from '../src/core/random.js';
import type { SequencesData } from '../src/config/types.js';
import { loadDataset } from '../src/data/index.js';
import { paddingOf } from '../src/data/length-batches.js';
import type { VariableSequences } from '../src/data/variable-sequences.js';
import { initParameters } from '../src/model/init.js';
import { createOptimizer } from '../src/model/optimizer.js';
import { Rnn } from '../src/model/rnn.js';
import type { RnnSpec } from '../src/model/spec.js';
import { createBatchTrainer } from '../src/train/batch-trainer.js';
import { EpochShuffle } from '../src/train/shuffle.js';
import type { FloatType } from '../src/tensor/float-array.js';

export const NAMES_BATCH = 32, NAMES_HIDDEN = 64, NAMES_ETA = 0.003;

const NAMES: SequencesData = {
  name: 'sequences', file: 'data/names.tsv.gz', format: 'auto', textColumn: 'text', labelColumn: 'label', tokens: 'characters',
  stripAccents: true, lowerCase: true, keep: "abcdefghijklmnopqrstuvwxyz ,'", dropDuplicates: true, tooLong: 'error', task: 'classes',
  validationFraction: 0.1, testFraction: 0.1, stratify: true, batching: 'buckets',
};

export interface NamesResult { samplesPerSecond: number; epochRates: number[]; lossFirst: number; lossLast: number; paddedShare: number }

export async function trainNames(packageDir: string, dtype: FloatType, threads: number, budget: { warmup: number; min: number; max: number; seconds: number }): Promise<NamesResult> {
  const data = loadDataset(NAMES, { seed: 1, baseDir: packageDir, packageDir });
  const train = data.train as VariableSequences;
  const spec: RnnSpec = {
    netType: 'multiclass', outputMode: 'last', timesteps: train.timesteps, inputSize: train.inputSize, hiddenSize: NAMES_HIDDEN,
    outputSize: train.outputSize, bias: true, cell: 'gru', dtype,
  };
  const net = new Rnn(spec, { batchCapacity: NAMES_BATCH });
  initParameters(net.params, 'pytorch', new Random(1, 'init'));
  const trainer = createBatchTrainer(net, createOptimizer('adam', net.params.flat.length, { dtype: net.params.dtype }), { threads });
  const x = new Float64Array(train.timesteps * NAMES_BATCH * train.inputSize);
  const y = new Float64Array(NAMES_BATCH * train.outputSize);
  const lengths = new Int32Array(NAMES_BATCH);
  const shuffle = new EpochShuffle(1, train.size);
  const rates: number[] = [], losses: number[] = [];
  let padded = 0, computed = 0;
  let start = performance.now(), warm = true;
  for (let epoch = 0; rates.length < budget.max; epoch++) {
    const t0 = performance.now();
    const plan = train.planBatches(shuffle.shuffleFor(epoch), NAMES_BATCH, epoch);
    let loss = 0;
    for (let k = 0; k + 1 < plan.starts.length; k++) {
      const rows = plan.starts[k + 1] - plan.starts[k];
      train.gather(plan.order, plan.starts[k], rows, x, y, lengths);
      let steps = 0;
      for (let r = 0; r < rows; r++) steps = Math.max(steps, lengths[r]);
      loss += trainer.step(x, y, rows, NAMES_ETA, lengths, steps);
    }
    const dt = (performance.now() - t0) / 1000;
    const p = paddingOf(plan, train.lengths);
    padded += p.padded;
    computed += p.computed;
    losses.push(loss / train.size);
    if (warm) {
      warm = epoch < 1 || (performance.now() - start) / 1000 < budget.warmup;
      if (!warm) start = performance.now();
      continue;
    }
    rates.push(train.size / dt);
    if (rates.length >= budget.min && (performance.now() - start) / 1000 > budget.seconds) break;
  }
  await trainer.close();
  const sorted = [...rates].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return {
    samplesPerSecond: sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2, epochRates: rates.map(Math.round),
    lossFirst: losses[0], lossLast: losses[losses.length - 1], paddedShare: padded / computed,
  };
}
