/**
 * Errors a user can act on. The CLI prints their message (no stack trace) and exits with exitCode;
 * anything else is a bug and is printed with its stack.
 */
export class UserError extends Error {
  /** 2: the experiment or its inputs are invalid (nothing was trained); 1: a run or check failed. */
  readonly exitCode: number;
  constructor(message: string, exitCode = 2) {
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
