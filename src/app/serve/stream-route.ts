/**
 * `POST /stream`: the run's stream operator (`loadRun(dir).stream()`, predict/stream/) over one HTTP
 * request. Observations go in as JSON lines (`application/x-ndjson`: a row object, a token string, or
 * `{"reset": true}`; with `?key=<field>` that field names each line's series), read as they arrive; predictions come out as Server-Sent Events as soon as each
 * is made: `prediction` (a StreamPrediction), then `end` when the body ends, or `error` (one line)
 * when a line or an observation is wrong. Each request subscribes anew, so it has its own net and
 * states: two streams never mix. A slow reader holds the body back (res.write's backpressure).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Subject } from 'rxjs';
import { UserError } from '../../core/errors.js';
import type { StreamObservation } from '../predict/stream/types.js';
import { HttpError, mediaType } from './http-replies.js';
import type { ServedRun } from './predict-route.js';
import { readBodyLines } from './body-lines.js';
import { checkRequest, queryObject, streamQuerySchema, streamResetSchema, streamRowSchema, streamTokenSchema } from './request-schemas.js';

/** An open stream, as the server holds it: drain() ends each one's input. */
export interface OpenStream { stop(reason: string): void }

export const STREAM_TYPE = 'application/x-ndjson';

/** Answers one stream request; resolves when its response has ended (or the client went away). */
export function serveStream(run: ServedRun, req: IncomingMessage, res: ServerResponse, url: URL, limits: { maxLineBytes: number; open: Set<OpenStream> }): Promise<void> {
  const { top, key } = checkRequest<{ top: number; key?: string }>(streamQuerySchema, queryObject(url), 'query');
  const type = mediaType(req.headers['content-type']);
  if (type !== STREAM_TYPE) throw new HttpError(415, `POST /stream reads JSON lines (content-type ${STREAM_TYPE}), not ${type || 'a body without a content-type'}`);
  const observations = new Subject<StreamObservation>();
  const resets = new Subject<true | string>();
  // ?key=station: each line's station names its series (a text run's lines are then {"text": …, "station": …}).
  const series = key === undefined ? {} : { key: (o: StreamObservation) => (typeof o === 'object' ? String(o[key] ?? '') : ''), fields: [key] };
  // Bad options or a run that cannot stream (a bidirectional net) throw here: a 400 before any event.
  const operator = run.model.stream({ reset: resets, top, ...series });
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });

  return new Promise<void>((resolve) => {
    let finished = false;
    let stopped: string | undefined;
    const event = (name: string, value: unknown) => res.write(`event: ${name}\ndata: ${JSON.stringify(value)}\n\n`);
    const self: OpenStream = { stop: (reason) => { if (!finished) { stopped = reason; observations.complete(); } } };
    const subscription = observations.pipe(operator).subscribe({
      next: (p) => {
        // A slow reader holds the body back.
        if (event('prediction', p) || req.isPaused()) return;
        req.pause();
        res.once('drain', () => req.resume());
      },
      error: (e: unknown) => {
        if (!(e instanceof UserError)) process.stderr.write(`rnnflow serve: POST /stream: ${(e as Error).stack ?? String(e)}\n`);
        event('error', { error: e instanceof UserError ? e.message : `internal error: ${(e as Error).message}` });
        finish();
      },
      complete: () => { event('end', { lines: body.lines, ...(stopped ? { stopped } : {}) }); finish(); },
    });
    const body = readBodyLines(req, limits.maxLineBytes, {
      line: (text, n) => {
        try {
          const input = streamInputOf(text, n);
          if (input?.reset !== undefined) resets.next(input.reset);
          else if (input) observations.next(input.observation);
        } catch (e) {
          if (!(e instanceof UserError)) throw e;
          fail(e.message);
        }
      },
      tooLong: (n) => fail(`request body, line ${n}: longer than ${limits.maxLineBytes} bytes (the limit: serve --max-body); send one observation a line`),
      end: () => observations.complete(),
    });
    function finish(): void {
      if (finished) return;
      finished = true;
      limits.open.delete(self);
      body.stop();
      res.end();
      resolve();
    }
    function fail(message: string): void {
      event('error', { error: message });
      subscription.unsubscribe();
      finish();
    }
    // The client went away: unsubscribe (its states go with it).
    res.on('close', () => { subscription.unsubscribe(); finish(); });
    limits.open.add(self);
  });
}

/**
 * One line of the body: an observation (a row object or a token string), a reset, or nothing (a blank
 * line); anything else is a UserError naming the line.
 */
function streamInputOf(text: string, line: number): { observation: StreamObservation; reset?: undefined } | { reset: true | string } | undefined {
  if (text.trim() === '') return undefined;
  const where = `request body, line ${line}`;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new UserError(`${where}: not JSON (${(e as Error).message})`);
  }
  if (typeof value === 'string') return { observation: checkRequest<string>(streamTokenSchema, value, where) };
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new UserError(`${where}: ${JSON.stringify(value)} is not an observation; send a row object, a token string or {"reset": true}`);
  }
  if ('reset' in value) return { reset: checkRequest<{ reset: true | string }>(streamResetSchema, value, where).reset };
  return { observation: checkRequest<StreamObservation>(streamRowSchema, value, where) };
}
