/**
 * `GET /openapi.json`: the server described in OpenAPI 3.1, for the served run. Every request schema
 * in it is the very object ajv checks requests against (request-schemas.ts), so the description and
 * the checks cannot drift apart; OpenAPI 3.1's schemas are JSON Schema, which ajv reads.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageDir } from '../../core/paths.js';
import { predictBodySchema, readsText, type ServedRun } from './predict-route.js';
import { predictQuerySchema, streamLineSchema, streamQuerySchema } from './request-schemas.js';

const errorSchema = {
  type: 'object', required: ['error'], properties: { error: { type: 'string', description: 'one line: the line rnnflow predict prints for the same problem, without its "rnnflow: "' } },
};

const errorAnswer = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });
const jsonAnswer = (description: string) => ({ description, content: { 'application/json': { schema: { type: 'object' } } } });

export function openApiDocument(run: ServedRun, maxBodyBytes: number): object {
  const version = (JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string }).version;
  const text = readsText(run);
  const queryParameters = Object.entries(predictQuerySchema.properties)
    .filter(([name]) => (text ? name === 'top' : name !== 'top'))
    .map(([name, schema]) => ({ name, in: 'query', required: false, description: schema.description, schema }));
  const tooLarge = errorAnswer(`the body is larger than ${maxBodyBytes} bytes (serve --max-body)`);
  return {
    openapi: '3.1.0',
    info: {
      title: `rnnflow serve: ${run.model.experiment.name} (run ${run.id}, ${run.model.params} parameters)`, version,
      description: 'A finished rnnflow run served over HTTP: the predictions of `rnnflow predict`, one request at a time, or step by step on a stream (docs/serve.md).',
    },
    paths: {
      '/predict': {
        post: {
          summary: text ? 'label texts, as rnnflow predict --text' : 'forecast from consecutive rows, as rnnflow predict --input',
          parameters: queryParameters,
          requestBody: {
            required: true,
            content: {
              'application/json': { schema: predictBodySchema(run) },
              ...(text ? {} : { 'text/csv': { schema: { type: 'string', description: 'a CSV file as predict --input reads it: a header, then consecutive rows' } } }),
            },
          },
          responses: {
            200: {
              description: 'the predictions: JSON, or with Accept: text/csv the CSV rnnflow predict prints',
              content: { 'application/json': { schema: { type: 'object' } }, 'text/csv': { schema: { type: 'string' } } },
            },
            400: errorAnswer('a bad request: the query, the body, or the data in it'), 413: tooLarge, 415: errorAnswer('a body of another media type'),
            503: errorAnswer('the server is stopping (Ctrl-C): requests already taken are answered, new ones are not'),
          },
        },
      },
      '/stream': {
        post: {
          summary: 'predictions step by step: observations in as JSON lines, predictions out as Server-Sent Events; each request is its own sequence (its own states)',
          parameters: Object.entries(streamQuerySchema.properties).filter(([name]) => text || name !== 'top')
            .map(([name, schema]) => ({ name, in: 'query', required: false, description: schema.description, schema })),
          requestBody: { required: true, content: { 'application/x-ndjson': { schema: streamLineSchema } } },
          responses: {
            200: { description: 'text/event-stream: `prediction` events (JSON), `error` (one line, then the end), `end`', content: { 'text/event-stream': { schema: { type: 'string' } } } },
            400: errorAnswer('a bad query, or a run that cannot stream (a bidirectional net)'), 415: errorAnswer('a body other than application/x-ndjson'),
          },
        },
      },
      '/model': { get: { summary: 'the run: id, spec, the inputs it reads and the outputs it gives', responses: { 200: jsonAnswer('the model\'s facts') } } },
      '/health': { get: { summary: 'ok while serving, draining after Ctrl-C; requests in flight', responses: { 200: jsonAnswer('{"status": "ok" | "draining", "run", "inFlight"}') } } },
      '/openapi.json': { get: { summary: 'this description', responses: { 200: jsonAnswer('OpenAPI 3.1') } } },
      '/': { get: { summary: 'the routes', responses: { 200: jsonAnswer('{"run", "routes": ["POST /predict", …], "description": "/openapi.json"}') } } },
    },
    components: { schemas: { Error: errorSchema } },
  };
}
