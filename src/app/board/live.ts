/**
 * Server-Sent Events: the page's EventSource gets the history by a plain GET first, then only what
 * is new. Files are polled (fs.watch misses writes on some file systems and from other machines'
 * mounts); a run's events.jsonl is checked four times a second, lists once a second.
 *
 * A run's stream costs what is new: each poll is one stat of events.jsonl, and only when it grew are
 * the bytes after the last offset read (an EventTail from the page's offset), at most
 * MAX_BYTES_PER_POLL of them (a page that asks from byte 0 of a 600 MB file catches up a slice a
 * poll, never in one long read), folded into at most MAX_POINTS_PER_MESSAGE points.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { EventTail, readFirstEvent, readResolvedExperiment, runFiles } from '../../run-folder/index.js';
import { numberAt, runFolderJson, statOrUndefined, stringAt, type Json } from './folder-files.js';
import { eventPoints, monitoredMetric, PagePoints, type CurvePoints, type ParserState } from './event-points.js';

export const RUN_POLL_MS = 250;
export const LIST_POLL_MS = 1000;
/** One message of a run's live stream: the points after the last one, and the byte they end at. */
export interface RunUpdate { offset: number; points: CurvePoints }

/** New step points per message at most: a fast run's second of steps is reduced like the history. */
const MAX_POINTS_PER_MESSAGE = 200;
/** Bytes read per poll at most. */
export const MAX_BYTES_PER_POLL = 16 * 1024 * 1024;

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

/** The new points of one run's events.jsonl, poll by poll, from a byte offset. */
export class LiveRun {
  private readonly file: string;
  private readonly tail: EventTail;
  private readonly state: ParserState;
  /** The start event was looked for (its rate is read once, not on every poll). */
  private startRead = false;

  constructor(readonly dir: string, offset: number) {
    this.file = runFiles(dir).events;
    this.tail = new EventTail(this.file, { offset: Number.isSafeInteger(offset) && offset > 0 ? offset : 0 });
    this.state = { monitored: monitoredMetric(runFolderJson(() => readResolvedExperiment(dir))) };
  }

  /** Bytes of events.jsonl read so far. */
  get bytesRead(): number {
    return this.tail.bytesRead;
  }

  /** The points appended since the last poll (whole lines only), or undefined when nothing new was written. */
  poll(): RunUpdate | undefined {
    const from = this.tail.offset;
    if ((statOrUndefined(this.file)?.size ?? 0) <= from) return undefined;
    if (!this.startRead && this.state.iterationsPerEpoch === undefined && from > 0) {
      const first = readFirstEvent(this.file) as Json | undefined;
      this.startRead = first !== undefined;
      if (stringAt(first, 'type') === 'start') this.state.iterationsPerEpoch = numberAt(first, 'iterationsPerEpoch');
    }
    const points = eventPoints(this.tail.takeEvents(MAX_BYTES_PER_POLL), this.state, new PagePoints(MAX_POINTS_PER_MESSAGE));
    if (this.tail.offset === from) return undefined;
    return { offset: this.tail.offset, points: points.points() };
  }
}

/** Streams the points appended to <dir>/events.jsonl after byte `offset`, whole lines only. */
export function streamRun(req: IncomingMessage, res: ServerResponse, dir: string, offset: number): void {
  const live = new LiveRun(dir, offset);
  openStream(req, res, () => {
    const update = live.poll();
    if (update) send(res, 'points', update);
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
