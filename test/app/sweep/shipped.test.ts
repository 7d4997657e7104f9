import { expect } from 'chai';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadSweepFile } from '../../../src/app/sweep/spec.js';
import { expandPoints } from '../../../src/app/search/index.js';
import { planTrials } from '../../../src/app/sweep/trials.js';
import { readJson5File } from '../../../src/config/load.js';

describe('the shipped sweeps', () => {
  const dir = 'experiments/sweeps';
  // Also the comparison sets in search/ and forecast/ (docs/sweeps.md measures them).
  const files = (readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith('.json5')).sort();

  it('include pm25-hidden, a random sweep and both four-way comparisons', () => {
    expect(files).to.include('pm25-hidden.json5');
    for (const set of ['search', 'forecast']) {
      expect(files.filter((f) => f.startsWith(`${set}/`)).map((f) => f.slice(set.length + 1))).to.include.members(['grid.json5', 'random.json5', 'random-asha.json5', 'tpe-asha.json5']);
    }
    expect(files.map((f) => loadSweepFile(join(dir, f)).method)).to.include('random');
  });

  for (const f of files) {
    it(`${f}: valid, and every trial a valid experiment`, () => {
      const spec = loadSweepFile(join(dir, f));
      const { trials } = planTrials(expandPoints(spec).points, readJson5File(spec.base) as object, { file: spec.base, baseDir: join(spec.base, '..') });
      expect(trials.filter((t) => t.invalid).map((t) => t.invalid)).to.deep.equal([]);
      if (f === 'pm25-hidden.json5' || f === 'search/grid.json5') expect(trials).to.have.length(16);
      if (f === 'forecast/grid.json5') expect(trials).to.have.length(48);
      // Every trial a sensible choice: Adam above ~0.05 collapses to the majority class on these data.
      const adamRates = trials.filter((t) => t.experiment?.train.optimizer === 'adam').map((t) => t.experiment!.train.eta);
      expect(adamRates.filter((eta) => eta > 0.05), `${f}: Adam learning rates`).to.deep.equal([]);
    });
  }
});
