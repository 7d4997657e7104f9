import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { experimentSchemaDocs, SCHEMA_DOCS_PAGE } from '../../src/config/schema-docs.js';
import { root } from '../helpers/cli.js';

describe('docs/experiments.md documents the experiment file from the schema', () => {
  it('its generated reference equals what the schema gives now (run `npm run docs` if not)', () => {
    const page = readFileSync(join(root, SCHEMA_DOCS_PAGE), 'utf8');
    expect(page).to.contain(experimentSchemaDocs());
  });

  it('every schema property has a description', () => {
    const schema = JSON.parse(readFileSync(join(root, 'schemas', 'experiment.schema.json'), 'utf8'));
    const missing: string[] = [];
    const walk = (s: { properties?: Record<string, unknown>; definitions?: Record<string, unknown> }, path: string) => {
      for (const [k, v] of Object.entries(s.properties ?? {})) {
        const p = v as { description?: string; const?: unknown; properties?: Record<string, unknown> };
        if (!p.description && p.const === undefined && k !== '$schema') missing.push(`${path}${k}`);
        walk(p, `${path}${k}.`);
      }
      for (const [k, v] of Object.entries(s.definitions ?? {})) walk(v as never, `definitions.${k}.`);
    };
    walk(schema, '');
    expect(missing).to.deep.equal([]);
  });
});
