/**
 * Errors a user can act on. The CLI prints their message (no stack trace) and exits with exitCode;
 * anything else is a bug and is printed with its stack.
 */
import { EXIT } from './exit-codes.js';

export class UserError extends Error {
  /** EXIT.inputWrong (2): the experiment or its inputs are invalid; EXIT.notDelivered (1): a run or check failed. */
  readonly exitCode: number;
  constructor(message: string, exitCode: number = EXIT.inputWrong) {
    super(message);
    this.name = 'UserError';
    this.exitCode = exitCode;
  }
}

/** A problem in a data file: names the file and, where known, the row (1-based, header = row 1) and column. */
export class DataError extends UserError {
  constructor(readonly file: string, message: string, readonly row?: number, readonly column?: string) {
    super(`${file}${row !== undefined ? `, row ${row}` : ''}${column !== undefined ? `, column "${column}"` : ''}: ${message}`);
    this.name = 'DataError';
  }
}

/**
 * Filesystem errors that are the machine's state, not a bug: a full disk or quota, a folder that
 * cannot be written or is missing, a file where a folder should be (or the reverse), too many open
 * files. A run ends as failed on one (execute.ts) and the CLI reports it in one line (cli.ts).
 */
const FILE_FAULT_CODES: ReadonlySet<string> = new Set(['ENOSPC', 'EDQUOT', 'EACCES', 'EPERM', 'EROFS', 'EIO', 'ENOTDIR', 'EISDIR', 'EEXIST', 'EMFILE']);

export function isFileFault(e: unknown): e is NodeJS.ErrnoException {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' && FILE_FAULT_CODES.has(code);
}
