/**
 * Files a user names on the command line (`export --out`, and every later command that writes one):
 * an existing file is never replaced unless the user said so.
 */
import { existsSync } from 'node:fs';
import { UserError } from './errors.js';

/** Throws (exit 2) when `file` exists and `overwrite` is not set, naming the flag that allows it. */
export function refuseToOverwrite(file: string, overwrite: boolean | undefined): void {
  if (!overwrite && existsSync(file)) {
    throw new UserError(`${file} exists; choose another --out, or pass --overwrite to replace it`);
  }
}
