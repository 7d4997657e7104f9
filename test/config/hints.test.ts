/** Error messages that say what was meant: Keras-style names, punctuation, syntax-error hints. */
import { expect } from 'chai';
import { validateExperiment } from '../../src/app/experiment-file.js';
import { readJson5File } from '../../src/config/load.js';
import { syntaxHint } from '../../src/config/syntax-hint.js';
import { tempDir, writeFile } from '../helpers/cli.js';

const base = { name: 'h', data: { name: 'minus' }, model: { netType: 'binary' } };
const source = { file: 'h.json5', baseDir: '/tmp' };
const problem = (doc: object) => {
  try {
    validateExperiment(doc, source);
  } catch (e) {
    return (e as Error).message;
  }
  return 'valid';
};

describe('error hints', () => {
  it('Keras-style names get a "did you mean"', () => {
    expect(problem({ ...base, train: { epochs: 5 } })).to.match(/unknown key "epochs" in train; did you mean "maxEpochs"\?/);
    expect(problem({ ...base, train: { lr: 0.1 } })).to.match(/unknown key "lr" in train; did you mean "eta"\?/);
    expect(problem({ ...base, train: { learningRate: 0.1 } })).to.match(/did you mean "eta"\?/);
    expect(problem({ ...base, epochs: 5 })).to.match(/unknown key "epochs" at the top level; did you mean train\.maxEpochs\?/);
  });

  it('an unknown key without a suggestion ends its sentence before "Allowed:"', () => {
    expect(problem({ ...base, model: { netType: 'binary', colour: 'red' } })).to.match(/unknown key "colour" in model\. Allowed: netType, /);
  });

  it('a syntax error says what is probably missing', () => {
    const dir = tempDir();
    const file = writeFile(dir, 'bad.json5', "{\n  name: 'x'\n  seed: 1,\n}\n");
    expect(() => readJson5File(file)).to.throw(/bad\.json5:3:3: JSON5 syntax error: .*missing comma after line 2 \("name: 'x'"\)\?/);
    expect(syntaxHint('{ a: 1', 'invalid end of input')).to.match(/not closed/);
    expect(syntaxHint('{\n  a = 1\n}', "invalid character '='", 2, 5)).to.match(/separated by ":"/);
  });
});
