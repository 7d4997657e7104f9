/**
 * The stream operator's options and predictions (loadRun(dir).stream(options)): the contract the
 * server's streaming endpoint relays (notes: /work/notes/stream-api.md mirrors it).
 */
import type { Observable } from 'rxjs';
import type { Forecast, RawRow } from '../rows.js';
import type { LabelGuess } from '../text-model.js';

/**
 * One observation, one time step: a row of fields for PM2.5 and csv runs (predict's RawRow: the
 * UCI columns, or the run's feature columns), text for a text run (a character, or a word for a
 * run of words; text holding several tokens is read as that many steps), or a row whose field
 * "text" holds it (so that it can carry options.fields beside it).
 */
export type StreamObservation = RawRow | string;

export interface StreamOptions {
  /**
   * The series an observation belongs to (a station, a user): each key keeps its own states and
   * rows, never mixed. Default: one series, key "".
   */
  key?: (observation: StreamObservation) => string;
  /**
   * Starts new sequences at each emission: a string resets the series with that key, any other value
   * every series. A series starts anew as at its first observation (a window model's first prediction
   * comes T rows later again). Default: none (a series ends only with the stream).
   */
  reset?: Observable<unknown>;
  /**
   * Fields an observation may carry beside the run's own (a station or user id for `key`); the net
   * never reads them. Any other unknown field is an error. Default: none.
   */
  fields?: readonly string[];
  /** The most keys held at once (default 10,000); one more is an error naming this option. */
  maxKeys?: number;
  /** Text class runs: labels per prediction, most probable first (default 3; at most the class count). */
  top?: number;
}

/** One prediction, after a step of a series that has one (a window model: from its T-th row on). */
export interface StreamPrediction {
  /** The series' key ("" without options.key). */
  key: string;
  /** Observations this series has read since it started or was last reset, this one included (1, 2, …). */
  step: number;
  /** Window runs: predict's windowEnd for the window ending at this row (PM2.5: "2014-01-02 05:00"; csv: its time cell or row number in the series). */
  windowEnd?: string;
  /**
   * Window runs: predict's forecasts for that window, 1 step ahead (a direct multi-hour head: each of
   * its hours). `for` is the next hour for PM2.5; for a csv run with data.timeColumn, "+1 after <time>".
   */
  forecasts?: Forecast[];
  /** Window runs: fields of this row whose missing value was carried forward from an earlier row. */
  carried?: string[];
  /** Text runs: the token this step read, and whether the run never saw it in training (read as <unk>, all zeros). */
  token?: string;
  unknown?: boolean;
  /** Text runs, for the text read so far: class runs the top labels, most probable first; regression runs the value. */
  top?: LabelGuess[];
  value?: number;
}
