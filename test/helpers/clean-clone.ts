/**
 * Root hooks for `npm test` (.mocharc.json `require`): the suite leaves nothing behind.
 * - Every temporary folder goes under one folder of its own: TMPDIR is pointed there as this module
 *   loads (before any spec file, so `tempDir()` and `os.tmpdir()` in tests and in the CLI processes they
 *   start all land there), and the folder is removed after the last test.
 * - Nothing new may appear in the clone's `runs/`: the suite fails naming what a test wrote there
 *   (give the run `--out` or `--runs` under `tempDir()`, or `cwd: tempDir()`).
 */
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { root } from './cli.js';

const suiteTmp = mkdtempSync(join(tmpdir(), 'rnnflow-npm-test-'));
// As /tmp is: open to every user (the disk-fault tests run the CLI as user 65534 in folders under it).
chmodSync(suiteTmp, 0o1777);
process.env.TMPDIR = suiteTmp;

const runsDir = join(root, 'runs');

/** runs/<name>/<run id> (and runs/<name> itself), relative to `base`. */
export function runEntries(dir = runsDir, base = root): Set<string> {
  const found = new Set<string>();
  if (!existsSync(dir)) return found;
  for (const name of readdirSync(dir)) {
    found.add(relative(base, join(dir, name)));
    const sub = join(dir, name);
    try { for (const run of readdirSync(sub)) found.add(relative(base, join(sub, run))); } catch { /* a file, not a folder */ }
  }
  return found;
}

/** The error for entries that appeared since `before`, or null. */
export function writtenInto(before: Set<string>, now: Set<string>): Error | null {
  const added = [...now].filter((e) => !before.has(e));
  return added.length === 0 ? null
    : new Error(`npm test wrote into the clone: ${added.join(', ')}. A test's runs belong under tempDir() (--out, --runs or cwd).`);
}

let before = new Set<string>();

export const mochaHooks = {
  beforeAll(): void {
    before = runEntries();
  },
  afterAll(): void {
    rmSync(suiteTmp, { recursive: true, force: true });
    const error = writtenInto(before, runEntries());
    if (error) throw error;
  },
};
