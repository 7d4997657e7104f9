import { expect } from 'chai';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tempDir } from './cli.js';
import { runEntries, writtenInto } from './clean-clone.js';

describe('npm test leaves the clone clean (test/helpers/clean-clone.ts)', () => {
  it('temporary folders of the suite live under its own TMPDIR (removed by the root hook after the last test)', () => {
    expect(tmpdir()).to.match(/rnnflow-npm-test-/);
  });

  it('a run folder planted in runs/ is named as written by the suite', () => {
    const base = tempDir();
    const runs = join(base, 'runs');
    mkdirSync(join(runs, 'mine', 'old-run'), { recursive: true });
    const before = runEntries(runs, base);
    expect(writtenInto(before, runEntries(runs, base))).to.equal(null);
    mkdirSync(join(runs, 'tiny', '2026-12-06T23-48-17-seed1'), { recursive: true });
    expect(writtenInto(before, runEntries(runs, base))?.message).to.match(/wrote into the clone: runs\/tiny, runs\/tiny\/2026-12-06T23-48-17-seed1\./);
  });
});
