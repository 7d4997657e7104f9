import { expect } from 'chai';
import { validateSweep } from '../../../src/app/sweep/spec.js';
import { UserError } from '../../../src/core/errors.js';

const ok = { base: 'base.json5', parameters: { 'model.hiddenSize': [2, 4] }, metric: 'test.accuracy', goal: 'max' };
const refused = (doc: object): string => {
  try {
    validateSweep(doc, 'sw.json5');
  } catch (e) {
    expect(e).to.be.instanceOf(UserError);
    expect((e as UserError).exitCode).to.equal(2);
    return (e as UserError).message;
  }
  throw new Error('expected the sweep to be refused');
};

describe('sweep files', () => {
  it('fills defaults and resolves the base from the sweep file', () => {
    const s = validateSweep(ok, '/x/sweeps/sw.json5');
    expect(s).to.include({ name: 'sw', method: 'grid', seed: 1, parallel: 0, outDir: 'runs/sweeps', base: '/x/sweeps/base.json5' });
    expect(s.parameters).to.deep.equal([{ path: 'model.hiddenSize', spec: { kind: 'values', values: [2, 4] } }]);
  });

  it('reads every parameter form', () => {
    const s = validateSweep({
      ...ok, method: 'random', trials: 3,
      parameters: {
        'train.eta': { logUniform: [0.001, 0.1] }, 'train.momentum': { real: [0.5, 0.9] }, 'data.bits': { int: [2, 8], step: 2 },
        'train.batchSize': { expression: '2^k', k: [0, 3] }, 'model.init': { values: ['book', 'xavier'] },
      },
    }, 'sw.json5');
    expect(s.parameters.map((p) => p.spec.kind)).to.deep.equal(['logUniform', 'real', 'int', 'expression', 'values']);
  });

  it('refuses a parameter path the experiment does not have, with a suggestion', () => {
    expect(refused({ ...ok, parameters: { 'model.hiddenSiz': [2] } })).to.match(/no field model.hiddenSiz; did you mean "model.hiddenSize"\?/);
  });

  it('accepts every dataset\'s fields and the top-level seed', () => {
    expect(() => validateSweep({ ...ok, parameters: { seed: [1, 2], 'data.timesteps': [12, 24], 'data.bits': [3], 'data.validation.size': [500] } }, 's')).not.to.throw();
  });

  it('refuses random without trials, and trials on a grid', () => {
    expect(refused({ ...ok, method: 'random' })).to.match(/method "random" needs `trials`/);
    expect(refused({ ...ok, trials: 5 })).to.match(/`trials` is for method "random"/);
  });

  it('needs count for a real range in a grid', () => {
    expect(refused({ ...ok, parameters: { 'train.eta': { real: [0.01, 0.1] } } })).to.match(/a grid needs `count`/);
  });

  it('checks range bounds', () => {
    expect(refused({ ...ok, parameters: { 'train.eta': { logUniform: [0, 0.1], count: 3 } } })).to.match(/needs 0 < min/);
    expect(refused({ ...ok, parameters: { 'model.hiddenSize': { int: [8, 4] } } })).to.match(/min ≤ max/);
  });

  it('explains a parameter in none of the forms', () => {
    expect(refused({ ...ok, parameters: { 'train.eta': { from: 1, to: 2 } } })).to.match(/parameters."train.eta" is .*; write it as a list/);
  });

  it('refuses unsafe or broken expressions in values, metric and expect', () => {
    expect(refused({ ...ok, parameters: { 'train.eta': { expression: 'import({})', k: [0, 1] } } })).to.match(/calling `import` is not allowed/);
    expect(refused({ ...ok, parameters: { 'train.eta': { expression: '1 / k', k: [0, 1] } } })).to.match(/finite number/);
    expect(refused({ ...ok, metric: 'f(x) = 1' })).to.match(/sw.json5, metric.*function definitions/);
    expect(refused({ ...ok, expect: ['evaluate("1")'] })).to.match(/sw.json5, expect\[0\].*calling `evaluate`/);
  });

  it('names unknown keys with a suggestion', () => {
    expect(refused({ ...ok, paralel: 2 })).to.match(/unknown key "paralel".*did you mean "parallel"/);
  });
});
