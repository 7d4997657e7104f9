/** `--port` of the commands that listen (board, serve): one check, one message. */
import { UserError } from '../../core/errors.js';

/** The port number `text` names, 0 meaning any free port; anything else is a UserError naming the flag. */
export function portOption(text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UserError(`--port ${text}: expected a port number 0–65535 (0 = any free port)`);
  return port;
}
