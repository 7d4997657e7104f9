import { expect } from 'chai';
import { classReportLines, MATRIX_MAX_COLUMNS } from '../../src/sinks/format.js';
import { LANGUAGES, languageMetrics, languagePairs } from '../helpers/languages.js';
import { MetricAccumulator } from '../../src/model/metrics.js';

describe('console: a confusion matrix too wide for the terminal is printed as its largest confusions', () => {
  it('18 classes: the 10 largest off-diagonal counts, most first, each with its share of the true class, and where the matrix is', () => {
    const m = languageMetrics();
    const lines = classReportLines('test', m);
    expect(Math.max(...lines.map((l) => l.length))).to.be.at.most(MATRIX_MAX_COLUMNS);
    const head = lines.findIndex((l) => l.includes('largest confusions'));
    expect(lines[head]).to.contain('18×18 matrix is in summary.json');
    // The slow way: count every (true, predicted) pair of the samples, keep the wrong ones, sort.
    const counts = new Map<string, number>();
    for (const [t, p] of languagePairs()) if (t !== p) counts.set(`${t},${p}`, (counts.get(`${t},${p}`) ?? 0) + 1);
    const support = (t: number) => languagePairs().filter(([k]) => k === t).length;
    const want = [...counts].sort((a, b) => b[1] - a[1]).slice(0, 10).map(([key, count]) => {
      const [t, p] = key.split(',').map(Number);
      return `    ${LANGUAGES[t]} → ${LANGUAGES[p]} ${count} (${Math.round((100 * count) / support(t))} % of ${LANGUAGES[t]})`;
    });
    expect(lines.slice(head + 1, head + 11)).to.deep.equal(want);
    expect(lines.at(-1)).to.equal(`    … and ${counts.size - 10} smaller`);
    // The per-class table is still there, one line a class.
    expect(lines.filter((l) => /^ {4}Vietnamese +\S+ +1\.0000 /.test(l))).to.have.length(1);
  });

  it('a narrow matrix (3 classes) is still printed whole', () => {
    const acc = new MetricAccumulator('multiclass', 3, { classNames: ['low', 'mid', 'high'] });
    acc.addOutputs(Float64Array.of(1, 0, 0, 0, 1, 0), 0, Float64Array.of(0, 1, 0, 0, 1, 0), 0, 2, new Uint8Array(2).fill(1));
    const lines = classReportLines('test', acc.result());
    expect(lines.some((l) => l.includes('largest confusions'))).to.equal(false);
    expect(lines.at(-1)).to.match(/^ +high +0 +0 +0$/);
  });
});
