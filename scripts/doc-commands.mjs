// The commands the README and docs/ show, taken from the pages themselves (never from a copy), and
// checked in a fresh clone (scripts/readme-quick-commands.sh makes it and runs this from inside it):
//   README.md   every command runs as written, in order. Exceptions, by what the command is:
//               `npm test` and `npm run regress` are run by .ci/run itself; `rnnflow board` and
//               `rnnflow serve` are servers (started, asked for their page, stopped); a line whose comment says "press
//               Ctrl-C" gets that Ctrl-C (SIGINT after the run's first check; exit 130 expected).
//               The commands in its tables and prose (`npm run exp experiments/…`) are checked.
//   docs/*.md   (in docs/README.md's order) commands that only read runs run as written; those that
//               train, measure or serve (exp, sweep, resume, regress, bench, board, serve, worker, queue),
//               any with a <placeholder>, and a reader of a run no command before it made, are checked: every flag is in the command's --help,
//               every experiment file passes `rnnflow validate` (with its --set and --seed), every
//               sweep file plans its trials, every named input file exists, every script parses.
// An output (`--out`) named twice by commands that run is an error: the second would be refused.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { clearTimeout, setTimeout } from 'node:timers';
import { fileURLToPath, pathToFileURL } from 'node:url';
/* global fetch */

const COMMAND_START = /^(\w+=\S*\s+)*(npm|npx|rnnflow|bash|node|for)\s|^(\w+=\S*\s+)*(bench|scripts|\.ci)\/\S+\.sh\b/;
const TRAINS_OR_SERVES = new Set(['exp', 'sweep', 'resume', 'regress', 'board', 'serve', 'worker', 'queue']);
const SUBCOMMANDS = new Set(['exp', 'validate', 'eval', 'runs', 'sweep', 'regress', 'resume', 'board', 'report', 'predict', 'export', 'serve', 'worker', 'queue', 'help']);
const FILE_ARG = /\.(json5|csv|gz|safetensors|jsonl|sh)$/;

/** Shell words of a command line (quotes kept out), and its trailing `# comment`. */
export function splitLine(line) {
  const words = []; let word = null; let quote = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) { if (c === quote) quote = null; else word += c; continue; }
    if (c === '"' || c === "'") { quote = c; word ??= ''; continue; }
    if (c === '#' && word === null) return { words, comment: line.slice(i + 1).trim() };
    if (/\s/.test(c)) { if (word !== null) words.push(word); word = null; continue; }
    word = (word ?? '') + c;
  }
  if (word !== null) words.push(word);
  return { words, comment: '' };
}

/** The command lines of a markdown page: code blocks (indented or ```sh) and, with `inline`, `code spans`. */
export function extractCommands(markdown, { inline = false } = {}) {
  const out = []; let fence = null;
  const lines = markdown.split('\n');
  lines.forEach((line, i) => {
    const f = line.match(/^\s*```(\w*)/);
    if (f) { fence = fence === null ? f[1] : null; return; }
    const code = fence !== null ? (['sh', 'bash', 'shell', 'console'].includes(fence) ? line.trim() : null)
      : /^ {4,}\S/.test(line) && !/^\s*[-*|]/.test(line) ? line.trim() : null;
    if (code !== null && COMMAND_START.test(code)) { out.push({ line: i + 1, text: code, inline: false }); return; }
    if (inline && fence === null) {
      for (const m of line.matchAll(/`([^`]+)`/g)) {
        if (/^(npm run |npx rnnflow |rnnflow )/.test(m[1]) && !m[1].includes('|')) out.push({ line: i + 1, text: m[1], inline: true });
      }
    }
  });
  return out;
}

/** `for f in a b; do X $f; done` → X a, X b (the measurement loops of docs/sweeps.md). */
function expandLoop(text) {
  const m = text.match(/^for (\w+) in ([^;]+); do (.+); done$/);
  if (!m) return [text];
  return m[2].trim().split(/\s+/).map((v) => m[3].replaceAll(`$${m[1]}`, v));
}

/** What a command is: rnnflow <sub>, a bench, an npm step, or a script. */
export function parseCommand(text) {
  text = text.replace(/<[^>]*>/g, '<placeholder>'); // `<your file>.json5`: one word, never a file
  const parts = text.split(/\s*&&\s*/).map((p) => splitLine(p).words);
  const last = parts[parts.length - 1].filter((w) => !/^\w+=/.test(w));
  const [a, b, c] = last;
  let rest;
  if (a === 'npx' && b === 'rnnflow') rest = last.slice(2);
  else if (a === 'rnnflow') rest = last.slice(1);
  else if (a === 'npm' && b === 'run' && ['exp', 'sweep', 'regress'].includes(c)) rest = [c, ...last.slice(3).filter((w) => w !== '--')];
  else if (a === 'npm' && b === 'run' && c?.startsWith('bench')) return { tool: 'bench', sub: c, args: last.slice(3).filter((w) => w !== '--') };
  else if (a === 'npm') return { tool: 'npm', sub: b === 'run' ? `run ${c}` : b, args: [] };
  else if (a === 'bash' || a?.endsWith('.sh')) return { tool: 'script', sub: a === 'bash' ? b : a, args: [] };
  else return { tool: 'other', sub: a, args: [] };
  // Options before the command are the program's own (`rnnflow --kernels wasm exp FILE`).
  const at = rest.findIndex((w) => SUBCOMMANDS.has(w));
  if (at < 0) return { tool: 'rnnflow', sub: '', args: rest };
  return { tool: 'rnnflow', sub: rest[at], args: [...rest.slice(0, at), ...rest.slice(at + 1)] };
}

/** How CI treats a command: run it, or check it (see the header). */
export function kindOf(cmd, { page, text, comment }) {
  if (cmd.tool === 'other') return 'skip';
  if (cmd.tool === 'script') return 'script';
  if (text.includes('<')) return 'check';
  if (page === 'README.md') {
    if (cmd.tool === 'npm' && ['test', 'run regress'].includes(cmd.sub)) return 'ci';
    if (cmd.tool === 'rnnflow' && cmd.sub === 'regress') return 'ci';
    if (cmd.tool === 'rnnflow' && (cmd.sub === 'board' || cmd.sub === 'serve')) return 'server';
    if (/press Ctrl-C/i.test(comment)) return 'interrupt';
    return 'run';
  }
  if (cmd.tool === 'bench' || cmd.tool === 'npm' || TRAINS_OR_SERVES.has(cmd.sub)) return 'check';
  return 'run';
}

const optionValue = (args, name) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };

const helpCache = new Map();
function helpOf(cmd) {
  // `queue status` and `queue clean` have options of their own.
  const subs = cmd.sub === 'queue' && cmd.args[0] && !cmd.args[0].startsWith('-') ? [cmd.sub, cmd.args[0]] : cmd.sub ? [cmd.sub] : [];
  const key = `${cmd.tool} ${subs.join(' ')}`;
  if (!helpCache.has(key)) {
    const bench = { bench: 'run.js', 'bench:replay': 'sweep-replay.js', 'bench:queue': 'queue.js' };
    const argv = cmd.tool === 'bench' ? [join('dist/bench', bench[cmd.sub]), '--help'] : ['dist/src/app/cli.js', ...subs, '--help'];
    const r = spawnSync(process.execPath, argv, { encoding: 'utf8', timeout: 30_000 });
    helpCache.set(key, `${r.stdout}${r.stderr}`);
  }
  return helpCache.get(key);
}

/** Files load, flags parse. Returns the problems found (empty: checked). */
async function check(cmd) {
  const problems = [];
  if (cmd.tool === 'script') {
    const file = cmd.sub;
    if (!existsSync(file)) return [`${file} does not exist`];
    const r = spawnSync('bash', ['-n', file], { encoding: 'utf8' });
    return r.status === 0 ? [] : [`${file} does not parse: ${r.stderr.trim()}`];
  }
  if (cmd.tool === 'npm') return [];
  // The program's own options may come with any command.
  const help = cmd.tool === 'rnnflow' && cmd.sub ? helpOf(cmd) + helpOf({ tool: 'rnnflow', sub: '', args: [] }) : helpOf(cmd);
  for (const w of cmd.args) {
    const flag = w.startsWith('--') ? w.split('=')[0] : null;
    if (flag && !new RegExp(`(^|[\\s,[(])${flag}\\b`).test(help)) problems.push(`${flag} is not an option of ${cmd.sub || 'rnnflow'} (its --help does not list it)`);
  }
  const outs = new Set([optionValue(cmd.args, '--out'), optionValue(cmd.args, '--keep')]);
  const files = cmd.args.filter((w, i) => !w.startsWith('-') && !outs.has(w) && cmd.args[i - 1] !== '--set' && !w.includes('<'))
    .flatMap((w) => (cmd.args[cmd.args.indexOf(w) - 1] === '--peers' ? w.split(',') : [w]))
    .filter((w) => FILE_ARG.test(w));
  for (const f of files) if (!existsSync(f)) problems.push(`${f} does not exist`);
  if (problems.length) return problems;
  const json5 = files.filter((f) => f.endsWith('.json5'));
  if (['exp', 'validate'].includes(cmd.sub) && json5.length) {
    const keep = cmd.args.flatMap((w, i) => (['--set', '--seed', '--threads'].includes(w) ? [w, cmd.args[i + 1]] : []));
    const r = spawnSync(process.execPath, ['dist/src/app/cli.js', 'validate', json5[0], ...keep], { encoding: 'utf8', timeout: 120_000 });
    if (r.status !== 0) problems.push(`rnnflow validate ${json5[0]} ${keep.join(' ')}: ${(r.stdout + r.stderr).trim()}`);
  }
  if ((cmd.sub === 'sweep' || cmd.sub === 'bench:replay') && json5.length) {
    const { startSweep } = await import(pathToFileURL(resolve('dist/src/app/sweep/prepare.js')).href);
    const dir = mkdtempSync(join(tmpdir(), 'rnnflow-doc-sweep-'));
    try { startSweep(json5[0], { dir: join(dir, 'sweep') }); } catch (e) { problems.push(`${json5[0]}: ${e.message}`); } finally { rmSync(dir, { recursive: true, force: true }); }
  }
  return problems;
}

/** Runs `text` in bash; `until(child)` may end it early (a server, a Ctrl-C). Resolves to { code, log }. */
function runShell(text, until) {
  return new Promise((done) => {
    const child = spawn('bash', ['-c', text], { detached: true, env: { ...process.env, CI: 'true' } });
    let log = '';
    child.stdout.on('data', (d) => { log += d; }); child.stderr.on('data', (d) => { log += d; });
    const timer = setTimeout(() => { log += '\n(timed out after 15 minutes)'; process.kill(-child.pid, 'SIGKILL'); }, 15 * 60_000);
    const stop = until?.(child, () => log);
    // Killed by a signal: the code a shell reports (128 + its number; SIGINT 130).
    child.on('close', (code, signal) => { clearTimeout(timer); stop?.(); done({ code: code ?? 128 + (constants.signals[signal] ?? 0), log }); });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls `ready()` every 200 ms for up to `seconds`, then sends SIGINT to the command's process group. */
function interruptWhen(ready, seconds, note) {
  return (child, log) => {
    let live = true;
    (async () => {
      for (let t = 0; live && t < seconds * 5; t++) {
        if (await ready(log)) { note.sent = true; process.kill(-child.pid, 'SIGINT'); break; }
        await sleep(200);
      }
      if (live && !note.sent) process.kill(-child.pid, 'SIGINT');
    })();
    return () => { live = false; };
  };
}

async function serverAnswers(log) {
  const url = log().match(/http:\/\/127\.0\.0\.1:\d+\/?/)?.[0];
  if (!url) return false;
  try { return (await fetch(url)).ok; } catch { return false; }
}

function pages() {
  const index = readFileSync('docs/README.md', 'utf8');
  const listed = [...index.matchAll(/\]\(([\w.-]+\.md)\)/g)].map((m) => `docs/${m[1]}`);
  return ['README.md', ...new Set(listed)];
}

async function main() {
  const outsUsed = new Map();
  const counts = { run: 0, ci: 0, checked: 0, scripts: 0 };
  for (const page of pages()) {
    const entries = extractCommands(readFileSync(page, 'utf8'), { inline: page === 'README.md' });
    for (const entry of entries) {
      const { comment } = splitLine(entry.text);
      for (const text of expandLoop(entry.text.replace(/\s+#.*$/, '').trim())) {
        const cmd = parseCommand(text);
        let kind = kindOf(cmd, { page, text, comment });
        if (entry.inline && kind !== 'skip') kind = kind === 'ci' ? 'ci' : 'check';
        // A docs command reading a run that only a checked (not run) command would make: checked too.
        const runArg = cmd.tool === 'rnnflow' && ['eval', 'predict', 'export', 'report'].includes(cmd.sub) ? cmd.args.find((w) => !w.startsWith('-')) : undefined;
        if (page !== 'README.md' && kind === 'run' && runArg && !existsSync(runArg)) kind = 'check';
        if (kind === 'skip') continue;
        const where = `${page}:${entry.line}`;
        const start = Date.now();
        const secs = () => `${Math.round((Date.now() - start) / 1000)} s`;
        if (kind === 'ci') { counts.ci++; console.log(`$ ${text}    (${where}: run by .ci/run itself)`); continue; }
        if (kind === 'check' || kind === 'script') {
          const problems = await check(cmd);
          if (problems.length) { console.log(`$ ${text}\ndoc-commands: ${where}: ${problems.join('; ')}`); process.exit(1); }
          counts[kind === 'script' ? 'scripts' : 'checked']++;
          continue;
        }
        const out = optionValue(cmd.args, '--out');
        if (out) {
          if (outsUsed.has(out)) { console.log(`doc-commands: ${where}: --out ${out} was already written by ${outsUsed.get(out)}; a second run there is refused`); process.exit(1); }
          outsUsed.set(out, where);
        }
        console.log(`$ ${text}    (${where})`);
        const note = {};
        const until = kind === 'server' ? interruptWhen(serverAnswers, 120, note)
          : kind === 'interrupt' ? interruptWhen(() => existsSync(join(out, 'events.jsonl')) && readFileSync(join(out, 'events.jsonl'), 'utf8').includes('"type":"eval"'), 300, note)
            : undefined;
        const { code, log } = await runShell(text, until);
        const expected = kind === 'interrupt' ? 130 : kind === 'server' ? code : 0;
        const failed = code !== expected || (kind !== 'run' && !note.sent);
        if (failed) {
          console.log(log.split('\n').slice(-25).join('\n'));
          const why = kind === 'server' ? 'its page never answered' : kind === 'interrupt' && !note.sent ? 'it made no check before the deadline' : `exit code ${code}, expected ${expected}`;
          console.log(`doc-commands: FAILED (${where}): ${text}: ${why}`);
          process.exit(1);
        }
        counts.run++;
        console.log(`  ok (${secs()}${kind === 'server' ? ', its page answered' : kind === 'interrupt' ? ', interrupted after its first check: exit 130' : ''})`);
      }
    }
  }
  console.log(`doc-commands: ${counts.run} commands ran as written, ${counts.ci} run by .ci/run itself, ${counts.checked} checked (files load, flags parse), ${counts.scripts} scripts parse; pages: ${pages().join(', ')}`);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(fileURLToPath(import.meta.url))) await main();
