/**
 * Sinks by name, and user sink modules: `{ module: "./my-sink.js", options: {…} }` in the
 * experiment file, resolved from the file's folder and loaded before training starts.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { UserError } from '../core/errors.js';
import type { BuiltinSink, SinkConfig } from '../config/types.js';
import { createCheckpointSink } from './checkpoint.js';
import { createConsoleSink } from './console.js';
import { createCsvSink } from './csv.js';
import { createJsonlSink } from './jsonl.js';
import { createPlotSink } from './plot.js';
import { createSummarySink } from './summary.js';
import type { Sink, SinkContext, SinkFactory } from './sink.js';
import { frozenCopy } from '../events/frozen-copy.js';

export type { Sink, SinkContext, SinkFactory } from './sink.js';

export const BUILTIN_SINKS: Record<BuiltinSink, (ctx: SinkContext) => Sink> = {
  console: createConsoleSink,
  jsonl: createJsonlSink,
  csv: createCsvSink,
  checkpoint: createCheckpointSink,
  summary: createSummarySink,
  plot: createPlotSink,
};

/** What runs when the experiment file says nothing about sinks. */
export const DEFAULT_SINKS: BuiltinSink[] = ['console', 'jsonl', 'csv', 'checkpoint', 'summary', 'plot'];

/** What makes a folder a run (events, metrics, parameters, summary): written whatever `sinks` lists. */
export const RUN_FOLDER_SINKS: BuiltinSink[] = ['jsonl', 'csv', 'checkpoint', 'summary'];

/**
 * The sinks a run uses: the defaults when `sinks` is absent; otherwise the run folder's own sinks
 * the list leaves out, first, then the list in its order (a user module listed before `jsonl` sees
 * each event before it is written). Listing sinks only ever adds outputs.
 */
export function runSinks(listed: readonly SinkConfig[] | undefined): SinkConfig[] {
  if (listed === undefined) return [...DEFAULT_SINKS];
  return [...RUN_FOLDER_SINKS.filter((s) => !listed.includes(s)), ...listed];
}

async function loadUserSink(spec: { module: string; options: Record<string, unknown> }, ctx: SinkContext): Promise<Sink> {
  const where = `${ctx.source.file}: sinks: module "${spec.module}"`;
  const file = resolve(ctx.source.baseDir, spec.module);
  if (!existsSync(file)) throw new UserError(`${where} not found at ${file}; paths resolve from the experiment file's folder.`);
  let mod: Record<string, unknown>;
  try {
    mod = await import(pathToFileURL(file).href);
  } catch (e) {
    throw new UserError(`${where} failed to load: ${(e as Error).message}`);
  }
  const factory = (typeof mod.default === 'function' ? mod.default : mod.createSink) as SinkFactory | undefined;
  if (typeof factory !== 'function') {
    throw new UserError(`${where} must export a factory: \`export default function (options, context) { return { next(event) {}, async close() {} }; }\` (or a named export createSink).`);
  }
  const sink = await factory(spec.options ?? {}, ctx);
  if (!sink || typeof sink.next !== 'function') {
    throw new UserError(`${where}: its factory returned ${sink === null ? 'null' : typeof sink}, not a sink with next(event) and close().`);
  }
  // A copy per event: what the user's code does to it stays with it (events/frozen-copy.ts).
  return {
    name: sink.name ?? spec.module, module: spec.module, closeSeconds: (spec as Extract<SinkConfig, object>).closeSeconds,
    next: (e) => sink.next(frozenCopy(e)), close: async () => { await sink.close?.(); },
  };
}

export async function createSinks(configs: readonly SinkConfig[], ctx: SinkContext): Promise<Sink[]> {
  const sinks: Sink[] = [];
  try {
    for (const c of configs) sinks.push(typeof c === 'string' ? BUILTIN_SINKS[c](ctx) : await loadUserSink(c, ctx));
  } catch (e) {
    // Files the sinks made so far are closed before the error goes up (a sweep worker lives on).
    await Promise.allSettled(sinks.map((s) => s.close()));
    throw e;
  }
  return sinks;
}
