/**
 * What a worker and the coordinator take from Redis, checked without Redis: the job's schema, the one
 * path helper every write and delete goes through, the unpacking of a packed folder, and signatures.
 * Each case is an attack seen in the probe of issue 28.
 */
import { expect } from 'chai';
import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { checkShape } from '../../../src/app/queue/job-schema.js';
import { checkSignature, signed } from '../../../src/app/queue/signing.js';
import { pathInside } from '../../../src/core/path-inside.js';
import { unpackRunDir } from '../../../src/app/run-pool/run-folder-pack.js';
import { tempDir } from '../../helpers/cli.js';

const SHA = 'a'.repeat(64);
export function goodJob(): Record<string, unknown> {
  return {
    format: 'rnnflow-trial-job', sweep: '0123456789ab', id: 'fedcba987654', codeVersion: 'abc123',
    experiment: { name: 'tiny', data: { name: 'minus', bits: 3 }, model: {}, train: {} },
    source: { file: '/x/sweep.json5', baseDir: '/x' }, runDir: '/x/trials/fedcba987654', enqueuedAt: 1,
    dataFile: { sha256: SHA, name: 'pm25.csv', path: '/x/pm25.csv' },
  };
}
const packed = (text: string) => gzipSync(Buffer.from(text)).toString('base64');

describe('queue input from hostile hands', () => {
  it('a well-formed job passes the schema', () => {
    expect(() => checkShape('job', goodJob())).not.to.throw();
  });

  it('a trial id that walks out (../../victimdir) is refused by the schema', () => {
    expect(() => checkShape('job', { ...goodJob(), id: '../../../tmp/victimdir' })).to.throw(/refused: the job .*\/id/);
  });

  it('a shipped file named ../../x.sh (or a/b, or ..) is refused by the schema', () => {
    for (const name of ['../../x.sh', 'a/b', '..', 'a\\b']) {
      const job = { ...goodJob(), dataFile: { sha256: SHA, name, path: '/x/y' } };
      expect(() => checkShape('job', job), name).to.throw(/refused: .*dataFile\/name/);
    }
  });

  it('a job with a field the format does not have is refused', () => {
    expect(() => checkShape('job', { ...goodJob(), shell: 'rm -rf /' })).to.throw(/must NOT have additional properties \("shell"\)/);
  });

  it('pathInside: names and symlinks that lead out of the folder are refused, names inside are kept', () => {
    const root = tempDir('rnnflow-inside-');
    const outside = tempDir('rnnflow-outside-');
    symlinkSync(outside, join(root, 'link'));
    expect(pathInside(root, 'trials', 'a')).to.equal(join(root, 'trials', 'a'));
    expect(() => pathInside(root, '../x')).to.throw(/lies outside/);
    expect(() => pathInside(root, '/etc/passwd')).to.throw(/not a path inside/);
    expect(() => pathInside(root, 'link', 'authorized_keys')).to.throw(/lies outside/);
    expect(() => pathInside(root, 'link')).to.throw(/lies outside/);
  });

  it('unpacking a folder never writes outside it, by name or through a symlink planted in it', () => {
    const dir = tempDir('rnnflow-unpack-');
    const outside = tempDir('rnnflow-outside-');
    expect(() => unpackRunDir({ '../../evil.sh': packed('#!/bin/sh') }, join(dir, 'run'), [])).to.throw(/lies outside/);
    mkdirSync(join(dir, 'run'), { recursive: true });
    symlinkSync(outside, join(dir, 'run', 'state'));
    expect(() => unpackRunDir({ 'state/authorized_keys': packed('ssh-rsa AAAA') }, join(dir, 'run'), [])).to.throw(/lies outside/);
    expect(existsSync(join(outside, 'authorized_keys'))).to.equal(false);
    unpackRunDir({ 'events.jsonl': packed('{}\n') }, join(dir, 'run'), []);
    expect(existsSync(join(dir, 'run', 'events.jsonl'))).to.equal(true);
  });

  it('a saved state whose file names walk out is refused by the schema', () => {
    expect(() => checkShape('partial', { iteration: 3, runDir: '/w', files: { '../../.ssh/authorized_keys': packed('x') }, by: 'h:1' })).to.throw(/refused: the partial/);
    expect(() => checkShape('partial', { iteration: 3, runDir: '/w', files: { 'state/last.json': packed('{}') }, by: 'h:1' })).not.to.throw();
  });

  it('an answer that would inject into results.csv (a metric named with a line break, a status of its own) is refused', () => {
    const summary = { status: 'completed', epochs: 1, iterations: 2, seconds: 1, metrics: { validation: { loss: 1 }, test: { loss: 1 } }, bestParams: { validation: {}, test: {} } };
    const answer = (s: object) => ({ result: { ok: true, summary: s }, files: {}, worker: 'h:1', workerRunDir: '/w', startedAt: 1, finishedAt: 2 });
    expect(() => checkShape('answer', answer(summary))).not.to.throw();
    expect(() => checkShape('answer', answer({ ...summary, metrics: { validation: { 'loss\r\n=cmd()': 1 }, test: {} } }))).to.throw(/refused: the answer/);
    expect(() => checkShape('answer', answer({ ...summary, status: 'done\n1,evil' }))).to.throw(/refused: the answer/);
    expect(() => checkShape('answer', answer({ ...summary, metrics: { validation: { loss: '=HYPERLINK("x")' }, test: {} } }))).to.throw(/refused: the answer/);
  });

  it('signatures: a signed job passes; unsigned, altered, or moved to another trial or sweep, it is refused', () => {
    const secret = Buffer.from('s3cret');
    const job = signed(secret, 'job', '0123456789ab', 'fedcba987654', goodJob());
    expect(() => checkSignature(secret, 'job', '0123456789ab', 'fedcba987654', job)).not.to.throw();
    expect(() => checkSignature(secret, 'job', '0123456789ab', 'fedcba987654', goodJob())).to.throw(/not signed/);
    expect(() => checkSignature(secret, 'job', '0123456789ab', 'fedcba987654', { ...job, runDir: '/elsewhere' })).to.throw(/does not match/);
    expect(() => checkSignature(secret, 'job', '0123456789ab', '111111111111', job)).to.throw(/does not match/);
    expect(() => checkSignature(secret, 'job', 'ba9876543210', 'fedcba987654', job)).to.throw(/does not match/);
    expect(() => checkSignature(secret, 'answer', '0123456789ab', 'fedcba987654', job)).to.throw(/does not match/);
    expect(() => checkSignature(Buffer.from('other'), 'job', '0123456789ab', 'fedcba987654', job)).to.throw(/does not match/);
    expect(() => checkShape('job', job)).not.to.throw();
  });
});
