/**
 * What goes wrong with a run or sweep folder, and the one check every reader makes before it opens a
 * file there (fileInFolder), and the one way a whole small file is read (readFolderText). Folders are untrusted input (copied between machines, edited by hand, handed to a
 * board that serves them): a file is read only when its real path lies inside the folder it belongs
 * to (core/path-inside.ts, symlinks followed), so a `summary.json` planted as a symlink to
 * `~/.ssh/id_rsa`, or a `trials/<id>` leading out of the sweep, is refused with the file named; and
 * once open, where the open file really is must lie inside too (a link swapped in between the check
 * and the open is caught).
 */
import { closeSync, constants, fstatSync, openSync, readSync, realpathSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { UserError } from '../core/errors.js';
import { liesWithin, pathInside, realPathOfOpenFile } from '../core/path-inside.js';

/** A run-folder file that cannot be used: the user's to fix (exit 2). */
export class RunFolderError extends UserError {
  constructor(readonly file: string, message: string) {
    super(`${file}: ${message}`);
    this.name = 'RunFolderError';
  }
}

/**
 * `file` (a path under `folder`) when its real path lies inside the folder's real path; else a
 * RunFolderError saying it leads outside. A file that does not exist passes (its reader says so).
 */
export function fileInFolder(folder: string, file: string): string {
  try {
    return pathInside(folder, relative(resolve(folder), resolve(file)));
  } catch {
    throw new RunFolderError(file, `leads outside its folder ${resolve(folder)} (a symlink, or a name with ..); refused: a run or sweep folder's files must lie inside it. Copy the real file in place of the link.`);
  }
}

/**
 * Opens `file` of `folder` for reading: inside the folder (fileInFolder), and a regular file, so a
 * FIFO (which would block the reader forever), a device (`/dev/zero`: endless) or a folder is refused
 * before a byte is read. Undefined when the file does not exist.
 */
export function openFolderFile(folder: string, file: string): { fd: number; size: number } | undefined {
  const path = fileInFolder(folder, file);
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO that no one writes returns at once instead of waiting for a writer.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw new RunFolderError(file, `cannot be read (${code ?? (e as Error).message})`);
  }
  const outside = openedOutside(folder, fd);
  if (outside !== undefined) {
    closeSync(fd);
    throw new RunFolderError(file, `opened as ${outside}, outside its folder ${resolve(folder)}: a part of its path was swapped for a link while it was being opened; refused`);
  }
  const stat = fstatSync(fd);
  if (!stat.isFile()) {
    closeSync(fd);
    throw new RunFolderError(file, `is ${stat.isDirectory() ? 'a folder' : stat.isFIFO() ? 'a FIFO' : 'a device or socket'}, not a file; refused`);
  }
  return { fd, size: stat.size };
}

/**
 * Where the file open as `fd` really is, when that lies outside `folder`'s real path; undefined when
 * inside (or where the system cannot say: fileInFolder's check before opening is then the only one).
 */
export function openedOutside(folder: string, fd: number): string | undefined {
  const where = realPathOfOpenFile(fd);
  if (where === undefined) return undefined;
  let root: string;
  try {
    root = realpathSync(resolve(folder));
  } catch {
    return where; // the folder itself vanished or became unreadable after the file was opened
  }
  return liesWithin(root, where) ? undefined : where;
}

/** The text of a whole file of `folder` at most `maxBytes` long (else refused, naming the limit); undefined when missing. */
export function readFolderText(folder: string, file: string, what: string, maxBytes: number): string | undefined {
  const opened = openFolderFile(folder, file);
  if (!opened) return undefined;
  try {
    if (opened.size > maxBytes) throw new RunFolderError(file, `${opened.size} bytes, more than a ${what} can be (${maxBytes}); refused`);
    const bytes = Buffer.alloc(opened.size);
    let at = 0;
    while (at < bytes.length) {
      const n = readSync(opened.fd, bytes, at, bytes.length - at, at);
      if (n === 0) break;
      at += n;
    }
    return bytes.subarray(0, at).toString('utf8');
  } finally {
    closeSync(opened.fd);
  }
}
