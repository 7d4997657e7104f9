/**
 * What `rnnflow serve` accepts, as JSON schemas: ajv checks every request against them (here), and
 * the OpenAPI description (openapi.ts) is built from the same objects, so the two cannot disagree.
 *
 * A request that fails is refused whole with one line (config/explain.ts, as an experiment file's
 * errors are told), answered 400.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import { UserError } from '../../core/errors.js';
import { explainSchemaErrors } from '../../config/explain.js';
import { MAX_HORIZON } from '../predict/run-model.js';

/** The largest request body, in bytes, unless `serve --max-body` says otherwise: a whole year of hourly PM2.5 rows (≈ 0.4 MB as CSV) fits ten times. */
export const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;
/** Most rows or texts in one JSON body: each is a forecast window or a text to label. */
export const MAX_ITEMS = 100_000;
/** Most steps ahead: predict's own limit (each step is another pass over every window). */
export { MAX_HORIZON };

const integer = (description: string, minimum: number, maximum: number, fallback: number) =>
  ({ type: 'integer', minimum, maximum, default: fallback, description });

/** `POST /predict?horizon=&top=&precision=`: predict's flags of the same names. */
export const predictQuerySchema = {
  type: 'object', additionalProperties: false,
  properties: {
    horizon: integer('forecast 1 … horizon steps ahead (PM2.5 value runs; each forecast is fed back as the next hour\'s pollution), as predict --horizon', 1, MAX_HORIZON, 1),
    top: integer('a text run: labels per text, most probable first, as predict --top', 1, 1000, 3),
    precision: integer('significant digits of every number in a text/csv answer, as predict --precision (a JSON answer holds the doubles themselves)', 1, 17, 9),
  },
} as const;

/** One cell: text, a number, or null (missing, as '' and 'NA' are). */
const cell = { type: ['string', 'number', 'null'] };

/** The JSON body for a run that reads rows of columns (pm25, csv). */
export const rowsBodySchema = {
  type: 'object', additionalProperties: false, required: ['rows'],
  properties: {
    rows: {
      type: 'array', minItems: 1, maxItems: MAX_ITEMS,
      description: 'consecutive rows, in the columns the run was trained on (GET /model lists them): column name → cell',
      items: { type: 'object', additionalProperties: cell },
    },
  },
} as const;

/** The JSON body for a text run (sequences). */
export const textBodySchema = {
  type: 'object', additionalProperties: false, required: ['text'],
  properties: {
    text: { type: 'array', minItems: 1, maxItems: MAX_ITEMS, description: 'the texts to label, as predict --text', items: { type: 'string', minLength: 1 } },
  },
} as const;

/** `POST /stream?top=`: a text class run's labels per prediction (predict's --top). */
export const streamQuerySchema = {
  type: 'object', additionalProperties: false,
  properties: {
    top: predictQuerySchema.properties.top,
    key: {
      type: 'string', pattern: '^[^\\u0000-\\u001f]{1,100}$',
      description: 'a field of each line that names its series (a station, a user): each series keeps its own states; the field is not an input (a text run\'s lines are then {"text": "…", "<key>": "…"})',
    },
  },
} as const;

/** The lines of a `POST /stream` body, one time step or a reset each: a row of fields (pm25, csv runs)… */
export const streamRowSchema = { type: 'object', description: 'one row: column name → cell (pm25, csv runs)', additionalProperties: cell } as const;
/** …a token of text (a character, or a word for a run of words)… */
export const streamTokenSchema = { type: 'string', minLength: 1, description: 'text (sequences runs): a character, or a word for a run of words; several tokens are read as as many steps' } as const;
/** …or the start of a new sequence (a window run's next prediction comes T rows later again). */
export const streamResetSchema = {
  type: 'object', additionalProperties: false, required: ['reset'],
  description: 'start the sequence anew: true every series, a string the series of that key (?key=)',
  properties: { reset: { anyOf: [{ const: true }, { type: 'string', minLength: 1, maxLength: 100 }] } },
} as const;
/** One line, for the OpenAPI description (the server checks each line against the one branch its JSON type picks). */
export const streamLineSchema = { oneOf: [streamRowSchema, streamTokenSchema, streamResetSchema] } as const;

export type PredictQuery = { horizon: number; top: number; precision: number };

// useDefaults fills the query's defaults; coerceTypes reads "3" in a query string as 3.
const queryAjv = new Ajv({ allErrors: true, useDefaults: true, coerceTypes: true, verbose: true, strict: false });
const bodyAjv = new Ajv({ allErrors: true, verbose: true, strict: false });
const validators = new Map<object, ValidateFunction>();

/** `value` checked against `schema` (and given its defaults), or a UserError naming `where` and the first problem. */
export function checkRequest<T>(schema: object, value: unknown, where: string): T {
  let validate = validators.get(schema);
  if (!validate) {
    validate = (schema === predictQuerySchema || schema === streamQuerySchema ? queryAjv : bodyAjv).compile(schema);
    validators.set(schema, validate);
  }
  if (!validate(value)) {
    // explain.ts speaks of an experiment file at the top level: here the top level is the request part.
    const [first] = explainSchemaErrors(validate.errors ?? [], value).map((line) => line.replace('the experiment ', 'it '));
    throw new UserError(`${where}: ${first ?? 'not valid'}`);
  }
  return value as T;
}

/** The query of a URL as an object of strings (a name given twice keeps its last value). */
export function queryObject(url: URL): Record<string, string> {
  return Object.fromEntries(url.searchParams.entries());
}
