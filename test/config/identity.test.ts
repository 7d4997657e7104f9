/**
 * experimentIdentity: what changes the trained model, and nothing else. The pinned ids were computed
 * by v1's trial ids (before this module existed): a new schema field whose default reproduces
 * today's training must leave them as they are (register it in ADDED_AFTER_V1).
 */
import { expect } from 'chai';
import { experimentIdentity, identityDocument } from '../../src/config/identity.js';
import { validateExperiment } from '../../src/app/experiment-file.js';

const source = { file: 'inline.json5', baseDir: '/tmp' };
const resolved = (doc: object) => validateExperiment(doc, source);

// experiments/minus.json5 and experiments/pm25.json5 as shipped in v1 (their ids are in v1 sweeps).
const minus = {
  $schema: '../schemas/experiment.schema.json',
  name: 'minus', description: 'Binary subtraction', seed: 1,
  data: { name: 'minus', bits: 4 },
  model: { netType: 'binary', outputMode: 'each', hiddenSize: 4, bias: false, init: 'book' },
  train: { optimizer: 'sgd', eta: 0.1, batchSize: 1, maxEpochs: 100, checkpointEvery: 1, stopAtValidationAccuracy: 1 },
  expect: ['bestParams.test.accuracy == 1'],
};
const pm25 = {
  $schema: '../schemas/experiment.schema.json',
  name: 'pm25', seed: 1,
  data: {
    name: 'pm25', timesteps: 24, target: 'class', validation: { method: 'holdout', size: 4000 },
    features: ['pollution', 'dewPoint', 'temperature', 'pressure', 'windDirection', 'windSpeed', 'hourSin', 'hourCos', 'monthSin', 'monthCos', 'snowHours', 'rainHours'],
  },
  model: { netType: 'multiclass', outputMode: 'last', hiddenSize: 8, bias: true, init: 'book' },
  train: { optimizer: 'adam', eta: 0.01, etaSchedule: 'eta * 0.02^(epoch/epochs)', batchSize: 64, maxEpochs: 100, checkpointEvery: 1 },
};

describe('experimentIdentity', () => {
  it('keeps the ids v1 gave shipped sweep trials', () => {
    expect(experimentIdentity(resolved(minus))).to.equal('7a0862d11b0c');
    expect(experimentIdentity(resolved({ ...minus, seed: 3, model: { ...minus.model, hiddenSize: 6, init: 'xavier' }, train: { ...minus.train, eta: 0.3 } }))).to.equal('b17833610afa');
    expect(experimentIdentity(resolved({ ...pm25, model: { ...pm25.model, hiddenSize: 16 }, train: { ...pm25.train, eta: 0.05 } }))).to.equal('3dd2be6192a4');
    expect(experimentIdentity(resolved({ name: 'echo', data: { name: 'echo' }, model: { netType: 'regression' } }))).to.equal('0291e8e8976b');
  });

  it('leaves out execution-only fields: threads, evaluation batch size, state-saving interval, sinks, expect, name, description', () => {
    const base = experimentIdentity(resolved(minus));
    const execution = {
      ...minus, name: 'renamed', description: 'other words', sinks: ['csv'], expect: [],
      train: { ...minus.train, threads: 4, evalBatchSize: 64, saveStateEvery: 5 },
    };
    expect(experimentIdentity(resolved(execution))).to.equal(base);
    // train.dtype came after v1: its default, float64, is what v1 computed in.
    expect(experimentIdentity(resolved({ ...minus, train: { ...minus.train, dtype: 'float64' } }))).to.equal(base);
    // train.monitor came after v1: the lowest validation loss is what v1 kept.
    expect(experimentIdentity(resolved({ ...minus, train: { ...minus.train, monitor: { metric: 'validation.loss', mode: 'min' } } }))).to.equal(base);
  });

  it('changes with anything that changes the trained model', () => {
    const base = experimentIdentity(resolved(minus));
    const variants = [
      { ...minus, seed: 2 },
      { ...minus, data: { name: 'minus', bits: 5 } },
      { ...minus, model: { ...minus.model, hiddenSize: 5 } },
      { ...minus, model: { ...minus.model, bias: true } },
      { ...minus, train: { ...minus.train, eta: 0.2 } },
      { ...minus, train: { ...minus.train, batchSize: 2 } },
      { ...minus, train: { ...minus.train, optimizer: 'momentum' } },
      { ...minus, train: { ...minus.train, maxEpochs: 50 } },
      { ...minus, train: { ...minus.train, dtype: 'float32' } },
      { ...minus, train: { ...minus.train, monitor: { metric: 'validation.accuracy', mode: 'max' } } },
    ];
    const ids = variants.map((v) => experimentIdentity(resolved(v)));
    for (const id of ids) expect(id).to.not.equal(base);
    expect(new Set(ids).size).to.equal(variants.length);
  });

  it('does not touch the experiment it hashes', () => {
    const e = resolved({ ...minus, train: { ...minus.train, threads: 3 } });
    const before = JSON.stringify(e);
    expect(identityDocument(e)).to.not.have.property('name');
    expect(JSON.stringify(e)).to.equal(before);
  });
});
