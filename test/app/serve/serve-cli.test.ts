/**
 * The `rnnflow serve` process: its argument resolved as predict resolves it, the loopback address
 * by default, and Ctrl-C's drain: a request in flight when SIGINT comes is answered in full, no new
 * connection is taken, and the process exits 130. Every wait is for an event (a line, an answer), never a delay.
 */
import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { dirname } from 'node:path';
import { cliPath, root, runCli } from '../../helpers/cli.js';
import { lastDaysCsv, tinyPm25Run } from './tiny-runs.js';

interface Served { child: ChildProcess; url: string; stderr: () => string; exit: Promise<number | null> }

/** Starts `rnnflow serve <args> --port 0` and resolves when it prints its address. */
function serve(args: string[]): Promise<Served> {
  const child = spawn(process.execPath, [cliPath, 'serve', ...args, '--port', '0'], { cwd: root, env: { ...process.env, CI: 'true' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '', stderr = '';
  child.stderr!.on('data', (d: Buffer) => { stderr += d.toString(); });
  const exit = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString();
      const url = /(http:\/\/\S+\/) /.exec(stdout)?.[1];
      if (url) resolve({ child, url, stderr: () => stderr, exit });
    });
    void exit.then((code) => reject(new Error(`serve exited ${code} before listening:\n${stderr}`)));
  });
}

/** Resolves once `text` has appeared in what `read` returns (checked on each new piece of output). */
function waitFor(child: ChildProcess, read: () => string, text: string): Promise<void> {
  return new Promise((resolve) => {
    const check = () => { if (read().includes(text)) { child.stderr!.off('data', check); resolve(); } };
    child.stderr!.on('data', check);
    check();
  });
}

describe('rnnflow serve (the process)', () => {
  let parent: string;
  let runDir: string;
  before(async function () {
    this.timeout(120_000);
    runDir = await tinyPm25Run();
    parent = dirname(runDir);
  });

  it('serves a parent folder\'s latest run on 127.0.0.1; Ctrl-C answers the request in flight in full, takes no new one, and exits 130', async function () {
    this.timeout(120_000);
    const served = await serve([parent]);
    expect(served.url).to.match(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(served.stderr()).to.contain(`serve: using the latest run in ${parent}: ${runDir}`);
    // A request whose body is half sent: in flight until the rest comes.
    const body = Buffer.from(lastDaysCsv());
    let pending: () => void = () => {};
    const answer = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(new URL('/predict?horizon=2', served.url), {
        method: 'POST', headers: { 'content-type': 'text/csv', accept: 'text/csv', 'content-length': body.length },
      }, (res) => {
        let text = '';
        res.on('data', (d: Buffer) => { text += d.toString(); });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on('error', reject);
      req.write(body.subarray(0, 100));
      pending = () => req.end(body.subarray(100));
    });
    // The server has taken it when /health counts it.
    for (;;) {
      const health = await (await fetch(new URL('/health', served.url))).json() as { inFlight: number };
      if (health.inFlight === 1) break;
    }
    served.child.kill('SIGINT');
    await waitFor(served.child, served.stderr, 'rnnflow serve: stopping; answering 1 request in flight');
    // No new connection is taken while it drains.
    const refused = await new Promise<string>((resolve) => {
      request(new URL('/health', served.url), { agent: false }, () => resolve('answered')).on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message)).end();
    });
    expect(refused).to.be.oneOf(['ECONNREFUSED', 'ECONNRESET']);
    pending();
    const { status, text } = await answer;
    expect(status).to.equal(200);
    const cli = runCli(['predict', runDir, '--input', 'data/pm25-last-days.csv', '--horizon', '2']);
    expect(text).to.equal(cli.stdout);
    expect(await served.exit).to.equal(130);
    expect(served.stderr()).to.match(/rnnflow serve: stopped\n$/);
  });

  it('refuses a bad --port, a run that is not there, and a port in use, in one line each (exit 2)', async function () {
    this.timeout(120_000);
    const port = runCli(['serve', runDir, '--port', '70000']);
    expect([port.code, port.stderr.trim()]).to.deep.equal([2, 'rnnflow: --port 70000: expected a port number 0–65535 (0 = any free port)']);
    const missing = runCli(['serve', `${runDir}-gone`]);
    expect(missing.code).to.equal(2);
    expect(missing.stderr).to.match(/^rnnflow: rnnflow serve: .*-gone does not exist; give a run folder/);
    const first = await serve([runDir]);
    const taken = Number(new URL(first.url).port);
    const second = runCli(['serve', runDir, '--port', String(taken)]);
    expect([second.code, second.stderr.trim()]).to.deep.equal([2, `rnnflow: rnnflow serve: port ${taken} is in use; choose another with --port, e.g. --port ${taken + 1} (0 = any free port)`]);
    first.child.kill('SIGINT');
    expect(await first.exit).to.equal(130);
  });
});
