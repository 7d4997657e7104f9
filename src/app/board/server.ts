/**
 * `rnnflow board`: a read-only web server over run and sweep folders. Routes:
 *   /                      the page          /assets/<name>        its scripts and style
 *   /api/index             runs and sweeps   /api/run?id=  /api/sweep?id=   one of them
 *   /api/live/index|run|sweep?id=&offset=    the same, live, as Server-Sent Events
 *   /api/forecast?id=&week=                  a PM2.5 value run's test week: model, truth, persistence
 *   /files/<root>/<path>   a file under a root (text, JSON or SVG; never a directory)
 * Every address is resolved by safe-path.ts; anything else is 404. GET and HEAD only.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createReadStream } from 'node:fs';
import { extname } from 'node:path';
import type { AddressInfo } from 'node:net';
import { boardPage } from './page.js';
import { scriptText, styleText } from './assets.js';
import { BoardScanner } from './scan.js';
import { readRunDetail } from './run-reader.js';
import { readSweepDetail } from './sweep-reader.js';
import { openFolderFile } from '../../run-folder/index.js';
import { makeRoots, resolveId, resolveUnder, type Roots } from './safe-path.js';
import { streamChanges, streamRun } from './live.js';
import { ForecastCache, weekOf } from './predictions.js';
import { RunHistories } from './run-history.js';

export interface BoardOptions { dirs: string[]; port: number; host: string }

export interface RunningBoard { server: Server; url: string; close(): Promise<void> }

/** The page's policy: scripts only from the board (vega compiles its expressions: unsafe-eval). */
const PAGE_CSP = "default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";
const FILE_TYPES: Record<string, string> = {
  '.json': 'application/json', '.svg': 'image/svg+xml', '.csv': 'text/plain; charset=utf-8', '.jsonl': 'text/plain; charset=utf-8',
};

function reply(res: ServerResponse, status: number, type: string, body: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', ...extra });
  res.end(body);
}

const notFound = (res: ServerResponse) => reply(res, 404, 'text/plain; charset=utf-8', 'not found\n');
const json = (res: ServerResponse, value: unknown) => reply(res, 200, 'application/json', JSON.stringify(value));

/** Only a page of this board may talk to it: a DNS-rebinding page would send another Host. */
function hostAllowed(req: IncomingMessage, host: string): boolean {
  const loopback = ['127.0.0.1', 'localhost', '::1'].includes(host);
  if (!loopback) return true;
  const name = (req.headers.host ?? '').replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
  return ['127.0.0.1', 'localhost', '::1'].includes(name);
}

function serveFile(res: ServerResponse, roots: Roots, path: string): void {
  const match = /^\/files\/(\d+)\/(.*)$/s.exec(path);
  const root = match ? Number(match[1]) : -1;
  const real = match ? resolveUnder(roots, root, match[2]) : undefined;
  let opened: { fd: number } | undefined;
  try {
    // Opened through the run folders' one check (inside the root once open too, a regular file), so a
    // link swapped in after resolveUnder's check cannot lead the stream outside.
    opened = real ? openFolderFile(roots.real[root], real) : undefined;
  } catch {
    opened = undefined;
  }
  if (!real || !opened) return notFound(res);
  const type = FILE_TYPES[extname(real)] ?? 'text/plain; charset=utf-8';
  // An SVG could carry a script: sandboxed, it runs nothing.
  res.writeHead(200, { 'content-type': type, 'x-content-type-options': 'nosniff', 'content-security-policy': 'sandbox', 'cache-control': 'no-store' });
  createReadStream(real, { fd: opened.fd }).pipe(res);
}

/**
 * A test week's forecasts (computed once per run, see predictions.ts). Why there are none comes as
 * { error } with status 200: a page asks only for PM2.5 value runs, and a failed fetch would be a
 * console error in the browser.
 */
function serveForecast(res: ServerResponse, forecasts: ForecastCache, dir: string, week: number): void {
  forecasts.get(dir).then(
    (year) => json(res, year ? weekOf(year, week) : { error: 'not a PM2.5 value run (data.name "pm25", data.target "value")' }),
    (e: Error) => json(res, { error: e.message }),
  ).catch(() => res.end());
}

interface BoardState { roots: Roots; scanner: BoardScanner; forecasts: ForecastCache; histories: RunHistories; host: string }

/** An answer computed asynchronously (a run's history is read a slice at a time): JSON, or 500 with the reason. */
function jsonLater(res: ServerResponse, value: Promise<unknown>): void {
  value.then((v) => json(res, v), (e: Error) => {
    if (!res.headersSent) reply(res, 500, 'text/plain; charset=utf-8', `${e.message}\n`);
    else res.end();
  });
}

function handle(req: IncomingMessage, res: ServerResponse, { roots, scanner, forecasts, histories, host }: BoardState): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') return reply(res, 405, 'text/plain; charset=utf-8', 'read-only\n', { allow: 'GET, HEAD' });
  if (!hostAllowed(req, host)) return reply(res, 403, 'text/plain; charset=utf-8', 'forbidden host\n');
  const url = new URL(req.url ?? '/', 'http://board');
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    return notFound(res);
  }
  const id = url.searchParams.get('id') ?? '';
  const dir = () => resolveId(roots, id);
  switch (path) {
    case '/': return reply(res, 200, 'text/html; charset=utf-8', boardPage(), { 'content-security-policy': PAGE_CSP });
    case '/assets/board.css': return reply(res, 200, 'text/css; charset=utf-8', styleText());
    case '/api/index': return json(res, scanner.scan());
    case '/api/live/index': return streamChanges(req, res, 'index', () => scanner.scan());
  }
  if (path.startsWith('/assets/')) {
    const text = scriptText(path.slice('/assets/'.length));
    return text === undefined ? notFound(res) : reply(res, 200, 'text/javascript; charset=utf-8', text);
  }
  if (path.startsWith('/files/')) return serveFile(res, roots, path);
  const found = dir();
  if (!found) return notFound(res);
  const sweepOf = url.searchParams.get('sweep') ?? undefined;
  switch (path) {
    case '/api/run': return jsonLater(res, readRunDetail(found, id, sweepOf, histories));
    case '/api/sweep': return json(res, readSweepDetail(found, id));
    case '/api/live/run': return streamRun(req, res, found, Number(url.searchParams.get('offset')) || 0);
    case '/api/live/sweep': return streamChanges(req, res, 'sweep', () => readSweepDetail(found, id));
    case '/api/forecast': return serveForecast(res, forecasts, found, Number(url.searchParams.get('week')) || 0);
  }
  notFound(res);
}

export async function startBoard(options: BoardOptions): Promise<RunningBoard> {
  const roots = makeRoots(options.dirs);
  const state: BoardState = { roots, scanner: new BoardScanner(roots), forecasts: new ForecastCache(), histories: new RunHistories(), host: options.host };
  const server = createServer((req, res) => {
    try {
      handle(req, res, state);
    } catch (e) {
      if (!res.headersSent) reply(res, 500, 'text/plain; charset=utf-8', `${(e as Error).message}\n`);
      else res.end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const shown = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    server,
    url: `http://${shown}:${port}/`,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
