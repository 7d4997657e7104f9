/**
 * The server's answers and its one way to read a request body. Every error is JSON
 * `{ "error": "<one line>" }`: the line the CLI prints for the same problem, without its `rnnflow: `.
 * A body longer than the cap is refused as soon as it is known to be (413), never read whole.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** An HTTP status with the line that explains it. */
export class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
    this.name = 'HttpError';
  }
}

const HEADERS = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };

export function replyJson(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { ...HEADERS, 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(value));
}

export function replyText(res: ServerResponse, status: number, type: string, text: string): void {
  res.writeHead(status, { ...HEADERS, 'content-type': type });
  res.end(text);
}

export function replyError(res: ServerResponse, status: number, message: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...HEADERS, 'content-type': 'application/json; charset=utf-8', ...extra });
  res.end(JSON.stringify({ error: message }));
}

/** How long a request body may take to arrive, in seconds. */
const BODY_SECONDS = 60;

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** The body as UTF-8 text, at most `maxBytes` bytes (413 above that: said by content-length up front, or when the bytes pass it). */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<string> {
  const tooLarge = () => new HttpError(413, `the request body is larger than ${maxBytes} bytes (the limit: serve --max-body); send fewer rows per request`);
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    req.resume(); // drain what the client sends, so that it reads our answer
    return Promise.reject(tooLarge());
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    // The server has no overall request timeout (a stream may last for hours): a body has its own.
    const deadline = setTimeout(() => {
      refused = true;
      reject(new HttpError(408, `the request body did not arrive within ${BODY_SECONDS} s; send it at once`));
    }, BODY_SECONDS * 1000);
    req.once('close', () => clearTimeout(deadline));
    req.on('data', (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size > maxBytes) {
        refused = true;
        chunks.length = 0;
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      clearTimeout(deadline);
      if (refused) return;
      try {
        resolve(utf8.decode(Buffer.concat(chunks)));
      } catch {
        reject(new HttpError(400, 'the request body is not UTF-8 text; send it as UTF-8'));
      }
    });
    req.on('error', (e) => { if (!refused) reject(e); });
  });
}

/** The media type of a header, lower-case, without its parameters (`text/csv; charset=utf-8` → `text/csv`). */
export function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0].trim().toLowerCase();
}
