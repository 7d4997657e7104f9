import { expect } from 'chai';
import { cpSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { codeVersion, hashEngine } from '../../src/core/code-version.js';
import { root, tempDir } from '../helpers/cli.js';

describe('codeVersion', () => {
  it('is the content hash of the built engine (dist/src), computed once', () => {
    const v = codeVersion();
    expect(v).to.match(/^[0-9a-f]{12}$/);
    expect(codeVersion()).to.equal(v);
    expect(hashEngine(join(root, 'dist', 'src'))).to.equal(v);
  });

  it('changes when any engine file changes, and only .js files count', () => {
    const copy = tempDir('rnnflow-codeversion-');
    try {
      cpSync(join(root, 'dist', 'src', 'core'), copy, { recursive: true });
      const before = hashEngine(copy);
      writeFileSync(join(copy, 'notes.txt'), 'not code');
      expect(hashEngine(copy)).to.equal(before);
      appendFileSync(join(copy, 'errors.js'), '\n// one more line\n');
      expect(hashEngine(copy)).to.not.equal(before);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});
