import { expect } from 'chai';
import { Timestep } from '../../src/model/timestep.js';
import { ParamSet } from '../../src/model/params.js';
import { NET_TYPES, OUTPUT_MODES } from '../../src/model/spec.js';
import { Random } from '../../src/core/random.js';
import { randomCase } from '../helpers/cases.js';

/**
 * Timestep is the chapter's one-step object (the readable form); Rnn's fast path runs whole
 * sequences per row block. Chaining Timesteps by hand must give what Rnn gives.
 */
describe('Timestep, chained by hand, agrees with Rnn', () => {
  const rng = new Random(31, 'timestep');
  for (const netType of NET_TYPES) for (const outputMode of OUTPUT_MODES) {
    it(`${netType}, ${outputMode}-step: outputs and gradients to 1e-12`, () => {
      const T = 4, rows = 37;
      const c = randomCase(rng, netType, outputMode, true, T, rows, { inputSize: 3, hiddenSize: 5, outputSize: 3 });
      const { spec, head, params } = c.net;
      const { inputSize: n, outputSize: o } = spec;
      const each = outputMode === 'each';
      const steps = Array.from({ length: T }, (_, t) => new Timestep(spec, head, t === 0, t === T - 1, each || t === T - 1, rows));
      steps.forEach((s, t) => s.forward(params, c.x, t * rows * n, rows, t > 0 ? steps[t - 1].s : null));
      const G = new ParamSet(spec);
      for (let t = T - 1; t >= 0; t--) {
        steps[t].backward(params, G, c.x, t * rows * n, c.y, each ? t * rows * o : 0, rows,
          t > 0 ? steps[t - 1].s : null, t < T - 1 ? steps[t + 1].dh : null);
      }
      c.net.forwardBatch(c.x, rows);
      for (let t = 0; t < T; t++) {
        if (!steps[t].needsOutput) continue;
        const a = c.net.output(t);
        for (let i = 0; i < rows * o; i++) expect(Math.abs(a[i] - steps[t].a[i])).to.be.below(1e-12);
      }
      c.net.backwardBatch(c.y);
      for (let i = 0; i < G.flat.length; i++) expect(Math.abs(G.flat[i] - c.net.grads.flat[i]), `grad ${i}`).to.be.below(1e-12);
    });
  }
});
