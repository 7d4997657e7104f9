/**
 * Server-Sent Events: the page's EventSource gets the history by a plain GET first, then only what
 * is new. Files are polled (fs.watch misses writes on some file systems and from other machines'
 * mounts); a run's events.jsonl is checked four times a second, lists once a second.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { EventTail, readFirstEvent, readResolvedExperiment, runFiles } from '../../run-folder/index.js';
import { numberAt, runFolderJson, statOrUndefined, type Json } from './folder-files.js';
import { downsamplePoints, eventPoints, monitoredMetric, type CurvePoints, type ParserState } from './event-points.js';

export const RUN_POLL_MS = 250;
export const LIST_POLL_MS = 1000;
/** One message of a run's live stream: the points after the last one, and the byte they end at. */
export interface RunUpdate { offset: number; points: CurvePoints }

/** New step points per message at most: a fast run's second of steps is reduced like the history. */
const MAX_POINTS_PER_MESSAGE = 200;

function openStream(req: IncomingMessage, res: ServerResponse, poll: () => void, everyMs: number): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.write('retry: 1000\n\n');
  const timer = setInterval(() => {
    try {
      poll();
    } catch {
      // The folder vanished or a file is mid-rename: try again next tick.
    }
  }, everyMs);
  req.on('close', () => clearInterval(timer));
}

export function send(res: ServerResponse, event: string, data: unknown): void {
  res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

/** Streams the points appended to <dir>/events.jsonl after byte `offset`, whole lines only. */
export function streamRun(req: IncomingMessage, res: ServerResponse, dir: string, offset: number): void {
  const file = runFiles(dir).events;
  const startRate = () => numberAt(readFirstEvent(file) as Json | undefined, 'iterationsPerEpoch');
  const state: ParserState = {
    iterationsPerEpoch: startRate(),
    monitored: monitoredMetric(runFolderJson(() => readResolvedExperiment(dir))),
  };
  const tail = new EventTail(file, { offset });
  openStream(req, res, () => {
    const from = tail.offset;
    if ((statOrUndefined(file)?.size ?? 0) <= from) return;
    if (state.iterationsPerEpoch === undefined) state.iterationsPerEpoch = startRate();
    const points = eventPoints(tail.takeEvents(), state);
    if (tail.offset === from) return;
    const update: RunUpdate = { offset: tail.offset, points: downsamplePoints(points, MAX_POINTS_PER_MESSAGE) };
    send(res, 'points', update);
  }, RUN_POLL_MS);
}

/** Sends `produce()` whenever its JSON differs from the last one sent (first one at once). */
export function streamChanges(req: IncomingMessage, res: ServerResponse, event: string, produce: () => unknown): void {
  let last = '';
  const poll = () => {
    const json = JSON.stringify(produce());
    if (json === last) return;
    last = json;
    res.write(`event: ${event}\ndata: ${json}\n\n`);
  };
  openStream(req, res, poll, LIST_POLL_MS);
  try {
    poll();
  } catch {
    // as in openStream
  }
}
