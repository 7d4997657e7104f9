/**
 * A throwaway redis-server for the queue tests: a free loopback port, its own temp folder, AOF on
 * (fsync always, so a restart loses nothing) and noeviction, as BullMQ asks. `npm test` without
 * redis-server installed skips the queue tests with one line saying what to install (fails under CI).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireOrSkip, type Requirement } from './requires.js';

/** What the queue tests need. */
export const REDIS_REQUIREMENT: Requirement = {
  missing: 'redis-server is not installed (the queue tests start their own)',
  fix: 'Debian/Ubuntu: apt-get install -y redis-server',
};

export function hasRedisServer(): boolean {
  return spawnSync('redis-server', ['--version'], { encoding: 'utf8' }).status === 0;
}

export interface TestRedis {
  url: string;
  port: number;
  /** Stops the server (SIGTERM: it finishes its AOF) and starts it again on the same port and folder. */
  restart(downMs?: number): Promise<void>;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface RedisSetup {
  /** A password clients must give (requirepass); the url carries it. */
  password?: string;
  /** false: no AOF, so a restart loses every key (a Redis run as a cache). */
  persist?: boolean;
  /** TLS only (rediss://): the server's certificate and key (PEM files); clients are not asked for one. */
  tls?: { cert: string; key: string };
}

export async function startRedis(setup: RedisSetup = {}): Promise<TestRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'rnnflow-redis-'));
  const port = await freePort();
  const listen = setup.tls
    ? ['--port', '0', '--tls-port', String(port), '--tls-cert-file', setup.tls.cert, '--tls-key-file', setup.tls.key, '--tls-ca-cert-file', setup.tls.cert, '--tls-auth-clients', 'no']
    : ['--port', String(port)];
  const args = [...listen, '--bind', '127.0.0.1', '--dir', dir, '--appendonly', setup.persist === false ? 'no' : 'yes', '--appendfsync', 'always',
    '--maxmemory-policy', 'noeviction', '--save', '', '--daemonize', 'no', '--logfile', join(dir, 'redis.log'),
    ...(setup.password ? ['--requirepass', setup.password] : [])];
  const cli = ['-p', String(port), ...(setup.password ? ['--no-auth-warning', '-a', setup.password] : []), ...(setup.tls ? ['--tls', '--cacert', setup.tls.cert] : [])];
  let child: ChildProcess;
  const launch = async () => {
    child = spawn('redis-server', args, { stdio: 'ignore' });
    for (let i = 0; i < 100; i++) {
      if (spawnSync('redis-cli', [...cli, 'ping'], { encoding: 'utf8' }).stdout?.trim() === 'PONG') return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`redis-server did not start on port ${port} (see ${dir}/redis.log)`);
  };
  const halt = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  };
  await launch();
  return {
    url: `${setup.tls ? 'rediss' : 'redis'}://${setup.password ? `:${encodeURIComponent(setup.password)}@` : ''}127.0.0.1:${port}`,
    port,
    async restart(downMs = 1000) {
      await halt();
      await new Promise((r) => setTimeout(r, downMs));
      await launch();
    },
    async stop() {
      await halt();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A queue suite's `before`: a fresh server, or the suite skipped (failed under CI) saying what to install. */
export async function startRedisOrSkip(suite: Mocha.Context, setup: RedisSetup = {}): Promise<TestRedis> {
  requireOrSkip(suite, hasRedisServer(), REDIS_REQUIREMENT);
  return startRedis(setup);
}
