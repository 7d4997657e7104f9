/**
 * rediss:// (issue 28): a redis-server that speaks only TLS, with a throwaway self-signed certificate
 * made by openssl here. The coordinator and a worker trust it through Node's NODE_EXTRA_CA_CERTS (the
 * one way docs/queue.md gives), and a tiny sweep completes through it; without the CA, a clear error.
 * Then TLS and a password together (rediss://:password@host), as a hosted Redis asks for both.
 */
import { expect } from 'chai';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliPath, tempDir } from '../../helpers/cli.js';
import { startRedisOrSkip, type TestRedis } from '../../helpers/redis.js';
import { requireOrSkip } from '../../helpers/requires.js';
import { writeSweep } from '../sweep/fixtures.js';
import { onlySweepDir, startWorker, stopWorker, type TestWorker } from './helpers.js';

const base = {
  name: 'tiny', seed: 5, data: { name: 'minus', bits: 3 },
  model: { netType: 'binary', outputMode: 'each', hiddenSize: 3, bias: false },
  train: { eta: 0.5, maxEpochs: 5, batchSize: 6 }, sinks: ['jsonl', 'summary'],
};

/** `rnnflow sweep <file> --queue <url>` as a user runs it, with `env` added. */
function sweepCli(file: string, url: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; text: string }> {
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, [cliPath, 'sweep', file, '--queue', url, '--plain'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    proc.stdout.on('data', (c: Buffer) => { text += c.toString(); });
    proc.stderr.on('data', (c: Buffer) => { text += c.toString(); });
    proc.once('exit', (code) => resolve({ code, text }));
  });
}

describe('a Redis that speaks only TLS (rediss://)', function () {
  this.timeout(300_000);
  let server: TestRedis | undefined;
  let worker: TestWorker | undefined;
  let cert = '';
  let dir = '';
  before(async function () {
    dir = tempDir('rnnflow-tls-');
    cert = join(dir, 'cert.pem');
    // A certificate for 127.0.0.1, its own CA: what a test (or a small lab) makes with one command.
    const made = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', cert,
      '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { encoding: 'utf8' });
    requireOrSkip(this, made.status === 0, { missing: 'openssl cannot make a certificate (the TLS test makes its own)', fix: 'Debian/Ubuntu: apt-get install -y openssl' });
    server = await startRedisOrSkip(this, { tls: { cert, key: join(dir, 'key.pem') } });
  });
  after(async () => {
    if (worker) await stopWorker(worker);
    await server?.stop();
  });

  it('the coordinator and a worker given the CA by NODE_EXTRA_CA_CERTS run a sweep through it', async () => {
    expect(server!.url).to.match(/^rediss:\/\/127\.0\.0\.1:\d+$/);
    worker = startWorker(server!.url, [], { NODE_EXTRA_CA_CERTS: cert });
    const file = writeSweep({ parameters: { 'model.hiddenSize': [2, 3] } }, base);
    const r = await sweepCli(file, server!.url, { NODE_EXTRA_CA_CERTS: cert });
    expect(r.code, r.text).to.equal(0);
    expect(r.text).to.match(/2 done, 0 failed/);
    const results = JSON.parse(readFileSync(join(onlySweepDir(join(file, '..', 'out')), 'results.json'), 'utf8')) as { counts: { done: number } };
    expect(results.counts.done).to.equal(2);
    expect(worker.output()).to.match(/trial \w+: completed/);
  });

  it('without the CA, the coordinator says the certificate is not trusted and how to trust it (exit 1, no stack trace)', async () => {
    const file = writeSweep({ parameters: { 'model.hiddenSize': [2] } }, base);
    const r = await sweepCli(file, server!.url, { NODE_EXTRA_CA_CERTS: '' });
    expect(r.code, r.text).to.equal(1);
    expect(r.text).to.match(/cannot reach Redis at rediss:\/\/127\.0\.0\.1:\d+: its TLS certificate is not trusted here \(self[- ]signed certificate\); .*NODE_EXTRA_CA_CERTS=<ca\.pem>/);
    expect(r.text).not.to.match(/\n\s+at /);
  });

  it('rediss:// with a password: the coordinator and a worker give both and the sweep completes; a wrong password is a clear error', async function () {
    const secured = await startRedisOrSkip(this, { tls: { cert, key: join(dir, 'key.pem') }, password: 'p@ss word' });
    let securedWorker: TestWorker | undefined;
    try {
      expect(secured.url).to.match(/^rediss:\/\/:p%40ss%20word@127\.0\.0\.1:\d+$/);
      securedWorker = startWorker(secured.url, [], { NODE_EXTRA_CA_CERTS: cert });
      const file = writeSweep({ parameters: { 'model.hiddenSize': [2] } }, base);
      const r = await sweepCli(file, secured.url, { NODE_EXTRA_CA_CERTS: cert });
      expect(r.code, r.text).to.equal(0);
      expect(r.text).to.match(/1 done, 0 failed/);
      const wrong = await sweepCli(writeSweep({ parameters: { 'model.hiddenSize': [2] } }, base), secured.url.replace('p%40ss%20word', 'not-the-s3cret'), { NODE_EXTRA_CA_CERTS: cert });
      expect(wrong.code, wrong.text).to.equal(1);
      expect(wrong.text).to.match(/Redis at rediss:\/\/127\.0\.0\.1:\d+ refused the password in the URL \((WRONGPASS|.*invalid username-password).*\); give the right one in the URL/);
      expect(wrong.text).not.to.match(/\n\s+at /);
      // Neither password reaches the terminal (the url is shown without it).
      expect(r.text + wrong.text).not.to.match(/p%40ss|p@ss|not-the-s3cret/);
    } finally {
      if (securedWorker) await stopWorker(securedWorker);
      await secured.stop();
    }
  });
});
