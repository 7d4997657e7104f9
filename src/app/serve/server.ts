/**
 * `rnnflow serve`: one finished run over HTTP (node:http, no framework: six routes need no router).
 *   POST /predict       rnnflow predict's answers (predict-route.ts)
 *   POST /stream        predictions step by step, each request its own sequence (stream-route.ts)
 *   GET  /model         the run's facts (model-facts.ts)     GET /health    ok or draining
 *   GET  /openapi.json  the description, from the schemas that check requests (openapi.ts)
 *   GET  /              the routes, in one line each
 * Anything else is 404 (a known path with another method 405). Errors are `{ "error": line }`.
 *
 * drain() is Ctrl-C's first press: no new connection is taken, a request arriving on an open one
 * gets 503, the requests already taken are answered, and each open stream ends after the lines it
 * has read; it resolves when the last is.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { UserError } from '../../core/errors.js';
import { HttpError, readBody, replyError, replyJson, replyText } from './http-replies.js';
import { modelFacts } from './model-facts.js';
import { openApiDocument } from './openapi.js';
import { predictAnswer, type ServedRun } from './predict-route.js';
import { MAX_HORIZON } from './request-schemas.js';
import { serveStream, type OpenStream } from './stream-route.js';

export interface ServeOptions { port: number; host: string; maxBodyBytes: number }

export interface RunningServer {
  server: Server;
  url: string;
  /** Requests taken and not yet answered. */
  readonly inFlight: number;
  /** Stops taking requests and resolves when every one taken is answered. */
  drain(): Promise<void>;
}

const ROUTES: Record<string, string> = { '/predict': 'POST', '/stream': 'POST', '/model': 'GET', '/health': 'GET', '/openapi.json': 'GET', '/': 'GET' };

export async function startServer(run: ServedRun, options: ServeOptions): Promise<RunningServer> {
  const openApi = JSON.stringify(openApiDocument(run, options.maxBodyBytes));
  const facts = JSON.stringify(modelFacts(run, MAX_HORIZON));
  let inFlight = 0;
  const streams = new Set<OpenStream>();
  let draining = false;
  let drained: (() => void) | undefined;
  const settle = () => { if (draining && inFlight === 0) drained?.(); };

  const route = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    const method = ROUTES[url.pathname];
    if (!method) throw new HttpError(404, `no route ${url.pathname}; the routes are ${Object.entries(ROUTES).map(([p, m]) => `${m} ${p}`).join(', ')}`);
    if (req.method !== method && !(method === 'GET' && req.method === 'HEAD')) {
      res.setHeader('allow', method === 'GET' ? 'GET, HEAD' : method);
      throw new HttpError(405, `${url.pathname} takes ${method}, not ${req.method}`);
    }
    switch (url.pathname) {
      // inFlight: the others, this request not counted.
      case '/health': return replyJson(res, 200, { status: draining ? 'draining' : 'ok', run: run.id, inFlight: inFlight - 1 });
      case '/model': return replyText(res, 200, 'application/json; charset=utf-8', facts);
      case '/openapi.json': return replyText(res, 200, 'application/json; charset=utf-8', openApi);
      case '/': return replyJson(res, 200, { run: run.id, routes: Object.entries(ROUTES).map(([p, m]) => `${m} ${p}`), description: '/openapi.json' });
    }
    if (url.pathname === '/stream') return serveStream(run, req, res, url, { maxLineBytes: options.maxBodyBytes, open: streams });
    const body = await readBody(req, options.maxBodyBytes);
    const answer = predictAnswer(run, req, url, body);
    replyText(res, 200, answer.type, answer.body);
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://serve');
    if (draining && url.pathname !== '/health') {
      // A request on a connection kept open from before Ctrl-C: not taken, and the connection closes.
      replyError(res, 503, 'the server is stopping (Ctrl-C); requests already taken are being answered', { connection: 'close' });
      return;
    }
    inFlight++;
    res.once('close', () => { inFlight--; settle(); });
    route(req, res, url).catch((e: unknown) => {
      if (res.headersSent) return void res.destroy();
      if (e instanceof HttpError) return replyError(res, e.status, e.message);
      if (e instanceof UserError) return replyError(res, 400, e.message);
      // A bug: said on the server's stderr, and as one line to the client.
      process.stderr.write(`rnnflow serve: ${req.method} ${url.pathname}: ${(e as Error).stack ?? String(e)}\n`);
      replyError(res, 500, `internal error: ${(e as Error).message}`);
    });
  });
  // A stream's body lasts as long as its feed: no overall request timeout (a /predict body has its own, readBody).
  server.requestTimeout = 0;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => { server.off('error', reject); resolve(); });
  });
  const { port } = server.address() as AddressInfo;
  const shown = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    server,
    url: `http://${shown}:${port}/`,
    get inFlight() { return inFlight; },
    drain: () => {
      draining = true;
      const done = new Promise<void>((resolve) => { drained = resolve; });
      server.close();
      server.closeIdleConnections();
      // An open stream reads no more lines: it ends with what it has predicted (event `end`, "stopped").
      for (const stream of streams) stream.stop('the server is stopping (Ctrl-C)');
      settle();
      // Connections kept alive after their last answer close too, so the process can end.
      return done.then(() => { server.closeAllConnections(); });
    },
  };
}
