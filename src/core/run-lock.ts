/**
 * One writer per run folder: `<dir>/run.lock` holds the owner's pid. A second process (two `exp --out D`,
 * or `resume` while the run is live) refuses with the owner's pid; a lock whose process is gone (killed,
 * crashed) is stale and taken over. Re-entrant within one process (resume prepares, then runs). A sweep
 * folder has one too: two `sweep --resume` on it would run the same trials into the same folders.
 */
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from './errors.js';

export const LOCK_FILE = 'run.lock';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the folder's lock (the folder must exist) and returns its release; throws a UserError when a live process holds it. */
export function lockRunFolder(dir: string, what = 'run folder'): () => void {
  const file = join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      return () => rmSync(file, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    let owner = NaN;
    try { owner = Number.parseInt(readFileSync(file, 'utf8'), 10); } catch { /* removed meanwhile: try again */ }
    if (owner === process.pid) return () => {};
    if (Number.isInteger(owner) && alive(owner)) {
      throw new UserError(`${dir}: another rnnflow process (pid ${owner}) is writing this ${what}; wait for it to end, or stop it (Ctrl-C) first.`);
    }
    rmSync(file, { force: true }); // stale: its process is gone
  }
  throw new UserError(`${dir}: could not take the ${what}'s lock (${file}); another process keeps taking it.`);
}
