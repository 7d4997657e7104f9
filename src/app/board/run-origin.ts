/**
 * Who made a run, so the runs list can keep the user's own runs apart from the checks the project
 * runs on itself. From where the folder sits and run.json's source file (execute.ts writeRunFacts):
 *  - regress: `rnnflow regress` writes <runs root>/regression/<start time>/<experiment>/, from the
 *    files of experiments/regression/;
 *  - test: the test suite's runs come from its helpers: experiment files in temporary folders named
 *    rnnflow-test-… (test/helpers/cli.ts tempDir), or experiments given in code as "<test>"
 *    (test/helpers/run.ts);
 *  - user: everything else.
 */
import { basename, dirname, sep } from 'node:path';
import { tmpdir } from 'node:os';
import { orUndefined, readRunInfo } from '../../run-folder/index.js';

export type RunOrigin = 'user' | 'regress' | 'test';

/** A start time folder as createStampedDir names them: 2026-12-07T00-02-00 (and a suffix). */
const STAMP = /^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}/;

/** `path`: the run folder's path under its root, folders separated by "/". */
export function runOrigin(dir: string, path: string): RunOrigin {
  const folders = path.split('/');
  const at = folders.indexOf('regression');
  if (at >= 0 && STAMP.test(folders[at + 1] ?? '') && folders.length === at + 3) return 'regress';
  const file = orUndefined(() => readRunInfo(dir))?.source.file;
  if (!file) return 'user';
  if (basename(dirname(file)) === 'regression' && basename(dirname(dirname(file))) === 'experiments') return 'regress';
  if (basename(file) === '<test>') return 'test';
  const inTemp = file.startsWith(tmpdir() + sep);
  return inTemp && file.slice(tmpdir().length + 1).split(sep)[0].startsWith('rnnflow-test-') ? 'test' : 'user';
}
