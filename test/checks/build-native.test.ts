/**
 * scripts/build-native.mjs keeps an addon built from the same sources, compiler and Node (npm runs it
 * again where nothing changed: the first `npx rnnflow` in a clone does), and builds again when any of
 * them changed. Run on a copy of native/ with a planted addon and no node_modules, so nothing compiles:
 * "up to date" leaves the planted file alone; a changed source goes on to the build (which stops at
 * the missing node-gyp, saying so) and removes the stale addon.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { appendFileSync, copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { packageDir } from '../../src/core/paths.js';
import { tempDir } from '../helpers/cli.js';
import { requireOrSkip } from '../helpers/requires.js';

interface NativeStampModule {
  compilerVersion(cxx: string): string | undefined;
  nativeStamp(native: string, inputs: { cxx: string; compiler: string; nodedir: string }): string;
}

describe('scripts/build-native.mjs: an up-to-date addon is kept, a changed one rebuilt', function () {
  this.timeout(60_000);
  const root = tempDir('rnnflow-build-native-');
  after(() => rmSync(root, { recursive: true, force: true }));
  const native = join(root, 'native');
  const addon = join(native, 'build', 'Release', 'rnnflow_native.node');
  const nodedir = process.env.npm_config_nodedir || join(process.execPath, '..', '..');
  const env = { ...process.env, CXX: 'g++', npm_config_nodedir: nodedir };
  const build = () => spawnSync(process.execPath, [join(root, 'scripts', 'build-native.mjs')], { encoding: 'utf8', env });

  before(async function () {
    mkdirSync(join(root, 'scripts'));
    for (const f of ['build-native.mjs', 'native-stamp.mjs']) copyFileSync(join(packageDir, 'scripts', f), join(root, 'scripts', f));
    cpSync(join(packageDir, 'native', 'src'), join(native, 'src'), { recursive: true });
    copyFileSync(join(packageDir, 'native', 'binding.gyp'), join(native, 'binding.gyp'));
    writeFileSync(join(root, 'package.json'), '{"name": "copy", "private": true}\n');
    const stamps = await import(pathToFileURL(join(root, 'scripts', 'native-stamp.mjs')).href) as NativeStampModule;
    const compiler = stamps.compilerVersion('g++');
    requireOrSkip(this, compiler !== undefined && existsSync(join(nodedir, 'include', 'node', 'node_api.h')),
      { missing: 'no g++ or no Node headers (the install script checks them before the stamp)', fix: 'Debian/Ubuntu: apt-get install -y g++ make nodejs' });
    mkdirSync(join(native, 'build', 'Release'), { recursive: true });
    writeFileSync(addon, 'planted');
    writeFileSync(join(native, 'build', 'stamp.txt'), `${stamps.nativeStamp(native, { cxx: 'g++', compiler: compiler!, nodedir })}\n`);
  });

  it('the same sources, compiler and Node: "up to date", the addon left as it is', () => {
    const run = build();
    expect(run.status, run.stderr).to.equal(0);
    expect(run.stdout).to.equal(`rnnflow: native kernels up to date (${addon})\n`);
    expect(readFileSync(addon, 'utf8')).to.equal('planted');
  });

  it('a source changed: it builds again (here it stops at the missing node-gyp and removes the stale addon)', () => {
    appendFileSync(join(native, 'src', 'gemm.h'), '\n// changed\n');
    const run = build();
    expect(run.status, run.stderr).to.equal(0);
    expect(run.stdout).to.match(/^rnnflow: native kernels not built \(node-gyp is not installed/);
    expect(existsSync(addon)).to.equal(false);
  });
});
