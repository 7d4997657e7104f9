/**
 * The build leaves the package's commands executable (scripts/bin-executable.mjs): a link npm made
 * earlier and kept (npx's cache of a clone, `npm link`) never sets the bit again, so a clean rebuild or
 * a fresh clone into the same folder made `npx rnnflow` say "Permission denied".
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageDir } from '../../src/core/paths.js';
import { tempDir } from '../helpers/cli.js';

const script = join(packageDir, 'scripts', 'bin-executable.mjs');
const run = (root: string) => spawnSync(process.execPath, [script, root], { encoding: 'utf8' });
const mode = (file: string) => statSync(file).mode & 0o777;

describe('scripts/bin-executable.mjs: the build leaves every bin executable', () => {
  const root = tempDir('rnnflow-bin-mode-');
  after(() => rmSync(root, { recursive: true, force: true }));

  it('sets the execute bits of each bin (object and string forms), keeping the other bits', () => {
    mkdirSync(join(root, 'dist'), { recursive: true });
    for (const f of ['dist/a.js', 'b.js']) { writeFileSync(join(root, f), '#!/usr/bin/env node\n'); chmodSync(join(root, f), 0o640); }
    writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'p', bin: { a: './dist/a.js', b: 'b.js' } }));
    expect(run(root).status).to.equal(0);
    expect([mode(join(root, 'dist/a.js')), mode(join(root, 'b.js'))]).to.deep.equal([0o751, 0o751]);
    chmodSync(join(root, 'b.js'), 0o600);
    writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'p', bin: './b.js' }));
    expect(run(root).status).to.equal(0);
    expect(mode(join(root, 'b.js'))).to.equal(0o711);
  });

  it('a bin the build did not write fails the build, naming the field and the path', () => {
    writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'p', bin: { rnnflow: './dist/missing.js' } }));
    const r = run(root);
    expect(r.status).to.equal(1);
    expect(r.stderr).to.contain('package.json bin.rnnflow: ./dist/missing.js does not exist');
  });

  it('is part of the build, so this checkout\'s rnnflow command is executable', () => {
    const pkg = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { scripts: { build: string }; bin: { rnnflow: string } };
    expect(pkg.scripts.build).to.match(/&& node scripts\/bin-executable\.mjs$/);
    expect(mode(join(packageDir, pkg.bin.rnnflow)) & 0o111).to.equal(0o111);
  });
});
