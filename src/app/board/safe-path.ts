/**
 * The board serves only what lies under the folders it was given. Every address a page sends
 * ("<root index>:<path>") goes through here: the path is resolved against its root, then the real
 * path (symlinks followed) must still be inside the root's real path. `..`, an encoded `%2e%2e%2f`
 * (decoded before it gets here) and a symlink pointing outside all fail the same check.
 */
import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { liesWithin } from '../../core/path-inside.js';

export interface Roots {
  /** The folders as given (for display). */
  given: string[];
  /** Their real absolute paths. */
  real: string[];
}

export function makeRoots(dirs: string[]): Roots {
  return { given: dirs, real: dirs.map((d) => realpathSync(resolve(d))) };
}

/** The real path of `rel` under root number `rootIndex`, or undefined if it escapes or does not exist. */
export function resolveUnder(roots: Roots, rootIndex: number, rel: string): string | undefined {
  const root = roots.real[rootIndex];
  if (root === undefined || rel.includes('\0')) return undefined;
  const joined = resolve(root, rel.replace(/^\/+/, ''));
  if (!liesWithin(root, joined)) return undefined;
  try {
    const real = realpathSync(joined);
    return liesWithin(root, real) ? real : undefined;
  } catch {
    return undefined;
  }
}

/** An id "<root index>:<path>" → its real path under that root, or undefined. */
export function resolveId(roots: Roots, id: string): string | undefined {
  const match = /^(\d+):(.*)$/s.exec(id);
  return match ? resolveUnder(roots, Number(match[1]), match[2]) : undefined;
}
