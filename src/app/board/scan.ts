/**
 * Finds the run and sweep folders under the board's roots and keeps their list rows. Rescanned about
 * once a second for the live list, so a row is re-read only when its summary.json or events.jsonl
 * changed (1,000 finished runs cost one readdir and two stats each).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { EVENTS_FILE, PARAMS_DIR, PLOTS_DIR, STATE_DIR, SUMMARY_FILE } from '../../run-folder/index.js';
import { statOrUndefined } from './folder-files.js';
import { isRunFolder, QUIET_AFTER_MS, readRunRow, type RunRow } from './run-reader.js';
import { isSweepFolder, readSweepDetail, sweepRow, type SweepRow } from './sweep-reader.js';
import type { Roots } from './safe-path.js';
import { runOrigin, type RunOrigin } from './run-origin.js';

/** A row of the runs list: the run's row and who made it. */
export type ListedRun = RunRow & { origin: RunOrigin };

export interface BoardIndex { roots: string[]; runs: ListedRun[]; sweeps: SweepRow[] }

/** Deep enough for runs/<name>/<time>/ and runs/regression/<time>/<experiment>/ under a given root. */
const MAX_DEPTH = 5;
const SKIP = new Set(['node_modules', PARAMS_DIR, PLOTS_DIR, STATE_DIR, 'trials']);

interface Found { kind: 'run' | 'sweep'; dir: string; id: string }

function walk(dir: string, id: string, depth: number, found: Found[]): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  const names = new Set(entries.map((e) => e.name));
  if (isSweepFolder(names)) return void found.push({ kind: 'sweep', dir, id });
  if (isRunFolder(names)) return void found.push({ kind: 'run', dir, id });
  if (depth >= MAX_DEPTH) return;
  // Real directories only: a symlink could lead outside the root.
  for (const e of entries) {
    if (!e.isDirectory() || e.name.startsWith('.') || SKIP.has(e.name)) continue;
    walk(join(dir, e.name), id.endsWith(':') ? id + e.name : `${id}/${e.name}`, depth + 1, found);
  }
}

export class BoardScanner {
  private readonly rows = new Map<string, { key: string; row: ListedRun; readAt: number }>();

  constructor(private readonly roots: Roots) {}

  scan(): BoardIndex {
    const found: Found[] = [];
    this.roots.real.forEach((root, i) => walk(root, `${i}:`, 0, found));
    const runs: ListedRun[] = [];
    const sweeps: SweepRow[] = [];
    const seen = new Set<string>();
    for (const f of found) {
      if (f.kind === 'sweep') {
        sweeps.push(sweepRow(readSweepDetail(f.dir, f.id)));
        continue;
      }
      seen.add(f.id);
      const key = [SUMMARY_FILE, EVENTS_FILE].map((n) => {
        const s = statOrUndefined(join(f.dir, n));
        return s ? `${s.mtimeMs}/${s.size}` : '-';
      }).join('|');
      const cached = this.rows.get(f.id);
      // A running row's words depend on the clock too ("no new events for 3 min"): re-read it each minute.
      const now = Date.now();
      if (cached && cached.key === key && (cached.row.status !== 'running' || now - cached.readAt < QUIET_AFTER_MS)) {
        runs.push(cached.row);
        continue;
      }
      const row = { ...readRunRow(f.dir, f.id), origin: runOrigin(f.dir, f.id.replace(/^\d+:/, '')) };
      this.rows.set(f.id, { key, row, readAt: now });
      runs.push(row);
    }
    for (const id of this.rows.keys()) if (!seen.has(id)) this.rows.delete(id);
    runs.sort((a, b) => (b.start ?? 0) - (a.start ?? 0));
    return { roots: this.roots.given, runs, sweeps };
  }
}
