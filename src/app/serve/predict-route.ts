/**
 * `POST /predict`: `rnnflow predict` over HTTP. The body is the input (JSON `{"rows": [...]}` or a CSV
 * body as `--input` reads it, for a run of rows; JSON `{"text": [...]}` for a text run), the query
 * holds predict's flags (`?horizon=8`, `?top=3`, `?precision=9`), and the same RunModel.predict
 * computes the answer. `Accept: text/csv` answers with exactly the CSV predict prints (its own
 * output code, predict/output.ts); otherwise JSON with the doubles themselves.
 */
import type { IncomingMessage } from 'node:http';
import { UserError } from '../../core/errors.js';
import { parseCsvTable } from '../../data/csv-table.js';
import { predictionsCsv } from '../predict/output.js';
import type { RawRow, RunModel } from '../predict/run-model.js';
import { textPredictionsCsv } from '../predict/text-model.js';
import { HttpError, mediaType } from './http-replies.js';
import { checkRequest, predictQuerySchema, queryObject, rowsBodySchema, textBodySchema, type PredictQuery } from './request-schemas.js';

/** How errors name a CSV body (where predict names its --input file). */
export const CSV_BODY_NAME = 'request body';

/** The served run: its model, the folder as predict resolved it, its id (the folder's name). */
export interface ServedRun { model: RunModel; dir: string; id: string }

export interface PredictAnswer { type: string; body: string }

/** Whether the run reads text (a sequences run) rather than rows of columns. */
export const readsText = (run: ServedRun) => run.model.experiment.data.name === 'sequences';

/** The JSON body schema for this run's kind. */
export const predictBodySchema = (run: ServedRun) => (readsText(run) ? textBodySchema : rowsBodySchema);

export function predictAnswer(run: ServedRun, req: IncomingMessage, url: URL, body: string): PredictAnswer {
  const query = checkRequest<PredictQuery>(predictQuerySchema, queryObject(url), 'query');
  const wantsCsv = mediaType(req.headers.accept) === 'text/csv';
  const type = mediaType(req.headers['content-type']);
  const { model } = run;
  if (readsText(run)) {
    if (type !== 'application/json') throw new HttpError(415, `a text run reads JSON {"text": ["…"]} (content-type application/json), not ${type || 'a body without a content-type'}`);
    const { text } = checkRequest<{ text: string[] }>(textBodySchema, parseJson(body), 'request body');
    const predictions = model.predict(text, { top: query.top });
    if (wantsCsv) return { type: 'text/csv; charset=utf-8', body: textPredictionsCsv(predictions, { runDir: run.dir, params: model.params }) };
    return json({ run: run.id, params: model.params, warnings: predictions.warnings, rows: predictions.rows });
  }
  const data = model.experiment.data;
  let predictions;
  if (type === 'text/csv') {
    // Written like the run's training file (data.delimiter, data.decimal), as predict --input reads it.
    const table = parseCsvTable(body, CSV_BODY_NAME, data.name === 'csv' ? { delimiter: data.delimiter, decimal: data.decimal } : {});
    predictions = model.predict(table, { horizon: query.horizon });
  } else if (type === 'application/json') {
    const { rows } = checkRequest<{ rows: RawRow[] }>(rowsBodySchema, parseJson(body), 'request body');
    predictions = model.predict(rows, { horizon: query.horizon });
  } else {
    throw new HttpError(415, `a ${data.name} run reads JSON {"rows": [{…}]} (content-type application/json) or CSV (content-type text/csv), not ${type || 'a body without a content-type'}`);
  }
  if (wantsCsv) {
    const { text } = predictionsCsv(predictions, {
      runDir: run.dir, params: model.params, pm25: data.name === 'pm25', precision: query.precision,
      ...(data.name === 'csv' && data.timeColumn ? { timeColumn: data.timeColumn } : {}),
    });
    return { type: 'text/csv; charset=utf-8', body: text };
  }
  return json({ run: run.id, params: model.params, target: predictions.target, assumptions: predictions.assumptions, warnings: predictions.warnings, rows: predictions.rows });
}

function json(value: unknown): PredictAnswer {
  return { type: 'application/json; charset=utf-8', body: JSON.stringify(value) };
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch (e) {
    throw new UserError(`request body: not JSON (${(e as Error).message})`);
  }
}
