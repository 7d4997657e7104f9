/**
 * A run's history for its page: events.jsonl folded into bounded points (PagePoints), read in
 * chunks by an EventTail that yields to other requests every READ_SLICE_BYTES (a 600 MB file does not
 * freeze the board while it is read), and kept per run, so the next request of the same page reads
 * only what was appended since (a file replaced or cut shorter is read again from its start).
 */
import { runFiles, EventTail, RunFolderError } from '../../run-folder/index.js';
import { addEvent, PagePoints, type CurvePoints, type ParserState } from './event-points.js';
import { statOrUndefined } from './folder-files.js';

/** Longest step curve sent to a page: see bounded-points.ts. */
export const MAX_CURVE_POINTS = 2000;
/** Bytes read between two turns of the event loop. */
export const READ_SLICE_BYTES = 8 * 1024 * 1024;
/** Runs whose history is kept (each a few hundred KB at most). */
const KEPT_RUNS = 16;

export interface RunHistory {
  points: CurvePoints;
  /** Bytes of events.jsonl the points cover: the live tail goes on from here. */
  offset: number;
  iterationsPerEpoch?: number;
  /** Why the events could not be read (a refused file), when they could not. */
  error?: string;
  /** Bytes of events.jsonl read for this answer (what was appended since the last one). */
  bytesRead: number;
}

interface Entry { file: string; ino: number; tail: EventTail; state: ParserState; points: PagePoints; reading?: Promise<void> }

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export class RunHistories {
  private readonly entries = new Map<string, Entry>();

  /** The history of the run in `dir`; `state` gives the run's monitored metric (read again only for a new entry). */
  async read(dir: string, state: () => ParserState): Promise<RunHistory> {
    const file = runFiles(dir).events;
    const stat = statOrUndefined(file);
    let entry = this.entries.get(dir);
    if (entry && stat && (stat.ino !== entry.ino || stat.size < entry.tail.offset)) entry = undefined;
    if (!entry) {
      entry = { file, ino: stat?.ino ?? 0, tail: new EventTail(file), state: state(), points: new PagePoints(MAX_CURVE_POINTS) };
      this.entries.delete(dir);
      if (this.entries.size >= KEPT_RUNS) this.entries.delete(this.entries.keys().next().value!);
    }
    this.entries.set(dir, entry);
    try {
      // Requests that come while a read is under way wait for it, then read what came after.
      while (entry.reading) await entry.reading;
      const before = entry.tail.bytesRead;
      entry.reading = readNew(entry);
      await entry.reading;
      return { points: entry.points.points(), offset: entry.tail.offset, iterationsPerEpoch: entry.state.iterationsPerEpoch, bytesRead: entry.tail.bytesRead - before };
    } catch (e) {
      this.entries.delete(dir);
      if (!(e instanceof RunFolderError)) throw e;
      return { points: new PagePoints(MAX_CURVE_POINTS).points(), offset: 0, error: e.message, bytesRead: 0 };
    } finally {
      entry.reading = undefined;
    }
  }
}

/** Folds the events appended since the last read into the entry's points, a slice at a time. */
async function readNew(entry: Entry): Promise<void> {
  const { tail, state, points } = entry;
  let sliceEnd = tail.bytesRead + READ_SLICE_BYTES;
  for (const event of tail.takeEvents()) {
    addEvent(event, state, points);
    if (tail.bytesRead >= sliceEnd) {
      await nextTurn();
      sliceEnd = tail.bytesRead + READ_SLICE_BYTES;
    }
  }
}
