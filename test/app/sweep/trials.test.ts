import { expect } from 'chai';
import { planTrials, trialId } from '../../../src/app/sweep/trials.js';
import { canonicalJson } from '../../../src/core/canonical-json.js';
import { validateExperiment } from '../../../src/app/experiment-file.js';
import { gridPoints } from '../../../src/app/search/index.js';
import { tinyExperiment } from './fixtures.js';

const source = { file: 'base.json5', baseDir: '/tmp' };
const resolved = (doc: object) => validateExperiment(doc, source);

describe('trial ids', () => {
  it('are 12 hex digits and the same for the same resolved experiment, in any key order', () => {
    const a = trialId(resolved(tinyExperiment));
    expect(a).to.match(/^[0-9a-f]{12}$/);
    const reordered = { train: tinyExperiment.train, model: tinyExperiment.model, data: tinyExperiment.data, seed: 1, name: 'tiny' };
    expect(trialId(resolved(reordered))).to.equal(a);
  });

  it('count defaults: writing a default value explicitly gives the same id', () => {
    const explicit = { ...tinyExperiment, train: { ...tinyExperiment.train, batchSize: 1, optimizer: 'sgd' } };
    expect(trialId(resolved(explicit))).to.equal(trialId(resolved(tinyExperiment)));
  });

  it('ignore what does not change results (name, description, sinks, expect), not the seed or values', () => {
    const base = trialId(resolved(tinyExperiment));
    expect(trialId(resolved({ ...tinyExperiment, name: 'other', description: 'x', sinks: ['csv'], expect: ['test.accuracy > 0'] }))).to.equal(base);
    expect(trialId(resolved({ ...tinyExperiment, seed: 2 }))).not.to.equal(base);
    expect(trialId(resolved({ ...tinyExperiment, train: { ...tinyExperiment.train, eta: 0.25 } }))).not.to.equal(base);
  });

  it('are stable across runs: planning twice gives the same ids', () => {
    const points = gridPoints([{ path: 'model.hiddenSize', spec: { kind: 'values', values: [2, 3] } }, { path: 'seed', spec: { kind: 'int', min: 1, max: 3, step: 1 } }]);
    const a = planTrials(points, tinyExperiment, source).trials.map((t) => t.id);
    const b = planTrials(structuredClone(points), structuredClone(tinyExperiment), source).trials.map((t) => t.id);
    expect(a).to.deep.equal(b);
    expect(new Set(a).size).to.equal(6);
  });

  it('canonical JSON sorts keys at every depth', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ y: 1, x: 2 }], c: 0 } })).to.equal('{"a":{"c":0,"d":[{"x":2,"y":1}]},"b":1}');
  });
});

describe('planning trials', () => {
  it('turns a value that makes the experiment invalid into an invalid trial, leaving the others', () => {
    const points = [{ 'model.hiddenSize': 2 }, { 'model.hiddenSize': 0 }, { 'model.hiddenSize': 'four' }];
    const { trials } = planTrials(points, tinyExperiment, source);
    expect(trials.map((t) => Boolean(t.experiment))).to.deep.equal([true, false, false]);
    expect(trials[1].invalid).to.match(/model.hiddenSize is 0; it must be >= 1/);
    expect(trials[2].invalid).to.match(/model.hiddenSize is "four"/);
    expect(trials[1].id).not.to.equal(trials[2].id);
  });

  it('applies values to a copy: the base document is not changed', () => {
    const base = structuredClone(tinyExperiment);
    planTrials([{ 'model.hiddenSize': 7 }], base, source);
    expect(base).to.deep.equal(tinyExperiment);
  });

  it('runs points that resolve to the same experiment once', () => {
    const { trials, dropped } = planTrials([{ 'train.optimizer': 'sgd' }, { 'train.optimizer': 'sgd' }], tinyExperiment, source);
    expect(trials).to.have.length(1);
    expect(dropped[0]).to.match(/same trial/);
  });
});
