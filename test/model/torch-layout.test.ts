import { expect } from 'chai';
import { Random } from '../../src/core/random.js';
import { initParameters } from '../../src/model/init.js';
import { describeShape } from '../../src/model/params.js';
import { Rnn } from '../../src/model/rnn.js';
import type { RnnSpec } from '../../src/model/spec.js';

const base: RnnSpec = { netType: 'multiclass', outputMode: 'last', timesteps: 3, inputSize: 5, hiddenSize: 4, outputSize: 3, bias: true };
const shapes = (p: Record<string, unknown>) => Object.fromEntries(Object.entries(p).map(([k, v]) => [k, describeShape(v)]));

describe('the torch layout', () => {
  it('names and shapes a stacked bidirectional LSTM as PyTorch\'s state_dict (concat: the next layer and the head read 2H)', () => {
    const net = new Rnn({ ...base, cell: 'lstm', hiddenSize: [4, 2], bidirectional: 'concat' });
    expect(shapes(net.getParameters({ layout: 'torch' }))).to.deep.equal({
      'rnn.weight_ih_l0': '[16][5]', 'rnn.weight_hh_l0': '[16][4]', 'rnn.bias_ih_l0': '[16]', 'rnn.bias_hh_l0': '[16]',
      'rnn.weight_ih_l0_reverse': '[16][5]', 'rnn.weight_hh_l0_reverse': '[16][4]', 'rnn.bias_ih_l0_reverse': '[16]', 'rnn.bias_hh_l0_reverse': '[16]',
      'rnn.weight_ih_l1': '[8][8]', 'rnn.weight_hh_l1': '[8][2]', 'rnn.bias_ih_l1': '[8]', 'rnn.bias_hh_l1': '[8]',
      'rnn.weight_ih_l1_reverse': '[8][8]', 'rnn.weight_hh_l1_reverse': '[8][2]', 'rnn.bias_ih_l1_reverse': '[8]', 'rnn.bias_hh_l1_reverse': '[8]',
      'head.weight': '[3][4]', 'head.bias': '[3]',
    });
  });

  it('a GRU with sum reads H features in the next layer and the head; no biases without bias', () => {
    const net = new Rnn({ ...base, cell: 'gru', hiddenSize: [3, 3], bidirectional: 'sum', bias: false });
    expect(shapes(net.getParameters({ layout: 'torch' }))).to.deep.equal({
      'rnn.weight_ih_l0': '[9][5]', 'rnn.weight_hh_l0': '[9][3]', 'rnn.weight_ih_l0_reverse': '[9][5]', 'rnn.weight_hh_l0_reverse': '[9][3]',
      'rnn.weight_ih_l1': '[9][3]', 'rnn.weight_hh_l1': '[9][3]', 'rnn.weight_ih_l1_reverse': '[9][3]', 'rnn.weight_hh_l1_reverse': '[9][3]',
      'head.weight': '[3][3]',
    });
  });

  it('Elman: weight_ih = Uᵀ, weight_hh = Wᵀ, bias_ih = b_u, bias_hh = 0 out; b_u = bias_ih + bias_hh in', () => {
    const net = new Rnn(base);
    initParameters(net.params, 'pytorch', new Random(1, 'init'));
    const own = net.getParameters(), torch = net.getParameters({ layout: 'torch' });
    expect(torch['rnn.weight_ih_l0']).to.deep.equal(own.U[0].map((_, j) => own.U.map((row) => row[j])));
    expect(torch['rnn.weight_hh_l0']).to.deep.equal(own.W[0].map((_, j) => own.W.map((row) => row[j])));
    expect(torch['rnn.bias_ih_l0']).to.deep.equal(own.bu[0]);
    expect(torch['rnn.bias_hh_l0']).to.deep.equal([0, 0, 0, 0]);
    expect(torch['head.weight']).to.deep.equal(own.V[0].map((_, j) => own.V.map((row) => row[j])));
    expect(torch['head.bias']).to.deep.equal(own.bv[0]);
    net.setParameters({ ...torch, 'rnn.bias_ih_l0': [1, 2, 3, 4], 'rnn.bias_hh_l0': [0.5, 0.5, 0.5, -4] }, { layout: 'torch' });
    expect(net.getParameters().bu).to.deep.equal([[1.5, 2.5, 3.5, 0]]);
    expect(net.getParameters().U).to.deep.equal(own.U);
  });

  it('round-trips every net bit for bit, and backward reports gradients under the same names (Elman: b_u\'s under both biases)', () => {
    for (const cell of ['elman', 'lstm', 'gru'] as const) {
      const spec: RnnSpec = { ...base, cell, hiddenSize: [3, 2], bidirectional: 'concat' };
      const a = new Rnn(spec), b = new Rnn(spec);
      initParameters(a.params, 'pytorch', new Random(2, 'init'));
      const torch = a.getParameters({ layout: 'torch' });
      b.setParameters(torch, { layout: 'torch' });
      expect(Array.from(b.params.flat), cell).to.deep.equal(Array.from(a.params.flat));
      const x = [[[1, 0, 0, 0, 1], [0, 1, 0, 1, 0], [0, 0, 1, 0, 0]]];
      a.forward(x);
      const g = a.backward([[0, 1, 0]], { layout: 'torch' });
      expect(Object.keys(g), cell).to.deep.equal(Object.keys(torch));
      if (cell === 'elman') expect(g['rnn.bias_hh_l1_reverse']).to.deep.equal(g['rnn.bias_ih_l1_reverse']);
      const own = a.backward([[0, 1, 0]]);
      expect(own, cell).to.have.keys(a.params.tensors.map((t) => t.name));
    }
  });

  it('names the tensor, the expected and the received shape; unknown names list what exists; nothing is written on failure', () => {
    const net = new Rnn({ ...base, cell: 'gru' });
    const good = net.getParameters({ layout: 'torch' });
    const before = Array.from(net.params.flat);
    expect(() => net.setParameters({ ...good, 'rnn.weight_hh_l0': [[1]] }, { layout: 'torch' })).to.throw(/rnn\.weight_hh_l0 must have shape \[12\]\[4\], received \[1\]\[1\]/);
    expect(() => net.setParameters({ ...good, 'rnn.bias_ih_l0': [1, 2] }, { layout: 'torch' })).to.throw(/rnn\.bias_ih_l0 must have shape \[12\]/);
    expect(() => net.setParameters({ ...good, 'rnn.weight_ih_l1': [[1]] }, { layout: 'torch' })).to.throw(/rnn\.weight_ih_l1 is not in this net's torch layout; it has rnn\.weight_ih_l0, /);
    const missing: Record<string, unknown> = { ...good };
    delete missing['head.bias'];
    expect(() => net.setParameters(missing as never, { layout: 'torch' })).to.throw(/head\.bias is missing \(expected shape \[3\]\)/);
    expect(() => net.setParameters({ ...good, 'head.bias': [1, NaN, 3] }, { layout: 'torch' })).to.throw(/head\.bias value 1 must be a finite number/);
    expect(() => net.getParameters({ layout: 'keras' as never })).to.throw(/layout must be 'default' or 'torch'/);
    expect(Array.from(net.params.flat)).to.deep.equal(before);
  });

  it('the default layout names the layers and directions with PyTorch\'s suffixes, and keeps U, W, V, bu, bv for one Elman layer', () => {
    expect(Object.keys(new Rnn(base).getParameters())).to.deep.equal(['U', 'W', 'bu', 'V', 'bv']);
    expect(Object.keys(new Rnn({ ...base, cell: 'lstm', hiddenSize: [2, 2], bidirectional: 'sum' }).getParameters())).to.deep.equal([
      'U', 'W', 'bu', 'bw', 'U_reverse', 'W_reverse', 'bu_reverse', 'bw_reverse',
      'U_l1', 'W_l1', 'bu_l1', 'bw_l1', 'U_l1_reverse', 'W_l1_reverse', 'bu_l1_reverse', 'bw_l1_reverse', 'V', 'bv',
    ]);
  });
});
