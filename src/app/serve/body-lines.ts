/**
 * A request body of JSON lines (or any text lines), read as it arrives, for `POST /stream`: each line
 * goes to `line` as soon as its line break comes (the last one, without a break, when the body ends),
 * numbered from 1, blank ones included. A line longer than `maxLineBytes`, or an unfinished rest that
 * grows past it, goes to `tooLong` instead: a client cannot make the server hold an endless line.
 */
import type { IncomingMessage } from 'node:http';
import { StringDecoder } from 'node:string_decoder';

export interface BodyLineHandlers {
  line(text: string, lineNumber: number): void;
  /** The line `lineNumber` is over the limit; the caller stops the reader (or the lines after it go on). */
  tooLong(lineNumber: number): void;
  /** The body ended (after its last line), and the reader was not stopped. */
  end(): void;
}

export interface BodyLineReader {
  /** Lines handed to `line` so far. */
  readonly lines: number;
  /** No more lines; what the client still sends is read and dropped. */
  stop(): void;
}

export function readBodyLines(req: IncomingMessage, maxLineBytes: number, on: BodyLineHandlers): BodyLineReader {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  let lines = 0;
  let stopped = false;
  const take = (text: string) => {
    if (Buffer.byteLength(text) > maxLineBytes) return on.tooLong(lines + 1);
    lines++;
    on.line(text, lines);
  };
  const onData = (chunk: Buffer) => {
    pending += decoder.write(chunk);
    for (let cut = pending.indexOf('\n'); cut >= 0 && !stopped; cut = pending.indexOf('\n')) {
      const text = pending.slice(0, cut);
      pending = pending.slice(cut + 1);
      take(text);
    }
    if (!stopped && Buffer.byteLength(pending) > maxLineBytes) on.tooLong(lines + 1);
  };
  req.on('data', onData);
  req.on('end', () => {
    if (stopped) return;
    const rest = pending + decoder.end();
    if (rest !== '') take(rest);
    if (!stopped) on.end();
  });
  return {
    get lines() { return lines; },
    stop() {
      if (stopped) return;
      stopped = true;
      req.off('data', onData);
      req.resume();
    },
  };
}
