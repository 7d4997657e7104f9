/** A sequences file through the CLI: a good one trains and reports its padding; a bad one exits 2 with one line naming the file, the line and the fix, and no run folder. */
import { expect } from 'chai';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempDir, writeFile } from '../../helpers/cli.js';

const experiment = (file: string) => JSON.stringify({
  name: 'bad-sequences', seed: 1,
  data: { name: 'sequences', file, stratify: true },
  model: { netType: 'multiclass', outputMode: 'last', hiddenSize: 4, bias: false },
  train: { eta: 0.1, batchSize: 4, maxEpochs: 1 },
});

const good = ['text\tlabel', ...Array.from({ length: 20 }, (_, i) => `${['ab', 'bca', 'c', 'abc'][i % 4]}\t${i % 2 ? 'p' : 'q'}`)];

const cases: [string, string | Buffer, RegExp][] = [
  ['an empty sequence', [...good.slice(0, 5), '\tp', ...good.slice(5)].join('\n') + '\n', /line 6: the sequence is empty/],
  ['a line with the wrong number of fields', [...good.slice(0, 5), 'ab\tp\tq', ...good.slice(5)].join('\n') + '\n', /line 6 has 3 fields, the header has 2/],
  ['an empty line', [...good.slice(0, 5), '', ...good.slice(5)].join('\n') + '\n', /line 6 is empty; remove it/],
  ['a label never seen in training', [...good, 'ab\tlonely'].join('\n') + '\n', /line 22: label "lonely" never occurs in the training split/],
  ['invalid UTF-8', Buffer.concat([Buffer.from(good.slice(0, 3).join('\n') + '\n'), Buffer.from([0x61, 0xe9, 0x09, 0x70, 0x0a]), Buffer.from(good.slice(3).join('\n') + '\n')]), /line 4 is not valid UTF-8/],
];

describe('sequences through the CLI', () => {
  it('a good file trains; the console and dataset.json give the share of padded row-steps', () => {
    const dir = tempDir();
    writeFile(dir, 'samples.tsv', good.join('\n') + '\n');
    const out = join(dir, 'run');
    const r = runCli(['exp', writeFile(dir, 'exp.json5', experiment('samples.tsv')), '--out', out]);
    expect(r.code, r.stderr).to.equal(0);
    const info = JSON.parse(readFileSync(join(out, 'dataset.json'), 'utf8')) as { padding: { share: number; rowSteps: number; padded: number } };
    expect(info.padding.share).to.equal(info.padding.padded / info.padding.rowSteps);
    expect(r.stdout).to.include(`padded row-steps: ${(100 * info.padding.share).toFixed(1)} % of epoch 1's`);
  });


  for (const [what, content, pattern] of cases) {
    it(`${what}: exit 2, one line with file and line, no run folder`, () => {
      const dir = tempDir();
      writeFile(dir, 'samples.tsv', content as string);
      const exp = writeFile(dir, 'exp.json5', experiment('samples.tsv'));
      const out = join(dir, 'run');
      const r = runCli(['exp', exp, '--out', out]);
      expect(r.code, r.stderr).to.equal(2);
      const lines = r.stderr.trim().split('\n');
      expect(lines, r.stderr).to.have.length(1);
      expect(lines[0]).to.include(join(dir, 'samples.tsv')).and.match(pattern);
      expect(existsSync(out), 'no run folder').to.equal(false);
    });
  }
});
