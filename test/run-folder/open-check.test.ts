/**
 * The checks run-folder readers make once a file is open (folder-access.ts): where the open file
 * really is must lie inside its folder (a link swapped in between the path check and the open), and a
 * parameter file is refused above the size a parameter file can be, before it is read.
 */
import { expect } from 'chai';
import { closeSync, mkdirSync, openSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../helpers/cli.js';
import { requireOrSkip } from '../helpers/requires.js';
import { MAX_PARAM_FILE_BYTES, readParamFile } from '../../src/model/param-file.js';
import { openedOutside, readRunParams, RunFolderError } from '../../src/run-folder/index.js';

/** Where an open file is comes from Linux's /proc/self/fd; elsewhere the check before opening is the only one. */
const PROC_FD = { missing: 'no /proc/self/fd (not Linux)', fix: 'run this test on Linux' };

describe('run-folder files: checked again once open', () => {
  const dir = tempDir('rnnflow-open-check-');
  const run = join(dir, 'run');
  const outside = join(dir, 'outside.json');
  mkdirSync(join(run, 'params'), { recursive: true });
  writeFileSync(join(run, 'summary.json'), '{}');
  writeFileSync(outside, '{}');
  // The same run seen through a link to its folder: inside, by real paths on both sides.
  symlinkSync(run, join(dir, 'run-link'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  function whereOpened(folder: string, file: string): string | undefined {
    const fd = openSync(file, 'r');
    try {
      return openedOutside(folder, fd);
    } finally {
      closeSync(fd);
    }
  }

  it('a file of the folder, opened directly or through a linked folder, is inside', function () {
    requireOrSkip(this, process.platform === 'linux', PROC_FD);
    expect(whereOpened(run, join(run, 'summary.json'))).to.equal(undefined);
    expect(whereOpened(join(dir, 'run-link'), join(dir, 'run-link', 'summary.json'))).to.equal(undefined);
  });

  it('an open file outside the folder (what a swapped link leads to) is named', function () {
    requireOrSkip(this, process.platform === 'linux', PROC_FD);
    expect(whereOpened(run, outside)).to.equal(outside);
    // A folder that only shares a prefix with the run's name is outside too.
    mkdirSync(join(dir, 'run2'));
    writeFileSync(join(dir, 'run2', 'summary.json'), '{}');
    expect(whereOpened(run, join(dir, 'run2', 'summary.json'))).to.equal(join(dir, 'run2', 'summary.json'));
  });

  it('a parameter file larger than any can be is refused before it is read, naming the limit', () => {
    const best = join(run, 'params', 'best.json');
    writeFileSync(best, '{');
    truncateSync(best, MAX_PARAM_FILE_BYTES + 1); // sparse: no disk is written
    expect(() => readRunParams(run, 'best')).to.throw(RunFolderError, `${MAX_PARAM_FILE_BYTES + 1} bytes, more than a parameter file can be (${MAX_PARAM_FILE_BYTES})`);
    expect(() => readParamFile(best)).to.throw(`${best}: ${MAX_PARAM_FILE_BYTES + 1} bytes, more than a parameter file can be`);
    rmSync(best);
  });
});
