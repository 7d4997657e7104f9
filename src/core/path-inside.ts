/**
 * Every file a queue worker (or the coordinator unpacking a worker's answer) writes or deletes goes
 * through `pathInside`: the path is resolved under its root, and the real path of its deepest existing
 * part (symlinks followed) must still lie inside the root's real path. A name like `../../x`, an
 * absolute path, or a symlink planted inside the folder that points out all fail the same check, so
 * a hostile job or answer can neither write nor `rm -rf` outside the folder it was given.
 */
import { existsSync, readlinkSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';

/** `path` is `root` or lies under it (both absolute and resolved; no file system access). */
export function liesWithin(root: string, path: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

/**
 * Where the file open as `fd` really is, from Linux's /proc/self/fd; undefined where the system does
 * not say. Checked after opening, it closes the gap between checking a path and opening it: a folder
 * component swapped for a symlink in between shows here as a path outside the root.
 */
export function realPathOfOpenFile(fd: number): string | undefined {
  try {
    return readlinkSync(`/proc/self/fd/${fd}`);
  } catch {
    return undefined;
  }
}

/** The real path of the deepest part of `path` that exists, with the rest appended. */
function realSoFar(path: string): string {
  let existing = path;
  while (!existsSync(existing) && dirname(existing) !== existing) existing = dirname(existing);
  return resolve(realpathSync(existing), relative(existing, path));
}

/** `rel` under `root`, or an Error naming both when it would lie outside (by name or through a symlink). */
export function pathInside(root: string, ...rel: string[]): string {
  const base = resolve(root);
  for (const part of rel) if (part.includes('\0') || isAbsolute(part)) throw new Error(`refused: ${JSON.stringify(part)} is not a path inside ${base}`);
  const path = resolve(base, ...rel);
  if (!liesWithin(base, path) || !liesWithin(realSoFar(base), realSoFar(path))) {
    throw new Error(`refused: ${JSON.stringify(rel.join('/'))} lies outside ${base}`);
  }
  return path;
}
