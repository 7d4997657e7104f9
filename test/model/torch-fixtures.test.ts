/**
 * rnnflow against PyTorch: nets built with torch.nn.RNN / LSTM / GRU + nn.Linear (or a stack of
 * one-layer modules for "sum" and unequal sizes), float64, by test/fixtures/torch/make_fixtures.py.
 * Their state_dicts load with { layout: 'torch' }; outputs, the summed loss and every gradient must
 * agree to 1e-9 relative. The fixture's losses are summed over rows and steps (PyTorch's
 * reduction="sum", ½ squared error), the sum rnnflow's backward differentiates, so nothing is rescaled.
 * packed.json: variable-length batches through pack_padded_sequence (every cell × layers 1/2 ×
 * bidirectional × output mode), with large random numbers in the padding; agreement to 1e-12.
 * embedding.json: the same with tokens through nn.Embedding (rnnflow reads them one-hot, the unknown
 * token as an all-zero vector = PyTorch's padding_idx row), every cell, to 1e-12.
 */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Rnn } from '../../src/model/rnn.js';
import type { RnnSpec } from '../../src/model/spec.js';
import type { TorchParameters } from '../../src/model/torch-layout.js';
import { root } from '../helpers/cli.js';

interface TorchCase {
  name: string; module: string; spec: RnnSpec; lengths?: number[];
  parameters: Record<string, unknown>; x: number[][][]; y: number[][][] | number[][];
  output: number[][][] | number[][]; loss: number; gradients: Record<string, unknown>;
}

const flat = (v: unknown): number[] => (Array.isArray(v) ? v.flatMap(flat) : [v as number]);

/** max |a − b| / max(|b|, 1e-3): relative where values are sizeable, absolute near zero. */
function worstRelative(a: unknown, b: unknown): number {
  const x = flat(a);
  const y = flat(b);
  expect(x.length).to.equal(y.length);
  let worst = 0;
  for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(x[i] - y[i]) / Math.max(Math.abs(y[i]), 1e-3));
  return worst;
}

/** The summed loss of outputs a against labels y, from the definitions (½ squared error, BCE, CE); `real` leaves padded steps out. */
function summedLoss(netType: RnnSpec['netType'], a: number[], y: number[], real: (i: number) => boolean = () => true): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    if (!real(i)) continue;
    if (netType === 'regression') sum += 0.5 * (a[i] - y[i]) ** 2;
    else if (netType === 'binary') sum -= y[i] * Math.log(a[i]) + (1 - y[i]) * Math.log(1 - a[i]);
    else sum -= y[i] * Math.log(a[i]);
  }
  return sum;
}

for (const cell of ['elman', 'lstm', 'gru']) {
  const { cases, torch } = JSON.parse(readFileSync(join(root, 'test', 'fixtures', 'torch', `${cell}.json`), 'utf8')) as { cases: TorchCase[]; torch: string };
  describe(`${cell} against PyTorch ${torch} (committed fixtures)`, () => {
    for (const c of cases) {
      it(`${c.name} (${c.module}): outputs, loss and gradients to 1e-9`, () => {
        const net = new Rnn(c.spec);
        net.setParameters(c.parameters as TorchParameters, { layout: 'torch' });
        const a = net.forward(c.x);
        expect(worstRelative(a, c.output), 'outputs').to.be.below(1e-9);
        expect(Math.abs(summedLoss(c.spec.netType, flat(a), flat(c.y)) - c.loss) / c.loss, 'loss').to.be.below(1e-9);
        const gradients: Record<string, unknown> = net.backward(c.y, { layout: 'torch' });
        expect(Object.keys(gradients).sort()).to.deep.equal(Object.keys(c.gradients).sort());
        for (const [name, g] of Object.entries(c.gradients)) {
          expect(worstRelative(gradients[name], g), name).to.be.below(1e-9);
        }
        // The torch layout read back is what was loaded (the Elman cell keeps bias_ih + bias_hh as one b_u).
        const back: Record<string, unknown> = net.getParameters({ layout: 'torch' });
        for (const [name, p] of Object.entries(c.parameters)) {
          if (cell === 'elman' && name.startsWith('rnn.bias_')) continue;
          expect(worstRelative(back[name], p), name).to.equal(0);
        }
      });
    }
  });
}

for (const file of ['packed', 'embedding']) describe(`variable-length batches against PyTorch's packed sequences, ${file}.json (committed fixtures)`, () => {
  const { cases, torch } = JSON.parse(readFileSync(join(root, 'test', 'fixtures', 'torch', `${file}.json`), 'utf8')) as { cases: TorchCase[]; torch: string };
  const worst: string[] = [];
  after(() => console.log(`      worst relative error per case (PyTorch ${torch}):\n${worst.map((w) => `        ${w}`).join('\n')}`));
  if (file === 'packed') it('covers every cell × layers 1, 2 × bidirectional false, concat, sum × each, last', () => {
    const seen = new Set(cases.map((c) => {
      const layers = Array.isArray(c.spec.hiddenSize) ? c.spec.hiddenSize.length : 1;
      return `${c.spec.cell} ${layers} ${c.spec.bidirectional} ${c.spec.outputMode}`;
    }));
    expect(seen.size).to.equal(36);
  });
  for (const c of cases) {
    it(`${c.name} (${c.module}): outputs, loss and gradients to 1e-12`, () => {
      const net = new Rnn(c.spec);
      net.setParameters(c.parameters as TorchParameters, { layout: 'torch' });
      const a = net.forward(c.x, { lengths: c.lengths });
      let w = worstRelative(a, c.output);
      expect(w, 'outputs').to.be.below(1e-12);
      const o = c.spec.outputSize, T = c.spec.timesteps, each = c.spec.outputMode === 'each';
      const real = (i: number) => !each || Math.floor(i / o) % T < c.lengths![Math.floor(i / (o * T))];
      const lossError = Math.abs(summedLoss(c.spec.netType, flat(a), flat(c.y), real) - c.loss) / c.loss;
      expect(lossError, 'loss').to.be.below(1e-12);
      const gradients: Record<string, unknown> = net.backward(c.y, { layout: 'torch' });
      expect(Object.keys(gradients).sort()).to.deep.equal(Object.keys(c.gradients).sort());
      for (const [name, g] of Object.entries(c.gradients)) {
        const e = worstRelative(gradients[name], g);
        w = Math.max(w, e);
        expect(e, name).to.be.below(1e-12);
      }
      worst.push(`${w.toExponential(1)}  ${c.name}`);
    });
  }
});
