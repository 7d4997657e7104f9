/** Runs an experiment object in-process and collects its events. */
import { validateExperiment } from '../../src/app/experiment-file.js';
import { executeRun, type RunResult } from '../../src/app/execute.js';
import type { RunEvent } from '../../src/events/run-event.js';
import { tempDir } from './cli.js';

export async function runCollecting(doc: object, options: { outDir?: string; signal?: AbortSignal } = {}): Promise<RunResult & { events: RunEvent[] }> {
  const experiment = validateExperiment(doc, { file: '<test>', baseDir: process.cwd() });
  const events: RunEvent[] = [];
  const result = await executeRun(experiment, { file: '<test>', baseDir: process.cwd() }, {
    outDir: options.outDir ?? tempDir('rnnflow-run-'), signal: options.signal,
    extraSinks: [{ name: 'collect', next: (e) => { events.push(e); }, close: async () => {} }],
  });
  return { ...result, events };
}

/** The event sequence as a compact string: "start checkpoint:init step … end". */
export function marble(events: readonly RunEvent[]): string {
  return events.map((e) => e.type === 'checkpoint' ? `checkpoint:${e.kind}` : e.type === 'eval' ? `eval:${e.split}` : e.type).join(' ');
}
