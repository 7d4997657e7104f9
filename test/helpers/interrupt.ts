/**
 * Interrupting real child processes at chosen moments. A run lists the hold sink module below twice
 * (before the built-in sinks and after them); the environment of one process names one event at which
 * one of them blocks its thread and says so on stderr. The parent then sends a real signal (SIGKILL,
 * SIGINT), so the process dies or stops at that moment: during a step (mid-epoch), during a validation
 * check (its metrics computed, not yet written), or while a state is being saved (events.jsonl has
 * its line, state/last.json is still the previous one).
 */
import { spawn } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stepEntries } from '../../src/run-folder/event-line.js';
import { cliPath, root, tempDir, writeFile } from './cli.js';

export const HOLD_SINK = `import { existsSync, writeSync } from 'node:fs';
export default function (options) {
  const [where, type, iteration] = (process.env.RNNFLOW_TEST_HOLD ?? '').split(':');
  const ack = process.env.RNNFLOW_TEST_HOLD_ACK;
  let slow = false;
  return {
    name: 'hold-' + options.position,
    next(e) {
      // After a Ctrl-C or SIGTERM, slow the rest of the run down so that its event loop turns (and
      // handles the signal) before a tiny run could finish.
      if (slow) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
      if (where !== options.position || e.type !== type || e.iteration !== Number(iteration)) return;
      writeSync(2, 'HOLD ' + type + ' ' + iteration + '\\n');
      // Until the parent has sent its signal (it then creates the ack file), or for good (SIGKILL).
      const cell = new Int32Array(new SharedArrayBuffer(4));
      for (let waited = 0; waited < 30000 && !(ack && existsSync(ack)); waited += 10) Atomics.wait(cell, 0, 0, 10);
      slow = true;
    },
    async close() {},
  };
}
`;

/** Sinks of an interruptible run: the hold sink before and after the files resume depends on. */
export const HOLD_SINKS = [
  { module: './hold-sink.js', options: { position: 'first' } },
  'jsonl', 'csv', 'checkpoint', 'summary',
  { module: './hold-sink.js', options: { position: 'last' } },
];

/** Writes the hold sink module and an experiment (JSON) into dir; returns the experiment's path. */
export function interruptibleExperiment(dir: string, doc: Record<string, unknown>): string {
  writeFile(dir, 'hold-sink.js', HOLD_SINK);
  return writeFile(dir, `${String(doc.name)}.json`, JSON.stringify({ ...doc, sinks: HOLD_SINKS }, null, 2));
}

export interface Interrupt {
  /** "first" (before the built-in sinks see the event) or "last" (after all of them: a state being saved). */
  where: 'first' | 'last';
  type: 'step' | 'eval' | 'state';
  iteration: number;
  /** none: no signal, the child just goes on after whileHeld. */
  signal: 'SIGKILL' | 'SIGINT' | 'SIGTERM' | 'none';
  /** Runs while the child holds, before the signal (e.g. a second process trying the same folder). */
  whileHeld?: () => void;
}

export interface ChildResult { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string; held: boolean }

/** Runs the CLI; with `interrupt`, sends its signal when the child holds at that event (SIGINT/SIGTERM: then lets it go on). */
export function runChild(args: string[], interrupt?: Interrupt, timeoutMs = 60_000, asUser?: number): Promise<ChildResult> {
  return new Promise((resolveRun, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, CI: 'true' };
    const holdDir = tempDir('rnnflow-hold-');
    chmodSync(holdDir, 0o755); // the child may run as another user
    const ack = join(holdDir, 'sent');
    if (interrupt) {
      env.RNNFLOW_TEST_HOLD = `${interrupt.where}:${interrupt.type}:${interrupt.iteration}`;
      env.RNNFLOW_TEST_HOLD_ACK = ack;
    }
    // asUser: run as that uid (root ignores folder permissions, so EACCES needs another user).
    const command = asUser === undefined ? [process.execPath, cliPath, ...args]
      : ['setpriv', `--reuid=${asUser}`, `--regid=${asUser}`, '--clear-groups', process.execPath, cliPath, ...args];
    const child = spawn(command[0], command.slice(1), { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let held = false;
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`child timed out: ${args.join(' ')}\n${stderr}`)); }, timeoutMs);
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (interrupt && !held && stderr.includes('HOLD ')) {
        held = true;
        interrupt.whileHeld?.();
        if (interrupt.signal !== 'none') child.kill(interrupt.signal);
        // The signal is pending now: let the child go on, to handle it at its next turn of the event loop.
        if (interrupt.signal !== 'SIGKILL') writeFileSync(ack, '');
      }
    });
    child.on('error', reject);
    child.on('close', (code, signal) => { clearTimeout(timer); resolveRun({ code, signal, stdout, stderr, held }); });
  });
}

/** A run folder's results with timing and location removed: what must be equal, bit for bit. */
export function runRecord(dir: string): Record<string, string> {
  const read = (f: string) => readFileSync(join(dir, f), 'utf8');
  const scrub = (o: Record<string, unknown>) => {
    for (const k of ['time', 'seconds', 'samplesPerSecond', 'runDir']) delete o[k];
    return o;
  };
  // Steps one per entry: where the file splits them into `steps` lines is timing (and a resume splits one).
  const events = read('events.jsonl').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as Record<string, unknown>)
    .flatMap((e) => (e.type === 'steps' ? stepEntries(e).map((s) => ({ type: 'step', ...s })) : [e]))
    .filter((e) => e.type !== 'state' && e.type !== 'resume')
    .map((e) => JSON.stringify(e.type === 'end' ? { ...e, summary: scrub({ ...(e.summary as Record<string, unknown>) }) } : scrub(e)));
  return {
    final: read('params/final.json'),
    best: read('params/best.json'),
    metrics: read('metrics.csv'),
    summary: JSON.stringify(scrub(JSON.parse(read('summary.json')) as Record<string, unknown>)),
    events: events.join('\n'),
  };
}
