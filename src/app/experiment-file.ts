/**
 * The one way every command reads an experiment: the config floor's schema and cross-field checks,
 * then the expressions inside compiled by the floors that own them (the eta schedule by train,
 * `expect` by app), so that a refused or misspelt expression stops before any training.
 */
import { readExperimentFile, validateExperimentSchema } from '../config/load.js';
import type { Override } from '../config/overrides.js';
import type { Experiment, ExperimentSource } from '../config/types.js';
import { compileEtaSchedule } from '../train/eta-schedule.js';
import { compileExpectations } from './expect/expectations.js';

/** Validates a parsed experiment (after overrides) and compiles its expressions. */
export function validateExperiment(doc: unknown, source: ExperimentSource, overrides: readonly Override[] = []): Experiment {
  const exp = validateExperimentSchema(doc, source, overrides);
  compileExpectations(exp.expect, source.file);
  compileEtaSchedule(exp.train, source.file);
  return exp;
}

/**
 * Loads an experiment file with --set overrides applied. `file` itself, when relative, resolves from
 * the current working directory (as fs does; the shipped files are under `packageDir`); relative
 * paths inside it (data, sink modules) resolve from its folder.
 */
export function loadExperimentFile(file: string, overrides: readonly Override[] = []): { experiment: Experiment; source: ExperimentSource } {
  const { doc, source } = readExperimentFile(file, overrides);
  return { experiment: validateExperiment(doc, source, overrides), source };
}
