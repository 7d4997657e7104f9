/**
 * Starting a sweep: the sweep file and its base experiment → the trial list, saved in a new sweep
 * folder before anything runs. Or, for --resume, the saved trial list from that folder.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { readJson5File } from '../../config/load.js';
import { validateExperiment } from '../experiment-file.js';
import { UserError } from '../../core/errors.js';
import { compileExpectations } from '../expect/index.js';
import type { ExperimentSource } from '../../config/types.js';
import { loadSweepFile } from './spec.js';
import { expandPoints } from './expand.js';
import { planTrials } from './trials.js';
import { loadSweepState, newSweepDir, saveSweepStart, type SweepState } from './state.js';

export interface PreparedSweep extends SweepState {
  /** Things a user should know about the trial list (fewer trials than asked, duplicates dropped). */
  notes: string[];
  resumed: boolean;
}

/** Validates everything (sweep file, base experiment, every expression) and saves the trial list. */
export function startSweep(file: string, where: { outDir?: string; dir?: string } = {}): PreparedSweep {
  const spec = loadSweepFile(file);
  const baseName = relative(process.cwd(), spec.base) || spec.base;
  const source: ExperimentSource = { file: baseName, baseDir: dirname(spec.base) };
  const baseDoc = readJson5File(spec.base, `base experiment of ${file}`);
  if (baseDoc === null || typeof baseDoc !== 'object' || Array.isArray(baseDoc)) {
    throw new UserError(`${baseName} (base of ${file}): an experiment file holds one object { name, data, model, train, … }`);
  }
  // The base alone must be valid: otherwise every trial would fail for the same reason. Its own
  // `expect` is not checked per trial (the sweep's is, on the best), but an unsafe one is still refused.
  compileExpectations(validateExperiment(baseDoc, source).expect, baseName);

  let expanded: ReturnType<typeof expandPoints>;
  try {
    expanded = expandPoints(spec);
  } catch (e) {
    if (e instanceof UserError) throw new UserError(`${file}: ${e.message}`);
    throw e;
  }
  const { trials, dropped } = planTrials(expanded.points, baseDoc, source);
  if (where.dir && existsSync(where.dir) && readdirSync(where.dir).length > 0) {
    throw new UserError(`${where.dir} is not empty; a new sweep needs an empty or new folder (to continue a sweep there, use --resume ${where.dir}).`);
  }
  const dir = where.dir ? resolve(where.dir) : newSweepDir(where.outDir ?? spec.outDir, spec.name);
  const state: SweepState = { dir, spec, source, trials, baseDoc };
  saveSweepStart(state, readFileSync(file, 'utf8'));
  return { ...state, notes: [...(expanded.note ? [expanded.note] : []), ...dropped], resumed: false };
}

export function resumeSweep(dir: string): PreparedSweep {
  return { ...loadSweepState(dir), notes: [], resumed: true };
}
