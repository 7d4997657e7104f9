/**
 * `loadRun(dir).stream(options)`: a run as an RxJS operator, observations in (one time step each),
 * predictions out, with predict's preparation and numbers (stream-steps.ts says how).
 *
 *   rows$.pipe(model.stream({ key: (row) => row.station as string, fields: ['station'], reset: newDay$ })).subscribe(console.log)
 *
 * Each subscription has its own net and states (stream-steps.ts), so two subscribers never mix
 * states. A bad observation (an unknown field, a value of the wrong type, an hour that does not
 * follow the last) ends the stream with an error naming the series, the row and the field.
 * Options are checked when the operator is made, before any observation.
 */
import { isObservable, Observable, type OperatorFunction } from 'rxjs';
import { UserError } from '../../../core/errors.js';
import { DEFAULT_MAX_KEYS, StreamSteps, type StreamRun } from './stream-steps.js';
import type { StreamObservation, StreamOptions, StreamPrediction } from './types.js';

const OPTION_NAMES = ['key', 'reset', 'fields', 'maxKeys', 'top'];

export function streamOperator(run: StreamRun, options: StreamOptions = {}): OperatorFunction<StreamObservation, StreamPrediction> {
  const checked = checkOptions(options);
  const data = run.experiment.data.name;
  if (data !== 'pm25' && data !== 'csv' && data !== 'sequences') {
    throw new UserError(`${run.dir}: stream reads pm25, csv and sequences runs; this run's data is "${data}"`);
  }
  new StreamSteps(run, checked); // a run that cannot stream (a bidirectional net) fails here, not at the first row
  return (source) => new Observable<StreamPrediction>((subscriber) => {
    const steps = new StreamSteps(run, checked);
    const resets = options.reset?.subscribe({
      next: (which) => steps.reset(typeof which === 'string' ? which : undefined),
      error: (e: unknown) => subscriber.error(e),
    });
    const observations = source.subscribe({
      next: (observation) => {
        let predictions: StreamPrediction[];
        try {
          predictions = steps.read(observation);
        } catch (e) {
          subscriber.error(e);
          return;
        }
        for (const p of predictions) subscriber.next(p);
      },
      error: (e: unknown) => subscriber.error(e),
      complete: () => subscriber.complete(),
    });
    return () => {
      observations.unsubscribe();
      resets?.unsubscribe();
    };
  });
}

function checkOptions(options: StreamOptions): { key?: StreamOptions['key']; fields: readonly string[]; maxKeys: number; top: number } {
  if (typeof options !== 'object' || options === null) throw new UserError(`stream(options): expected an object with any of ${OPTION_NAMES.join(', ')}`);
  for (const name of Object.keys(options)) {
    if (!OPTION_NAMES.includes(name)) throw new UserError(`stream(options): unknown option "${name}"; the options are ${OPTION_NAMES.join(', ')}`);
  }
  if (options.key !== undefined && typeof options.key !== 'function') throw new UserError('stream(options): key must be a function (observation) => string');
  if (options.reset !== undefined && !isObservable(options.reset)) throw new UserError('stream(options): reset must be an Observable (each emission starts new sequences)');
  const fields = options.fields ?? [];
  if (!Array.isArray(fields) || fields.some((f) => typeof f !== 'string')) throw new UserError('stream(options): fields must be an array of field names, e.g. ["station"]');
  const maxKeys = options.maxKeys ?? DEFAULT_MAX_KEYS, top = options.top ?? 3;
  if (!Number.isInteger(maxKeys) || maxKeys < 1) throw new UserError(`stream(options): maxKeys ${maxKeys}: expected a whole number, 1 or more`);
  if (!Number.isInteger(top) || top < 1) throw new UserError(`stream(options): top ${top}: expected a whole number, 1 or more`);
  return { ...(options.key ? { key: options.key } : {}), fields, maxKeys, top };
}
