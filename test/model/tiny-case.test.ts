import { expect } from 'chai';
import { Rnn } from '../../src/model/rnn.js';

/**
 * A 1-1-1 regression net over 2 steps, output at the last step, worked out by hand:
 *   U = 0.5, W = −0.3, V = 2, b_u = 0.1, b_v = −0.2;  x = (1, 0.5);  y = 0.3
 * forward
 *   h1 = 1·0.5 + 0.1 = 0.6                      s1 = tanh 0.6 = 0.5370495669980353
 *   h2 = 0.5·0.5 + s1·(−0.3) + 0.1 = 0.18888512990058942
 *   s2 = tanh h2 = 0.18667040868900017
 *   a = z = s2·2 − 0.2 = 0.17334081737800033    loss = ½(a − y)² = 0.00802127427123653
 * backward
 *   dz = a − y = −0.12665918262199966
 *   dV = s2·dz = −0.023643521384263386           db_v = dz
 *   dh2 = dz·V·(1 − s2²) = −0.2444912736447042   (last step: no dh3)
 *   dh1 = dh2·W·(1 − s1²) = 0.052192366041659714 (no output at step 1 in last-step mode)
 *   dU = x2·dh2 + x1·dh1 = −0.07005327078069237
 *   dW = s1·dh2 = −0.13130393264568654           (no W term at step 1)
 *   db_u = dh2 + dh1 = −0.19229890760304447
 */
describe('a 1-1-1 net over 2 steps, worked by hand', () => {
  const net = new Rnn({ netType: 'regression', outputMode: 'last', timesteps: 2, inputSize: 1, hiddenSize: 1, outputSize: 1, bias: true });
  net.setParameters({ U: [[0.5]], W: [[-0.3]], V: [[2]], bu: [[0.1]], bv: [[-0.2]] });

  it('forward gives a and the loss of the comments', () => {
    const a = net.forward([[[1], [0.5]]]) as number[][];
    expect(a[0][0]).to.be.closeTo(0.17334081737800033, 1e-15);
    expect(net.lossSum(new Float64Array([0.3]))).to.be.closeTo(0.00802127427123653, 1e-15);
  });

  it('backward gives the gradients of the comments', () => {
    net.forward([[[1], [0.5]]]);
    const g = net.backward([[0.3]]);
    expect(g.V[0][0]).to.be.closeTo(-0.023643521384263386, 1e-15);
    expect(g.bv![0][0]).to.be.closeTo(-0.12665918262199966, 1e-15);
    expect(g.U[0][0]).to.be.closeTo(-0.07005327078069237, 1e-15);
    expect(g.W[0][0]).to.be.closeTo(-0.13130393264568654, 1e-15);
    expect(g.bu![0][0]).to.be.closeTo(-0.19229890760304447, 1e-15);
  });
});
