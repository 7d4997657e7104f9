/**
 * Starting a sweep: the sweep file and its base experiment → the trial list, saved in a new sweep
 * folder before anything runs. Or, for --resume, the saved trial list from that folder.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { readJson5File } from '../../config/load.js';
import { validateExperiment } from '../experiment-file.js';
import { UserError } from '../../core/errors.js';
import { compileExpectations, EXPECT_ROOTS, missingSummaryPath } from '../expect/index.js';
import { compileExpression } from '../../core/expressions/safe-math.js';
import type { Experiment } from '../../config/types.js';
import type { ExperimentSource } from '../../config/types.js';
import type { SweepSpec } from './spec.js';
import { loadSweepFile } from './spec.js';
import { expandPoints } from '../search/index.js';
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
  const base = validateExperiment(baseDoc, source);
  compileExpectations(base.expect, baseName);

  let expanded: ReturnType<typeof expandPoints>;
  try {
    expanded = expandPoints(spec);
  } catch (e) {
    if (e instanceof UserError) throw new UserError(`${file}: ${e.message}`);
    throw e;
  }
  const { trials, dropped } = planTrials(expanded.points, baseDoc, source);
  checkSummaryPaths(spec, [base, ...trials.flatMap((t) => (t.experiment ? [t.experiment] : []))]);
  let state: SweepState;
  try {
    if (where.dir && existsSync(where.dir) && readdirSync(where.dir).length > 0) {
      throw new UserError(`${where.dir} is not empty; a new sweep needs an empty or new folder (to continue a sweep there, use --resume ${where.dir}).`);
    }
    const dir = where.dir ? resolve(where.dir) : newSweepDir(where.outDir ?? spec.outDir, spec.name);
    state = { dir, spec, source, trials, baseDoc };
    saveSweepStart(state, readFileSync(file, 'utf8'));
  } catch (e) {
    const { code, path } = e as NodeJS.ErrnoException;
    // A folder that cannot be made or written (ENOTDIR, EACCES, ENOSPC …): the user's to fix, before any trial.
    if (code && !(e instanceof UserError)) {
      throw new UserError(`${path ?? where.dir ?? where.outDir ?? spec.outDir}: cannot create the sweep folder (${(e as Error).message}); choose another --out or outDir.`);
    }
    throw e;
  }
  return { ...state, notes: [...(expanded.note ? [expanded.note] : []), ...dropped], resumed: false };
}

export function resumeSweep(dir: string): PreparedSweep {
  return { ...loadSweepState(dir), notes: [], resumed: true };
}

/**
 * The ranking metric and the sweep's `expect` read paths of a trial's summary: a path no trial will
 * have (a typo, or accuracy of a regression net) is refused now, not after every trial has run.
 */
export function checkSummaryPaths(spec: SweepSpec, experiments: readonly Experiment[]): void {
  const problems: string[] = [];
  const read = [
    { where: 'metric', paths: compileExpression(spec.metric, { variables: EXPECT_ROOTS, context: 'sweep metric', where: `${spec.file}, metric` }).paths },
    ...compileExpectations(spec.expect, spec.file).map((c, i) => ({ where: `expect[${i}]`, paths: c.compiled.paths })),
  ];
  for (const { where, paths } of read) {
    for (const path of paths) {
      const why = missingSummaryPath(path, experiments);
      if (why) problems.push(`${where}: ${why}`);
    }
  }
  if (problems.length) throw new UserError(`${spec.file}: invalid sweep (nothing has run):\n  - ${problems.join('\n  - ')}`);
}
