/**
 * params/<name>.json of a run folder: the parameter sets its checkpoint sink saved (init, best, final,
 * interrupted). The format and its checks are model/param-file.ts's; this adds where they are and
 * what to say when the one asked for is not there.
 */
import { existsSync, readdirSync } from 'node:fs';
import { MAX_PARAM_FILE_BYTES, paramSetOf, parseParamFile } from '../model/param-file.js';
import type { ParamSet } from '../model/params.js';
import type { RnnSpec } from '../model/spec.js';
import { runFiles } from './files.js';
import { readFolderText, RunFolderError } from './folder-access.js';

/** The parameter sets a run folder holds, by name (init, best …), sorted. */
export function savedParams(runDir: string): string[] {
  const dir = runFiles(runDir).params;
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort() : [];
}

/**
 * params/<name>.json, checked (every problem a UserError naming the file); with `expected`, it must
 * fit that net. A missing set names the sets the run has.
 */
export function readRunParams(runDir: string, name: string, expected?: RnnSpec): ParamSet {
  const file = runFiles(runDir).paramsOf(name);
  if (!existsSync(file)) {
    const there = savedParams(runDir);
    throw new RunFolderError(file, `no ${name} parameters in this run; ${
      there.length ? `it has ${there.join(', ')} (choose one with --params)` : 'is it a run folder (params/ is missing)?'}`);
  }
  // Read through the folder's checks (inside it, a regular file, at most the size a parameter file can be).
  const text = readFolderText(runDir, file, 'parameter file', MAX_PARAM_FILE_BYTES);
  if (text === undefined) throw new RunFolderError(file, `vanished while being read; run the command again`);
  return paramSetOf(file, parseParamFile(file, text), expected);
}
