import { expect } from 'chai';
import { join } from 'node:path';
import { loadRun, type RunModel } from '../../src/app/predict/run-model.js';
import type { TextPredictions } from '../../src/app/predict/text-model.js';
import { runCli, tempDir, writeFile } from '../helpers/cli.js';
import { runCollecting } from '../helpers/run.js';

/** Words whose label is their first letter's group: a–m "early", n–z "late"; lengths 2 … 7. */
function labelledWords(): string {
  const words = Array.from({ length: 120 }, (_, i) => {
    const a = 'abcdefghijklmnopqrstuvwxy'[(i * 7) % 25];
    return a + 'eiouy'.repeat(2).slice(0, 1 + (i % 6));
  });
  return ['text\tlabel', ...words.map((w) => `${w}\t${w < 'n' ? 'early' : 'late'}`)].join('\n') + '\n';
}

describe('rnnflow predict on a text run', () => {
  let runDir: string;
  let model: RunModel;
  before(async () => {
    const dir = tempDir('rnnflow-predict-text-');
    const file = writeFile(dir, 'words.tsv', labelledWords());
    ({ runDir } = await runCollecting({
      name: 'predict-text', seed: 1,
      data: { name: 'sequences', file, stratify: true, lowerCase: true, stripAccents: true, keep: 'abcdefghijklmnopqrstuvwxyz' },
      model: { netType: 'multiclass', outputMode: 'last', cell: 'gru', hiddenSize: 6 },
      train: { optimizer: 'adam', eta: 0.02, batchSize: 8, maxEpochs: 3 },
      sinks: ['checkpoint'],
    }));
    model = await loadRun(runDir);
  });

  it('gives each text its labels by probability, equal to the net read over that text alone (Rnn.forward with lengths)', () => {
    const texts = ['Zazie', 'abe', 'Éo'];
    const p = model.predict(texts, { top: 2 }) as TextPredictions;
    const vocab = (model.facts as unknown as { vocabulary: string[]; classNames: string[] }).vocabulary;
    const classes = (model.facts as unknown as { classNames: string[] }).classNames;
    texts.forEach((text, i) => {
      const row = p.rows[i];
      // The reference: the text prepared by hand (lower case, accents stripped) and fed one-hot through the public API.
      const tokens = [...text.normalize('NFD').replace(/\p{Mn}/gu, '').toLowerCase()].filter((c) => c >= 'a' && c <= 'z');
      expect(row.tokens).to.deep.equal(tokens);
      const x = [tokens.map((c) => vocab.map((v) => (v === c ? 1 : 0)))];
      const a = (model.net.forward(x, { lengths: [tokens.length] }) as number[][])[0];
      const expected = classes.map((label, k) => ({ label, probability: a[k] })).sort((u, v) => v.probability - u.probability);
      expect(row.top).to.deep.equal(expected.slice(0, 2));
      expect(row.unknown).to.deep.equal(tokens.filter((c) => !vocab.includes(c)));
    });
    // No training word has a "z": it reads as <unk>, with a warning, not an error.
    expect(p.rows[0].unknown).to.deep.equal(['z', 'z']);
    expect(p.warnings.join('\n')).to.match(/1 text has characters the run never saw in training, read as <unk> \(an all-zero input\): "Zazie" \(z\)/);
  });

  it('the CLI: --text prints one CSV line per text with the top-k labels; a file of lines too; bad input exits 2 naming the place', function () {
    this.timeout(600_000); // eight CLI processes
    const r = runCli(['predict', runDir, '--text', 'abe', 'zoo', '--top', '2']);
    expect(r.code, r.stderr).to.equal(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[1]).to.equal('text,label_1,probability_1,label_2,probability_2');
    const api = model.predict(['abe', 'zoo'], { top: 2 }) as TextPredictions;
    expect(lines.slice(2)).to.deep.equal(api.rows.map((row) => [row.text, ...row.top!.flatMap((g) => [g.label, Number(g.probability.toFixed(6))])].join(',')));
    const dir = tempDir('rnnflow-predict-lines-');
    const list = writeFile(dir, 'names.txt', 'abe\nzoo\n');
    expect(runCli(['predict', runDir, '--input', list, '--top', '2']).stdout).to.equal(r.stdout);
    const cases: [string, string | Buffer, RegExp][] = [
      ['empty.txt', 'abe\n\nzoo\n', /empty\.txt, line 2: the line is empty; remove it/],
      ['digits.txt', 'abe\n,;\n', /digits\.txt, line 2: ",;" is empty after the run's preparation/],
      ['latin1.txt', Buffer.from([0x61, 0x0a, 0x62, 0xe9, 0x0a]), /latin1\.txt: line 2 is not valid UTF-8/],
    ];
    for (const [name, content, pattern] of cases) {
      const bad = runCli(['predict', runDir, '--input', writeFile(dir, name, content as string)]);
      expect(bad.code, bad.stderr).to.equal(2);
      expect(bad.stderr.trim().split('\n')).to.have.length(1);
      expect(bad.stderr).to.match(pattern);
    }
    const tooLong = runCli(['predict', runDir, '--text', 'a'.repeat(50)]);
    expect(tooLong.code).to.equal(2);
    expect(tooLong.stderr).to.match(/--text: 50 characters, more than the run's 7; shorten it/);
    expect(runCli(['predict', join(runDir), '--text', 'abe', '--input', list]).stderr).to.match(/give --input <file> or --text/);
  });
});
