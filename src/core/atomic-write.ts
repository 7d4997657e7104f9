/** Writing a file so that a reader sees the old text or the new, never half of it. */
import { closeSync, fstatSync, ftruncateSync, mkdirSync, openSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/** Writes atomically: a sibling temp file is renamed over the target (its folder is created). */
export function writeFileAtomic(file: string, text: string | Uint8Array): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true }); // a full disk leaves no half-written temp file behind
    throw fileError(file, e);
  }
}

/**
 * Writes atomically what `produce` hands to `write` piece by piece (an output too large to hold as one
 * text): a sibling temp file is renamed over the target once `produce` returns; if it or a write throws,
 * the temp file is removed and the target is left as it was.
 */
export function writeFileAtomicStreamed<T>(file: string, produce: (write: (text: string) => void) => T): T {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'w');
    const result = produce((text) => writeToFile(fd!, file, text));
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, file);
    return result;
  } catch (e) {
    if (fd !== undefined) closeSync(fd);
    rmSync(tmp, { force: true });
    throw fileError(file, e);
  }
}

/**
 * A filesystem error that names the file (writeSync's own message does not) and keeps its code
 * (ENOSPC, EACCES …), so the run can end as failed saying which file and why.
 */
export function fileError(file: string, e: unknown): NodeJS.ErrnoException {
  const cause = e as NodeJS.ErrnoException;
  if (!cause?.code || cause.message.startsWith(file)) return cause;
  const named: NodeJS.ErrnoException = new Error(`${file}: ${cause.message}`, { cause });
  named.code = cause.code;
  return named;
}

/**
 * Appends `text` to an open file (events.jsonl, metrics.csv), its errors naming the file. writeSync may
 * take only part of the text (a disk filling up): the rest is written in turn, and if a write fails,
 * what this call wrote is cut off again, so the file holds whole lines only (a cut line would read as
 * damage, and anything appended later would follow it).
 */
export function writeToFile(fd: number, file: string, text: string): void {
  const bytes = Buffer.from(text);
  let written = 0;
  let end = 0;
  try {
    // At the file's end by position: after a cut, the descriptor's own offset would leave a hole.
    end = fstatSync(fd).size;
    while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written, end + written);
  } catch (e) {
    if (written > 0) {
      try {
        ftruncateSync(fd, end);
      } catch {
        // the write's own error is the one to report
      }
    }
    throw fileError(file, e);
  }
}
