/**
 * New result folders named by their UTC start time, created atomically: two runs started in the
 * same second (a sweep, two terminals) each get their own folder, never one between them.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Creates <parent>/<UTC time><suffix>[-n] and returns its absolute path. */
export function createStampedDir(parent: string, suffix = ''): string {
  const root = resolve(parent);
  mkdirSync(root, { recursive: true });
  const base = join(root, new Date().toISOString().replace(/:/g, '-').replace(/\..+$/, '') + suffix);
  for (let n = 1; ; n++) {
    const dir = n === 1 ? base : `${base}-${n}`;
    try {
      mkdirSync(dir); // not recursive: fails with EEXIST if another run took this name first
      return dir;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
}
