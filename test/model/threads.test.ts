import { expect } from 'chai';
import { createBatchTrainer } from '../../src/train/batch-trainer.js';
import { initParameters } from '../../src/model/init.js';
import { createOptimizer, OPTIMIZER_NAMES, Sgd, type OptimizerName } from '../../src/model/optimizer.js';
import { Rnn } from '../../src/model/rnn.js';
import type { OutputMode, RnnSpec } from '../../src/model/spec.js';
import { KERNEL_NAMES, type KernelName } from '../../src/tensor/kernels.js';
import { Random } from '../../src/core/random.js';
import { everyShapeNative, nativeIsas } from '../helpers/backends.js';

/** Trains a fresh, seeded net for a few batches (the last one partial); returns params and losses. */
async function train(
  spec: RnnSpec, kernels: KernelName, threads: number, phases = false, optimizer: OptimizerName = 'sgd',
): Promise<{ params: number[]; losses: number[] }> {
  const net = new Rnn(spec, { kernels, batchCapacity: 64 });
  initParameters(net.params, 'xavier', new Random(3, 'init'));
  const trainer = createBatchTrainer(net, createOptimizer(optimizer, net.params.flat.length, { dtype: net.params.dtype }), { threads });
  const rng = new Random(5, 'data');
  const ySteps = spec.outputMode === 'each' ? spec.timesteps : 1;
  const losses: number[] = [];
  try {
    for (const rows of [64, 64, 37, 64, 1]) {
      const x = Float64Array.from({ length: spec.timesteps * rows * spec.inputSize }, () => rng.normal());
      const y = new Float64Array(ySteps * rows * spec.outputSize);
      for (let k = 0; k < ySteps * rows; k++) y[k * spec.outputSize + rng.int(0, spec.outputSize - 1)] = 1;
      if (phases) {
        losses.push(trainer.forward(x, y, rows));
        trainer.backward();
        trainer.update(0.1);
      } else {
        losses.push(trainer.step(x, y, rows, 0.1));
      }
    }
  } finally {
    await trainer.close();
  }
  return { params: Array.from(net.params.flat), losses };
}

describe('threads split rows, never results', () => {
  everyShapeNative();
  for (const kernels of KERNEL_NAMES) for (const outputMode of ['last', 'each'] as OutputMode[]) {
    it(`${kernels}, ${outputMode}-step: threads 1, 2 and 3 give bit-identical parameters and losses after 5 steps`, async function () {
      if (kernels === 'native') nativeIsas(this);
      const spec: RnnSpec = { netType: 'multiclass', outputMode, timesteps: 6, inputSize: 5, hiddenSize: 9, outputSize: 4, bias: true };
      const one = await train(spec, kernels, 1);
      for (const threads of [2, 3]) {
        const many = await train(spec, kernels, threads);
        expect(many.losses, `losses, threads ${threads}`).to.deep.equal(one.losses);
        expect(many.params, `parameters, threads ${threads}`).to.deep.equal(one.params);
      }
      expect(one.params.every(Number.isFinite)).to.equal(true);
    });
  }

  for (const cell of ['lstm', 'gru', 'elman'] as const) {
    it(`${cell}, 2 layers, bidirectional concat and sum: threads 1 and 2 bit-identical for every optimizer, js, wasm and native alike`, async () => {
      for (const bidirectional of ['concat', 'sum'] as const) {
        const spec: RnnSpec = {
          netType: 'multiclass', outputMode: bidirectional === 'sum' ? 'each' : 'last', timesteps: 3, inputSize: 3, hiddenSize: [5, 4], outputSize: 3, bias: true, cell, bidirectional,
        };
        for (const optimizer of OPTIMIZER_NAMES) {
          const one = await train(spec, 'wasm', 1, false, optimizer);
          const two = await train(spec, 'wasm', 2, false, optimizer);
          expect(two.losses, `losses, ${bidirectional} ${optimizer}`).to.deep.equal(one.losses);
          expect(two.params, `parameters, ${bidirectional} ${optimizer}`).to.deep.equal(one.params);
          expect(one.params.every(Number.isFinite)).to.equal(true);
        }
        const js = await train(spec, 'js', 1);
        expect(js.params, `js and wasm kernels, ${bidirectional}`).to.deep.equal((await train(spec, 'wasm', 1)).params);
        if (nativeIsas().length) expect((await train(spec, 'native', 2)).params, `js and native kernels, ${bidirectional}`).to.deep.equal(js.params);
      }
    });
  }

  for (const cell of ['elman', 'lstm', 'gru'] as const) {
    it(`float32, ${cell}: threads 1 and 2 bit-identical for every optimizer, one layer and 2 bidirectional layers, js, wasm and native alike`, async () => {
      for (const layers of [{ hiddenSize: 7 }, { hiddenSize: [5, 4], bidirectional: 'concat' as const }]) {
        const spec: RnnSpec = { netType: 'multiclass', outputMode: 'last', timesteps: 3, inputSize: 3, outputSize: 3, bias: true, cell, ...layers, dtype: 'float32' };
        for (const optimizer of OPTIMIZER_NAMES) {
          const one = await train(spec, 'wasm', 1, false, optimizer);
          const two = await train(spec, 'wasm', 2, false, optimizer);
          expect(two.losses, `losses, ${optimizer}`).to.deep.equal(one.losses);
          expect(two.params, `parameters, ${optimizer}`).to.deep.equal(one.params);
          expect(one.params.every((p) => Number.isFinite(p) && Math.fround(p) === p), 'every parameter a finite float32').to.equal(true);
          const js = await train(spec, 'js', 2, false, optimizer);
          expect(js.params, `js and wasm kernels, ${optimizer}`).to.deep.equal(one.params);
          if (nativeIsas().length) expect((await train(spec, 'native', 2, false, optimizer)).params, `js and native kernels, ${optimizer}`).to.deep.equal(one.params);
        }
        const float64 = await train({ ...spec, dtype: 'float64' }, 'wasm', 1);
        expect(float64.params, 'float32 is not float64').to.not.deep.equal((await train(spec, 'wasm', 1)).params);
      }
    });
  }

  it('forward / backward / update phases give the same parameters as step, with 2 threads', async () => {
    const spec: RnnSpec = { netType: 'regression', outputMode: 'each', timesteps: 4, inputSize: 3, hiddenSize: 6, outputSize: 2, bias: false };
    const stepped = await train(spec, 'wasm', 2);
    const phased = await train(spec, 'wasm', 2, true);
    expect(phased.params).to.deep.equal(stepped.params);
    expect(phased.losses).to.deep.equal(stepped.losses);
  });

  it('a net that grows past its capacity keeps training on 2 threads', async () => {
    const spec: RnnSpec = { netType: 'binary', outputMode: 'last', timesteps: 3, inputSize: 2, hiddenSize: 4, outputSize: 1, bias: true };
    const net = new Rnn(spec); // capacity 1: the first batch grows the workspace, the pool follows it
    const trainer = createBatchTrainer(net, new Sgd(), { threads: 2 });
    const x = new Float64Array(3 * 40 * 2).fill(0.5), y = new Float64Array(40).fill(1);
    const loss = trainer.step(x, y, 40, 0.1);
    await trainer.close();
    expect(loss).to.be.greaterThan(0);
  });

  it('rejects a thread count that is not a positive integer', () => {
    const net = new Rnn({ netType: 'binary', outputMode: 'last', timesteps: 2, inputSize: 1, hiddenSize: 1, outputSize: 1, bias: true });
    expect(() => createBatchTrainer(net, new Sgd(), { threads: 0 })).to.throw(RangeError, /threads/);
  });
});
