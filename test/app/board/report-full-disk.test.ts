/**
 * `report --out` on a full disk (issue 28: it left a truncated HTML). The report is written to a temp
 * file beside --out and renamed over it: a write that fails leaves no report, or the old one whole,
 * never a truncated page and no temp file, and the error names the file.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempDir } from '../../helpers/cli.js';
import { requireOrSkip } from '../../helpers/requires.js';
import { writeRun } from './fixture.js';

describe('report --out on a full disk', function () {
  this.timeout(120_000);
  let mount = '';
  const run = writeRun(join(tempDir('rnnflow-report-disk-'), 'run1'), { name: 'full-disk' });
  before(function () {
    mount = join(tempDir('rnnflow-report-enospc-'), 'small');
    mkdirSync(mount);
    // A real ENOSPC needs a small filesystem: 256 KiB, where a report (its scripts inline) is about 1.5 MB.
    requireOrSkip(this, spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', mount]).status === 0,
      { missing: 'cannot mount a 256 KiB tmpfs (a real ENOSPC needs root)', fix: 'run the tests as root, as .ci/run does' });
  });
  after(() => { if (mount) spawnSync('umount', [mount]); });

  it('fails (exit 1) naming the file and ENOSPC, and leaves nothing: no truncated report, no temp file', () => {
    const out = join(mount, 'report.html');
    const r = runCli(['report', run, '--out', out]);
    expect(r.code, r.stderr).to.equal(1);
    expect(r.stderr).to.contain(`${out}: ENOSPC`);
    expect(r.stderr).not.to.match(/\n\s+at /); // no stack trace
    expect(readdirSync(mount)).to.deep.equal([]);
  });

  it('with --overwrite, the old report stays whole', () => {
    const out = join(mount, 'report.html');
    writeFileSync(out, '<!doctype html><p>the old report</p>\n');
    const r = runCli(['report', run, '--out', out, '--overwrite']);
    expect(r.code, r.stderr).to.equal(1);
    expect(readFileSync(out, 'utf8')).to.equal('<!doctype html><p>the old report</p>\n');
    expect(readdirSync(mount)).to.deep.equal(['report.html']);
  });
});
