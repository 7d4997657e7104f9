/**
 * `report --out` on a full disk (issue 28: it left a truncated HTML). The report is written to a temp
 * file beside --out and renamed over it: a write that fails leaves no report, or the old one whole,
 * never a truncated page and no temp file, and the error names the file.
 */
import { expect } from 'chai';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempDir } from '../../helpers/cli.js';
import { useSmallDisk } from '../../helpers/small-disk.js';
import { writeRun } from './fixture.js';

describe('report --out on a full disk', function () {
  this.timeout(120_000);
  const run = writeRun(join(tempDir('rnnflow-report-disk-'), 'run1'), { name: 'full-disk' });
  // 256 KiB, where a report (its scripts inline) is about 1.5 MB.
  const smallDisk = useSmallDisk('rnnflow-report-enospc-');

  it('fails (exit 1) naming the file and ENOSPC, and leaves nothing: no truncated report, no temp file', () => {
    const out = join(smallDisk(), 'report.html');
    const r = runCli(['report', run, '--out', out]);
    expect(r.code, r.stderr).to.equal(1);
    expect(r.stderr).to.contain(`${out}: ENOSPC`);
    expect(r.stderr).not.to.match(/\n\s+at /); // no stack trace
    expect(readdirSync(smallDisk())).to.deep.equal([]);
  });

  it('with --overwrite, the old report stays whole', () => {
    const out = join(smallDisk(), 'report.html');
    writeFileSync(out, '<!doctype html><p>the old report</p>\n');
    const r = runCli(['report', run, '--out', out, '--overwrite']);
    expect(r.code, r.stderr).to.equal(1);
    expect(readFileSync(out, 'utf8')).to.equal('<!doctype html><p>the old report</p>\n');
    expect(readdirSync(smallDisk())).to.deep.equal(['report.html']);
  });
});
