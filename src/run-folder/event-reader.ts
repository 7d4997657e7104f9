/**
 * Reading events.jsonl, whole or as it grows: one reader for the board's history and live tail,
 * resume's cut, a sweep's check series and the plot sink's history.
 *
 * An EventTail remembers where it stopped. Each take() reads the bytes appended since, in chunks
 * of CHUNK_BYTES, and yields the events of the complete lines among them; a line without its newline
 * yet (being written, or torn by a kill) waits for the next take(). Memory is one chunk plus the
 * pending part line, whatever the file's size: a 600 MB file is read with memory proportional to what
 * the caller keeps of the events. A line longer than MAX_LINE_BYTES is skipped and counted as damaged,
 * as is a line that is not an event (readers of a live file must not fall over on a bad line).
 */
import { closeSync, readSync } from 'node:fs';
import { dirname } from 'node:path';
import { decodeEventLine, type EventRecord } from './event-line.js';
import { openFolderFile } from './folder-access.js';

/** Bytes read per system call. */
export const CHUNK_BYTES = 256 * 1024;
/** The longest line read (a `steps` line holds about a second of losses: far less). */
export const MAX_LINE_BYTES = 16 * 1024 * 1024;

const NEWLINE = 0x0a;

/** An event and the byte offset just past its line (where the file would be cut to keep it as the last). */
export interface ReadEvent { event: EventRecord; end: number }

export interface TailOptions {
  /** Start here (bytes; default 0). */
  offset?: number;
  /** offset may fall inside a line: skip to the next line start (a reader of the last bytes only). */
  alignToLine?: boolean;
  chunkBytes?: number;
  maxLineBytes?: number;
  /** Read no byte at or past this offset (a reader of the first line only). */
  until?: number;
}

export class EventTail {
  /** Where the next read starts: the bytes before it were read (pending holds those of a part line). */
  private readTo: number;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Inside a line that is too long, or before the first line start (alignToLine): drop bytes to the next newline. */
  private skipping: boolean;
  private readonly chunkBytes: number;
  private readonly maxLineBytes: number;
  private readonly until: number;
  /** Bytes read from the file so far: what a live reader costs is what is new. */
  bytesRead = 0;
  /** Lines skipped because they were not events or were too long. */
  damaged = 0;

  constructor(readonly file: string, options: TailOptions = {}) {
    this.readTo = options.offset ?? 0;
    this.skipping = Boolean(options.alignToLine) && this.readTo > 0;
    this.chunkBytes = options.chunkBytes ?? CHUNK_BYTES;
    this.maxLineBytes = options.maxLineBytes ?? MAX_LINE_BYTES;
    this.until = options.until ?? Infinity;
  }

  /** Bytes of the file consumed as whole lines: a live reader goes on from here. */
  get offset(): number {
    return this.readTo - this.pendingBytes;
  }

  /**
   * The events appended since the last take(), in file order. A missing file has none yet. A file cut
   * shorter than what was read (resume cut it back) has none until it grows past that point again.
   * Read it to the end: a tail left part way through has passed over the rest of its last chunk.
   * `maxBytes`: read at most this many bytes this time (a live reader catching up a slice a poll).
   */
  *take(maxBytes = Infinity): Generator<ReadEvent> {
    // Inside the run folder and a regular file (folder-access.ts): a symlink out or a FIFO is refused.
    const opened = openFolderFile(dirname(this.file), this.file);
    if (!opened) return;
    const fd = opened.fd;
    try {
      const size = Math.min(opened.size, this.until, this.readTo + maxBytes);
      const chunk = Buffer.allocUnsafe(this.chunkBytes);
      while (this.readTo < size) {
        const n = readSync(fd, chunk, 0, Math.min(chunk.length, size - this.readTo), this.readTo);
        if (n === 0) break;
        const start = this.readTo;
        this.readTo += n;
        this.bytesRead += n;
        yield* this.lines(chunk.subarray(0, n), start);
      }
    } finally {
      closeSync(fd);
    }
  }

  /** take() without the offsets. */
  *takeEvents(maxBytes = Infinity): Generator<EventRecord> {
    for (const { event } of this.take(maxBytes)) yield event;
  }

  /** The complete lines of one chunk (read at file offset `at`); its last part line is kept. */
  private *lines(bytes: Buffer, at: number): Generator<ReadEvent> {
    let from = 0;
    for (let nl = bytes.indexOf(NEWLINE); nl >= 0; nl = bytes.indexOf(NEWLINE, from)) {
      const end = at + nl + 1;
      if (this.skipping) {
        this.skipping = false;
      } else {
        const event = this.decode(this.pendingBytes ? Buffer.concat([...this.pending, bytes.subarray(from, nl)]) : bytes.subarray(from, nl));
        if (event) yield { event, end };
      }
      this.pending = [];
      this.pendingBytes = 0;
      from = nl + 1;
    }
    if (from === bytes.length || this.skipping) return;
    if (this.pendingBytes + bytes.length - from > this.maxLineBytes) {
      this.damaged++;
      this.skipping = true;
      this.pending = [];
      this.pendingBytes = 0;
      return;
    }
    this.pending.push(Buffer.from(bytes.subarray(from))); // a copy: the chunk buffer is reused
    this.pendingBytes += bytes.length - from;
  }

  private decode(line: Buffer): EventRecord | undefined {
    if (line.length === 0 || (line.length === 1 && line[0] === 0x0d)) return undefined;
    const event = decodeEventLine(line.toString('utf8'));
    if (!event) this.damaged++;
    return event;
  }
}

/** Every complete event of a file as it is now (none when it is missing). */
export function readEvents(file: string): Generator<EventRecord> {
  return new EventTail(file).takeEvents();
}

/** The longest first line read (a start event is a few hundred bytes; early ones carried the experiment, a few KB). */
export const MAX_FIRST_LINE_BYTES = 1024 * 1024;

/** The file's first event (the start event of a run), reading no more than its first line (and at most MAX_FIRST_LINE_BYTES). */
export function readFirstEvent(file: string): EventRecord | undefined {
  const tail = new EventTail(file, { chunkBytes: 64 * 1024, maxLineBytes: MAX_FIRST_LINE_BYTES, until: MAX_FIRST_LINE_BYTES + 1 });
  for (const { event } of tail.take()) return event;
  return undefined;
}
