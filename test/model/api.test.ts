import { expect } from 'chai';
import { Rnn } from '../../src/model/rnn.js';
import type { RnnSpec } from '../../src/model/spec.js';

const spec: RnnSpec = { netType: 'multiclass', outputMode: 'last', timesteps: 3, inputSize: 2, hiddenSize: 4, outputSize: 3, bias: true };
const zeros = (r: number, c: number) => Array.from({ length: r }, () => new Array(c).fill(0));
const params = () => ({ U: zeros(2, 4), W: zeros(4, 4), V: zeros(4, 3), bu: zeros(1, 4), bv: zeros(1, 3) });
const x = (batch: number) => Array.from({ length: batch }, () => Array.from({ length: 3 }, () => [0.1, 0.2]));

describe('Rnn nested-array API', () => {
  it('round-trips parameters and returns outputs and gradients in the documented shapes', () => {
    const net = new Rnn(spec);
    const p = params();
    p.U[1][2] = 0.25;
    p.bv[0][1] = -1;
    net.setParameters(p);
    expect(net.getParameters()).to.deep.equal(p);
    const a = net.forward(x(5)) as number[][];
    expect(a).to.have.length(5);
    expect(a[0]).to.have.length(3);
    const g = net.backward(a.map(() => [1, 0, 0]));
    expect(g.U).to.have.length(2);
    expect(g.bv![0]).to.have.length(3);
  });

  it('each-step mode returns [batch][T][output]', () => {
    const net = new Rnn({ ...spec, outputMode: 'each' });
    const a = net.forward(x(2)) as number[][][];
    expect(a).to.have.length(2);
    expect(a[0]).to.have.length(3);
    expect(a[0][0]).to.have.length(3);
  });

  it('names the argument and both shapes when x does not fit', () => {
    const net = new Rnn(spec);
    expect(() => net.forward([[[1, 2, 3], [1, 2, 3], [1, 2, 3]]])).to.throw(/x: expected shape \[batch\]\[3\]\[2\], received \[1\]\[3\]\[3\]/);
    expect(() => net.forward([[[1, 2]]])).to.throw(/x: expected shape \[batch\]\[3\]\[2\]/);
  });

  it('names y and both shapes when y is shaped unlike a', () => {
    const net = new Rnn(spec);
    net.forward(x(2));
    expect(() => net.backward([[1, 0, 0]])).to.throw(/y: expected shape \[2\]\[3\].*received \[1\]\[3\]/);
    expect(() => net.backward([[1, 0], [0, 1]])).to.throw(/y: expected shape \[2\]\[3\].*received \[2\]\[2\]/);
  });

  it('names a missing or misshapen parameter', () => {
    const net = new Rnn(spec);
    const p: Record<string, unknown> = params();
    delete p.W;
    expect(() => net.setParameters(p as never)).to.throw(/parameter W is missing \(expected shape \[4\]\[4\]\)/);
    expect(() => net.setParameters({ ...params(), V: zeros(3, 3) })).to.throw(/parameter V must have shape \[4\]\[3\], received \[3\]\[3\]/);
    const before = net.getParameters();
    expect(() => net.setParameters({ ...params(), U: [[9, 9, 9, 9], [9, 9, 9, 9]], V: zeros(3, 3) })).to.throw(/parameter V/);
    expect(net.getParameters(), 'a failed call changes nothing').to.deep.equal(before);
    const noBias = new Rnn({ ...spec, bias: false });
    expect(() => noBias.setParameters(params())).to.throw(/bias: false/);
  });

  it('refuses backward before forward, and invalid specs with the field named', () => {
    expect(() => new Rnn(spec).backward([[1, 0, 0]])).to.throw(/call forward first/);
    expect(() => new Rnn({ ...spec, timesteps: 0 })).to.throw(/timesteps must be an integer ≥ 1, got 0/);
    expect(() => new Rnn({ ...spec, netType: 'ranking' as never })).to.throw(/netType must be one of regression, binary, multiclass/);
  });

  it('handles a last partial batch with the same buffers (rows below capacity)', () => {
    const net = new Rnn(spec, { batchCapacity: 8 });
    net.setParameters({ ...params(), U: [[1, 0, 0, 0], [0, 1, 0, 0]], V: [[1, 0, 0], [0, 1, 0], [0, 0, 1], [0, 0, 0]] });
    const full = net.forward(x(8)) as number[][];
    const part = net.forward(x(3)) as number[][];
    expect(part).to.deep.equal(full.slice(0, 3));
  });
});

describe('labels are read afresh', () => {
  it('backward twice after one forward, with different y, gives each y its own gradients', () => {
    const net = new Rnn(spec);
    net.setParameters({ ...params(), U: [[0.3, 0, 0, 0], [0, 0.2, 0, 0]], V: [[1, 0, 0], [0, 1, 0], [0, 0, 1], [0, 0, 0]] });
    net.forward(x(1));
    const g1 = net.backward([[1, 0, 0]]);
    const g2 = net.backward([[0, 1, 0]]);
    expect(g2.V).not.to.deep.equal(g1.V);
    net.forward(x(1));
    expect(net.backward([[0, 1, 0]]).V).to.deep.equal(g2.V);
  });
});
