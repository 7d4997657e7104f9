import { expect } from 'chai';
import { validateExperiment } from '../../src/app/experiment-file.js';
import { applyOverrides, parseOverride } from '../../src/config/overrides.js';
import { explainSchemaErrors, dottedPath } from '../../src/config/explain.js';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadExperimentFile } from '../../src/app/experiment-file.js';
import { root } from '../helpers/cli.js';

const src = { file: 'x.json5', baseDir: '.' };
const minimal = { name: 'm', data: { name: 'minus' }, model: { netType: 'binary', outputMode: 'each' } };

describe('experiment loading', () => {
  it('fills every default from the schema', () => {
    const e = validateExperiment(minimal, src);
    expect(e.seed).to.equal(1);
    expect(e.train).to.include({ eta: 0.1, batchSize: 1, maxEpochs: 100, optimizer: 'sgd', checkpointEvery: 1, threads: 1 });
    expect(e.model).to.include({ hiddenSize: 4, bias: true, init: 'book' });
    expect(e.data).to.deep.equal({ name: 'minus', bits: 4 });
  });

  it('checks fields against each other, naming the fix', () => {
    expect(() => validateExperiment({ ...minimal, model: { netType: 'binary', outputMode: 'last' } }, src))
      .to.throw(/data minus has a label at every step: set model\.outputMode to "each"/);
    expect(() => validateExperiment({ ...minimal, model: { netType: 'regression', outputMode: 'each' }, train: { stopAtValidationAccuracy: 1 } }, src))
      .to.throw(/stopAtValidationAccuracy needs a classifier/);
    expect(() => validateExperiment({ ...minimal, model: { netType: 'binary', outputMode: 'each' }, train: { monitor: { metric: 'validation.r2', mode: 'max' } } }, src))
      .to.throw(/train\.monitor\.metric "validation\.r2" needs a regression net; a binary net reports accuracy/);
    expect(() => validateExperiment({ ...minimal, model: { netType: 'regression', outputMode: 'each' }, train: { monitor: { metric: 'validation.accuracy', mode: 'max' } } }, src))
      .to.throw(/train\.monitor\.metric "validation\.accuracy" needs a classifier/);
    expect(() => validateExperiment({ ...minimal, train: { monitor: { metric: 'validation.accuracy' } } }, src)).to.throw(/mode/);
    const csvData = { name: 'csv', file: 'x.csv', features: ['a'], target: 'a' };
    const csvModel = { netType: 'regression', outputMode: 'last' };
    expect(() => validateExperiment({ ...minimal, data: { ...csvData, decimal: ',' }, model: csvModel }, src))
      .to.throw(/data\.decimal "," needs another data\.delimiter.*Set data\.delimiter to ";"/);
    expect(validateExperiment({ ...minimal, data: { ...csvData, decimal: ',', delimiter: ';' }, model: csvModel }, src).data).to.include({ decimal: ',', delimiter: ';' });
    expect(() => validateExperiment({ ...minimal, data: { ...csvData, delimiter: ';;' }, model: csvModel }, src)).to.throw(/delimiter/);
    expect(validateExperiment({ ...minimal, train: { monitor: { metric: 'validation.accuracy', mode: 'max' } } }, src).train.monitor)
      .to.deep.equal({ metric: 'validation.accuracy', mode: 'max' });
    expect(() => validateExperiment({ ...minimal, train: { etaSchedule: 'eta * (3 - epoch)' } }, src))
      .to.throw(/etaSchedule .* gives 0 at epoch 3; it must be a positive number/);
  });

  it('checks a PM2.5 section\'s forecasting fields together before any data is read, all problems at once, naming the file', () => {
    const pm25 = (data: object) => ({ name: 'p', data: { name: 'pm25', file: 'nowhere.csv', ...data }, model: { netType: 'multiclass', outputMode: 'last' } });
    let message = '';
    try {
      validateExperiment(pm25({ target: 'class', horizons: [1, 4], features: ['dewPoint', 'pollution'], directHours: 2, feedbackTraining: { every: 1, steps: 1 } }), src);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).to.match(/^x\.json5: invalid experiment:\n/);
    expect(message).to.include('data.horizons [1, 4] need data.target "value"');
    expect(message).to.include('data.horizons need "pollution" as the first of data.features');
    expect(message).to.include('data.directHours 2 needs data.target "value" and no data.feedbackTraining');
    expect(message).to.include('reach past data.directHours 2');
    expect(message).to.include('data.feedbackTraining needs data.target "value"');
    expect(() => validateExperiment(pm25({ target: 'value', horizons: [1, 4], directHours: 4 }), src)).not.to.throw();
  });

  it('reports dataset options of the chosen dataset only, with did-you-mean', () => {
    expect(() => validateExperiment({ ...minimal, data: { name: 'minus', bitz: 4 } }, src))
      .to.throw(/unknown key "bitz" in data; did you mean "bits"\?/);
  });

  it('overrides parse JSON5 values and set nested paths', () => {
    const o = [parseOverride('train.eta=0.05'), parseOverride('data.features=["pollution"]'), parseOverride('name=abc')];
    const doc = applyOverrides(minimal, o) as unknown as { train: { eta: number }; data: { features: string[] }; name: string };
    expect(doc.train.eta).to.equal(0.05);
    expect(doc.data.features).to.deep.equal(['pollution']);
    expect(doc.name).to.equal('abc');
    expect((minimal as Record<string, unknown>).train).to.equal(undefined);
    expect(() => parseOverride('noequals')).to.throw(/expected path=value/);
  });

  it('writes paths the way users type them', () => {
    expect(dottedPath('/train/eta')).to.equal('train.eta');
    expect(dottedPath('/sinks/1/module')).to.equal('sinks[1].module');
    expect(explainSchemaErrors([], {})).to.deep.equal([]);
  });

  it('every shipped experiment file is valid', () => {
    for (const dir of ['experiments', 'experiments/regression']) {
      let files: string[];
      try { files = readdirSync(join(root, dir)).filter((f) => f.endsWith('.json5')); } catch { continue; }
      for (const f of files) expect(() => loadExperimentFile(join(root, dir, f)), f).not.to.throw();
    }
  });
});

describe('paths cannot reach a prototype', () => {
  it('--set and setByPath refuse __proto__, prototype and constructor', () => {
    expect(() => parseOverride('__proto__.evil=1')).to.throw(/"__proto__" is not allowed in a path/);
    expect(() => parseOverride('sinks.constructor.prototype.x=1')).to.throw(/not allowed in a path/);
    expect(({} as Record<string, unknown>).evil).to.equal(undefined);
  });
});
