import { expect } from 'chai';
import { gzipSync } from 'node:zlib';
import { loadDataset } from '../../src/data/index.js';
import { UNKNOWN_TOKEN } from '../../src/data/token-vocabulary.js';
import { VariableSequences } from '../../src/data/variable-sequences.js';
import { context } from './context.js';
import { loadSequenceFile, namesConfig, tsvOf } from './sequences-context.js';

/** 40 samples of two labels, 1 … 4 letters from a–f. */
function smallRows(): [string, string][] {
  return Array.from({ length: 40 }, (_, i) => ['abcdef'.slice(i % 3, (i % 3) + 1 + (i % 4)), i % 2 ? 'odd' : 'even']);
}

describe('sequences dataset', () => {
  it('names: the book\'s preparation leaves 17,993 (name, language) pairs of 2 … 19 letters, 18 languages, split 80/10/10 per language', () => {
    const d = loadDataset(namesConfig(), context(1));
    const info = d.info as { samples: Record<string, number>; classNames: string[]; vocabulary: string[]; perClass: Record<string, number[]>; lengths: { min: number; max: number } };
    expect(info.samples.used).to.equal(17993);
    expect(info.samples.lines).to.equal(20074);
    expect(info.classNames).to.have.length(18);
    expect(info.lengths).to.include({ min: 2, max: 19 });
    expect(d.train.timesteps).to.equal(19);
    expect(info.vocabulary.join('')).to.equal(" ',abcdefghijklmnopqrstuvwxyz");
    expect(d.train.inputSize).to.equal(29);
    info.classNames.forEach((_, k) => {
      const n = info.perClass.train[k] + info.perClass.validation[k] + info.perClass.test[k];
      expect(info.perClass.train[k]).to.equal(Math.floor(n * 0.8 + 1e-9));
      expect(info.perClass.train[k] + info.perClass.validation[k]).to.equal(Math.floor(n * 0.9 + 1e-9));
    });
    expect([d.train.size, d.validation.size, d.test.size]).to.deep.equal([info.samples.train, info.samples.validation, info.samples.test]);
  });

  it('the same seed gives the same split, another seed another', () => {
    const rows = smallRows();
    const ids = (seed: number) => {
      const d = loadSequenceFile('s.tsv', tsvOf(rows), {}, seed);
      const test = d.test as VariableSequences;
      return Array.from(test.inputs.tokenIds!);
    };
    expect(ids(3)).to.deep.equal(ids(3));
    expect(ids(3)).to.not.deep.equal(ids(4));
  });

  it('gathers a padded time-major batch: one-hot tokens, zeros past each row\'s end, its lengths, steps = the longest row', () => {
    const rows: [string, string][] = [['ab', 'x'], ['bca', 'y'], ['c', 'x'], ['aa', 'y'], ['cb', 'x'], ['bb', 'y'], ['a', 'x'], ['abc', 'y'], ['ca', 'x'], ['b', 'y']];
    const d = loadSequenceFile('s.tsv', tsvOf(rows), { validationFraction: 0, testFraction: 0.1 });
    const train = d.train as VariableSequences;
    const vocab = (d.info as { vocabulary: string[] }).vocabulary;
    const classes = (d.info as { classNames: string[] }).classNames;
    expect(vocab).to.deep.equal(['a', 'b', 'c']);
    const order = [0, 1, 2].map((k) => k + 2);
    const steps = train.stepsOf(order, 0, 3);
    const x = new Float64Array(steps * 3 * 3).fill(7);
    const y = new Float64Array(3 * 2).fill(7);
    const lengths = new Int32Array(3);
    train.gather(order, 0, 3, x, y, lengths);
    // The reference: each row's own tokens written one-hot at [t][r][token], from the split's stored ids.
    const expectedX = new Float64Array(steps * 3 * 3);
    const expectedY = new Float64Array(3 * 2);
    order.forEach((i, r) => {
      const from = train.inputs.offsets[i];
      const len = train.inputs.offsets[i + 1] - from;
      expect(lengths[r]).to.equal(len);
      for (let t = 0; t < len; t++) expectedX[(t * 3 + r) * 3 + train.inputs.tokenIds![from + t]] = 1;
      for (let k = 0; k < 2; k++) expectedY[r * 2 + k] = train.labels[i * 2 + k];
    });
    expect(steps).to.equal(Math.max(...lengths));
    expect(Array.from(x)).to.deep.equal(Array.from(expectedX));
    expect(Array.from(y)).to.deep.equal(Array.from(expectedY));
    expect(classes).to.deep.equal(['x', 'y']);
  });

  it('fits the vocabulary on the training split only: a token outside it is <unk>, an all-zero row', () => {
    // "z" is in one sample; for some seed the split sends that sample out of training.
    const lines = Array.from({ length: 20 }, (_, i) => JSON.stringify({ tokens: [i % 2 ? 'a' : 'b', 'a', ...(i === 7 ? ['z'] : [])], label: i % 2 ? 'p' : 'q' }));
    const text = lines.join('\n') + '\n';
    const seed = [1, 2, 3, 4, 5, 6, 7, 8].find((k) => !(loadSequenceFile('s.jsonl', text, { testFraction: 0.5 }, k).info as { vocabulary: string[] }).vocabulary.includes('z'))!;
    expect(seed, 'a seed that keeps z out of training').to.not.equal(undefined);
    const d = loadSequenceFile('s.jsonl', text, { testFraction: 0.5 }, seed);
    expect((d.info as { vocabulary: string[] }).vocabulary).to.deep.equal(['a', 'b']);
    const held = [d.validation, d.test].map((s) => s as VariableSequences).find((s) => Array.from(s.inputs.tokenIds!).includes(UNKNOWN_TOKEN))!;
    const i = Array.from({ length: held.size }, (_, k) => k).find((k) => held.lengths[k] === 3)!;
    expect(held.inputs.tokenIds![held.inputs.offsets[i] + 2]).to.equal(UNKNOWN_TOKEN);
    const x = new Float64Array(3 * 2).fill(9);
    held.gather([i], 0, 1, x, new Float64Array(2), new Int32Array(1));
    // [t][row][a, b]: its first token (a or b), then "a", then <unk>: nothing.
    expect(x[0] + x[1]).to.equal(1);
    expect(Array.from(x.subarray(2))).to.deep.equal([1, 0, 0, 0]);
  });

  it('reads the same samples from CSV, TSV, JSONL and gzip', () => {
    const rows: [string, string][] = smallRows();
    const tsv = tsvOf(rows);
    const csv = ['text,label', ...rows.map(([t, l]) => `"${t}",${l}`)].join('\n') + '\n';
    const jsonl = rows.map(([t, l]) => JSON.stringify({ text: t, label: l })).join('\n') + '\n';
    const tokens = rows.map(([t, l]) => JSON.stringify({ tokens: [...t], label: l })).join('\n') + '\n';
    const ids = (d: ReturnType<typeof loadSequenceFile>) => [d.train, d.test].map((s) => Array.from((s as VariableSequences).inputs.tokenIds!));
    const a = ids(loadSequenceFile('s.tsv', tsv));
    expect(ids(loadSequenceFile('s.csv', csv))).to.deep.equal(a);
    expect(ids(loadSequenceFile('s.jsonl', jsonl))).to.deep.equal(a);
    expect(ids(loadSequenceFile('s.jsonl', tokens))).to.deep.equal(a);
    expect(ids(loadSequenceFile('s.tsv.gz', gzipSync(tsv)))).to.deep.equal(a);
  });

  it('JSONL features with a label per step: numbers as given, labels at the real steps only', () => {
    const lines = Array.from({ length: 20 }, (_, i) => {
      const n = 1 + (i % 4);
      return JSON.stringify({ features: Array.from({ length: n }, (_, t) => [i, t / 10]), labels: Array.from({ length: n }, (_, t) => (t + i) % 2 ? 'up' : 'down') });
    });
    const d = loadSequenceFile('f.jsonl', lines.join('\n') + '\n', { validationFraction: 0 });
    const s = d.train as VariableSequences;
    expect([s.inputSize, s.outputSize, s.labelsPerStep, s.timesteps]).to.deep.equal([2, 2, true, 4]);
    const order = Array.from({ length: s.size }, (_, i) => i);
    const rows = s.size;
    const lengths = new Int32Array(rows);
    const steps = s.stepsOf(order, 0, rows);
    const x = new Float64Array(steps * rows * 2);
    const y = new Float64Array(steps * rows * 2);
    s.gather(order, 0, rows, x, y, lengths);
    for (let r = 0; r < rows; r++) {
      const i = x[r * 2]; // feature 0 is the sample's line index
      expect(lengths[r]).to.equal(1 + (i % 4));
      for (let t = 0; t < steps; t++) {
        const real = t < lengths[r];
        expect(x[(t * rows + r) * 2 + 1]).to.equal(real ? t / 10 : 0);
        const label = (t + i) % 2 ? 'up' : 'down';
        const k = ['down', 'up'].indexOf(label);
        expect(y[(t * rows + r) * 2 + k]).to.equal(real ? 1 : 0);
        expect(y[(t * rows + r) * 2 + (1 - k)]).to.equal(0);
      }
    }
  });

  it('maxLength with tooLong "cut" keeps the first steps and counts the cut samples', () => {
    const rows: [string, string][] = Array.from({ length: 20 }, (_, i) => ['abcdefg'.slice(0, 1 + (i % 7)), i % 2 ? 'p' : 'q']);
    const d = loadSequenceFile('s.tsv', tsvOf(rows), { maxLength: 4, tooLong: 'cut' });
    expect(d.train.timesteps).to.equal(4);
    expect((d.info as { cutToMaxLength: number }).cutToMaxLength).to.equal(rows.filter(([t]) => t.length > 4).length);
    expect(Math.max(...(d.train as VariableSequences).lengths)).to.equal(4);
  });
});
