/**
 * float32 against the float64 path: the same net, parameters and batch (all rounded to float32 first,
 * so only the arithmetic differs), every cell × layers × bidirectional × net type × output mode, with
 * and without row lengths (variable-length sequences); the js and wasm kernels give the same bits.
 * float32 gradients must agree with float64's within a relative error of GRADIENT_BOUND per tensor
 * (‖g32 − g64‖ / max(‖g64‖, 1e-3)); outputs within OUTPUT_BOUND absolute.
 */
import { expect } from 'chai';
import { Random } from '../../src/core/random.js';
import { Rnn } from '../../src/model/rnn.js';
import { BIDIRECTIONAL_MODES, CELL_TYPES, NET_TYPES, OUTPUT_MODES, type RnnSpec } from '../../src/model/spec.js';
import { randomCase, withLengths } from '../helpers/cases.js';

/** float32's unit roundoff is 6e-8; over 4 steps, two layers and tanh32's ≤ 6 ulp the worst measured is 3.0e-6 (outputs 1.2e-6). */
const GRADIENT_BOUND = 3e-5;
const OUTPUT_BOUND = 1e-5;

/** The values a float32 array would hold, as float64. */
const rounded = (a: ArrayLike<number>) => Float64Array.from(Float32Array.from(a));

describe('float32 agrees with float64 within its precision', () => {
  const rng = new Random(11, 'float32');
  let worstGradient = 0, worstOutput = 0;
  after(() => console.log(`      worst relative gradient error ${worstGradient.toExponential(2)} (bound ${GRADIENT_BOUND}), worst output error ${worstOutput.toExponential(2)} (bound ${OUTPUT_BOUND})`));

  for (const cell of CELL_TYPES) for (const layers of [1, 2]) for (const bidirectional of BIDIRECTIONAL_MODES) {
    it(`${cell}, ${layers} layer(s), bidirectional ${bidirectional}: outputs and every gradient tensor, every net type and output mode`, () => {
      for (const netType of NET_TYPES) for (const outputMode of OUTPUT_MODES) for (const lengths of [false, true]) {
        const base = randomCase(rng, netType, outputMode, true, 4, 5, {
          cell, bidirectional, inputSize: 3, hiddenSize: layers === 1 ? 6 : [6, 5], outputSize: netType === 'multiclass' ? 4 : 2,
        });
        const c = lengths ? withLengths(rng, base) : base;
        const bits: number[][] = [];
        for (const kernels of ['wasm', 'js'] as const) {
          const where = `${netType}, ${outputMode}-step, ${kernels}${c.lengths ? `, lengths ${Array.from(c.lengths).join(',')}` : ''}`;
          const spec64: RnnSpec = c.net.spec, spec32: RnnSpec = { ...spec64, dtype: 'float32' };
          const net64 = new Rnn(spec64, { kernels }), net32 = new Rnn(spec32, { kernels });
          expect(net32.params.flat).to.be.instanceOf(Float32Array);
          net64.params.flat.set(rounded(c.net.params.flat));
          net32.params.flat.set(c.net.params.flat);
          const x = rounded(c.x), y = rounded(c.y);
          for (const net of [net64, net32]) {
            net.forwardBatch(x, c.rows, c.lengths, c.steps);
            net.backwardBatch(y);
          }
          bits.push(Array.from(net32.grads.flat));
          const a64 = net64.output(), a32 = net32.output();
          for (let i = 0; i < c.rows * spec64.outputSize; i++) worstOutput = Math.max(worstOutput, Math.abs(a64[i] - a32[i]));
          expect(worstOutput, `outputs, ${where}`).to.be.below(OUTPUT_BOUND);
          for (const { name, offset, shape: [r, k] } of net64.params.tensors) {
            let diff = 0, norm = 0;
            for (let i = offset; i < offset + r * k; i++) {
              diff += (net32.grads.flat[i] - net64.grads.flat[i]) ** 2;
              norm += net64.grads.flat[i] ** 2;
            }
            const rel = Math.sqrt(diff) / Math.max(Math.sqrt(norm), 1e-3);
            worstGradient = Math.max(worstGradient, rel);
            expect(rel, `${name}: relative error, ${where}`).to.be.below(GRADIENT_BOUND);
          }
        }
        expect(bits[1], 'float32 gradients: js = wasm').to.deep.equal(bits[0]);
      }
    });
  }

  it('a float32 net rounds what it is given and keeps float32 throughout', () => {
    const net = new Rnn({ netType: 'regression', outputMode: 'last', timesteps: 2, inputSize: 1, hiddenSize: 2, outputSize: 1, bias: true, dtype: 'float32' });
    expect(net.grads.flat).to.be.instanceOf(Float32Array);
    net.setParameters({ U: [[0.1, 0.2]], W: [[0.3, 0], [0, 0.3]], bu: [[0, 0]], V: [[1], [1]], bv: [[0]] });
    expect(net.getParameters().U[0][0]).to.equal(Math.fround(0.1));
    expect(() => new Rnn({ ...net.spec, dtype: 'float16' as never })).to.throw(RangeError, /dtype must be one of float64, float32/);
  });
});
