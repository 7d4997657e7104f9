import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './cli.js';
import { MissingUnderCi, requireOrSkip, underCi } from './requires.js';

const need = { missing: 'frobnicator is not installed', fix: 'apt-get install -y frobnicator' };

/** A mocha context whose skip() records the call and throws, as mocha's does. */
function fakeContext() {
  const calls = { skipped: 0 };
  const ctx = { skip() { calls.skipped++; throw new Error('pending'); } } as unknown as Mocha.Context;
  return { ctx, calls };
}

describe('requireOrSkip: a missing service skips elsewhere and fails under CI', () => {
  it('does nothing when the requirement is met, under CI or not', () => {
    for (const env of [{ CI: 'true' }, {}]) {
      const { ctx, calls } = fakeContext();
      requireOrSkip(ctx, true, need, env);
      expect(calls.skipped).to.equal(0);
    }
  });

  it('under CI=true throws MissingUnderCi naming what is missing and the fix, and never skips', () => {
    const { ctx, calls } = fakeContext();
    expect(() => requireOrSkip(ctx, false, need, { CI: 'true' })).to.throw(MissingUnderCi, /frobnicator is not installed: required under CI=true.*apt-get install -y frobnicator/);
    expect(calls.skipped).to.equal(0);
  });

  it('elsewhere skips (mocha pending), once', () => {
    const { ctx, calls } = fakeContext();
    expect(() => requireOrSkip(ctx, false, need, {})).to.throw('pending');
    expect(calls.skipped).to.equal(1);
  });

  it('reads CI as most services set it', () => {
    expect([underCi({ CI: 'true' }), underCi({ CI: '1' }), underCi({}), underCi({ CI: 'false' })]).to.deep.equal([true, true, false, false]);
  });

  it('is the only way a test skips: no bare this.skip() / .skip( in test/', () => {
    const bare: string[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, e.name);
        if (e.isDirectory()) { if (e.name !== 'fixtures') walk(path); continue; }
        if (!e.name.endsWith('.ts') || path.endsWith(join('helpers', 'requires.ts')) || path.endsWith(join('helpers', 'requires.test.ts'))) continue;
        readFileSync(path, 'utf8').split('\n').forEach((line, i) => {
          if (/\.skip\(/.test(line)) bare.push(`${path}:${i + 1}: ${line.trim()}`);
        });
      }
    };
    walk(join(root, 'test'));
    expect(bare, 'use requireOrSkip (test/helpers/requires.ts), which fails under CI').to.deep.equal([]);
  });
});
