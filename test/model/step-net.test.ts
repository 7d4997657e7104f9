import { expect } from 'chai';
import { Random } from '../../src/core/random.js';
import { StepNet } from '../../src/model/step-net.js';
import { Rnn } from '../../src/model/rnn.js';
import type { RnnSpec } from '../../src/model/spec.js';
import { machineKernels } from '../../src/tensor/backend.js';
import type { KernelName } from '../../src/tensor/kernels.js';
import { randomCase } from '../helpers/cases.js';

/** The batch forward's output for the window of `series` [steps][input] that ends at `end`. */
function windowOutput(net: Rnn, series: Float64Array, end: number): number[] {
  const { timesteps: T, inputSize: n, outputSize: o } = net.spec;
  net.forwardBatch(series.slice((end - T + 1) * n, (end + 1) * n), 1);
  return Array.from(net.output(T - 1).subarray(0, o));
}

const CASES: { name: string; sizes: Parameters<typeof randomCase>[6]; netType: RnnSpec['netType']; mode: RnnSpec['outputMode']; bias: boolean }[] = [
  { name: 'Elman regression, bias', sizes: { cell: 'elman' }, netType: 'regression', mode: 'last', bias: true },
  { name: 'Elman binary each-step, no bias', sizes: { cell: 'elman' }, netType: 'binary', mode: 'each', bias: false },
  { name: 'GRU multiclass, bias', sizes: { cell: 'gru', hiddenSize: 5 }, netType: 'multiclass', mode: 'last', bias: true },
  { name: 'GRU regression, no bias', sizes: { cell: 'gru' }, netType: 'regression', mode: 'last', bias: false },
  { name: 'LSTM stack [3,2], bias', sizes: { cell: 'lstm', hiddenSize: [3, 2] }, netType: 'regression', mode: 'last', bias: true },
  { name: 'LSTM no bias', sizes: { cell: 'lstm' }, netType: 'binary', mode: 'last', bias: false },
  { name: 'GRU with an embedding (one-hot input)', sizes: { cell: 'gru', inputSize: 6, embeddingSize: 2 }, netType: 'multiclass', mode: 'last', bias: true },
  { name: 'Elman stack [4,3] float32', sizes: { cell: 'elman', hiddenSize: [4, 3], dtype: 'float32' }, netType: 'regression', mode: 'last', bias: true },
];

describe('StepNet: a net stepped one observation at a time', () => {
  const kernels: KernelName[] = [...new Set<KernelName>(['js', 'wasm', machineKernels()])];
  for (const kernelName of kernels) {
    for (const c of CASES) {
      it(`${c.name} (${kernelName}): T rows started one step apart give every window's batch forward output, bit for bit`, () => {
        const rng = new Random(7);
        const T = 4, steps = 11;
        const { net } = randomCase(rng, c.netType, c.mode, c.bias, T, 1, c.sizes);
        const n = net.spec.inputSize, o = net.spec.outputSize;
        const series = new Float64Array(steps * n).map(() => rng.normal());
        if (net.spec.embeddingSize) {
          series.fill(0);
          for (let s = 0; s < steps; s++) if (s % 5 !== 2) series[s * n + rng.int(0, n - 1)] = 1; // every fifth an <unk> (all zeros)
        }
        const stepped = new StepNet(net.spec, net.params.flat, T, kernelName);
        const out = new Float64Array(o);
        let compared = 0;
        for (let s = 0; s < steps; s++) {
          stepped.resetRow(s % T);
          stepped.step(series.subarray(s * n, (s + 1) * n));
          if (s < T - 1) continue;
          stepped.output((s + 1) % T, out);
          expect(Array.from(out), `window ending at ${s}`).to.deep.equal(windowOutput(net, series, s));
          compared++;
        }
        expect(compared).to.equal(steps - T + 1);
      });
    }
  }

  it('saveState / loadState carry a sequence across another one stepped in between', () => {
    const rng = new Random(3);
    const { net } = randomCase(rng, 'regression', 'last', true, 5, 1, { cell: 'lstm' });
    const n = net.spec.inputSize;
    const a = new Float64Array(5 * n).map(() => rng.normal()), b = new Float64Array(3 * n).map(() => rng.normal());
    const stepped = new StepNet(net.spec, net.params.flat, 1, 'js');
    const saved = new Float64Array(stepped.stateSize), out = new Float64Array(net.spec.outputSize);
    for (let s = 0; s < 3; s++) stepped.step(a.subarray(s * n, (s + 1) * n));
    stepped.saveState(saved);
    stepped.resetRow(0);
    for (let s = 0; s < 3; s++) stepped.step(b.subarray(s * n, (s + 1) * n));
    stepped.loadState(saved);
    for (let s = 3; s < 5; s++) stepped.step(a.subarray(s * n, (s + 1) * n));
    stepped.output(0, out);
    expect(Array.from(out)).to.deep.equal(windowOutput(net, a, 4));
  });

  it('refuses a bidirectional net, saying why', () => {
    const { net } = randomCase(new Random(1), 'regression', 'last', true, 3, 1, { bidirectional: 'concat' });
    expect(() => new StepNet(net.spec, net.params.flat, 1, 'js')).to.throw(/bidirectional net reads each sequence backwards from its end/);
  });
});
