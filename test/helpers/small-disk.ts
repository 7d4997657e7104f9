/**
 * A 256 KiB tmpfs for one suite: a real ENOSPC needs a small filesystem, and mounting one needs root (as
 * in CI; elsewhere the suite skips with one line, under CI=true it fails: helpers/requires.ts).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './cli.js';
import { requireOrSkip } from './requires.js';

/** Mounts the tmpfs before the suite and unmounts it after; returns a getter of its path. */
export function useSmallDisk(prefix = 'rnnflow-enospc-'): () => string {
  let mount = '';
  before(function () {
    mount = join(tempDir(prefix), 'small');
    mkdirSync(mount);
    requireOrSkip(this, spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', mount]).status === 0,
      { missing: 'cannot mount a 256 KiB tmpfs (a real ENOSPC needs root)', fix: 'run the tests as root, as .ci/run does' });
  });
  after(() => { if (mount) spawnSync('umount', [mount]); });
  return () => mount;
}
