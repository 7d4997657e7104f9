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
