// `npm ci` (the install script) builds the native kernels (native/, node-gyp + node-addon-api) with
// this Node's own headers, never downloading any. Where there is no C++ compiler, no headers, or the
// build fails, it says so in one line and exits 0: rnnflow then runs its WebAssembly kernels (the
// same results) and the install goes on. The full compiler output is in native/build.log.
// An addon built from the same sources, compiler and Node (native/build/stamp.txt, native-stamp.mjs)
// is kept: npm runs this script again where nothing changed (the first `npx rnnflow` in a clone
// installs the clone into npx's cache, install script included), and a rebuild there cost 16 s.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compilerVersion, nativeStamp } from './native-stamp.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const native = join(root, 'native');
const addon = join(native, 'build', 'Release', 'rnnflow_native.node');
const log = join(native, 'build.log');
const stampFile = join(native, 'build', 'stamp.txt');
const say = (line) => process.stdout.write(`rnnflow: ${line}\n`);
const fallBack = (why) => {
  // A stale addon from an earlier build would not match these sources.
  rmSync(addon, { force: true });
  say(`native kernels not built (${why}); using the WebAssembly kernels (same results, slower at large shapes)`);
  process.exit(0);
};

if (process.platform !== 'linux' || process.arch !== 'x64') fallBack(`they are for x86-64 Linux, this is ${process.platform}-${process.arch}`);
const cxx = process.env.CXX || 'g++';
const compiler = compilerVersion(cxx);
if (compiler === undefined) fallBack(`no C++ compiler: '${cxx} --version' failed; install g++ and make, or set CXX`);
// The headers of the Node that runs this: npm sets npm_config_nodedir on machines that ship them (/usr);
// otherwise the install prefix of this node. node-gyp would download them when missing: refuse instead.
const nodedir = process.env.npm_config_nodedir || join(dirname(process.execPath), '..');
if (!existsSync(join(nodedir, 'include', 'node', 'node_api.h'))) fallBack(`no Node headers at ${join(nodedir, 'include', 'node')} (install Node's development headers)`);
const stamp = nativeStamp(native, { cxx, compiler, nodedir });
if (existsSync(addon) && existsSync(stampFile) && readFileSync(stampFile, 'utf8').trim() === stamp) {
  say(`native kernels up to date (${addon})`);
  process.exit(0);
}
let nodeGyp;
try {
  nodeGyp = createRequire(join(root, 'package.json')).resolve('node-gyp/bin/node-gyp.js');
} catch {
  fallBack('node-gyp is not installed (it is a devDependency: npm ci without --omit=dev)');
}

const run = spawnSync(process.execPath, [nodeGyp, 'rebuild', '--directory', native, `--nodedir=${nodedir}`, '--jobs', '2'], {
  encoding: 'utf8', env: { ...process.env, npm_config_nodedir: nodedir },
});
writeFileSync(log, `${run.stdout ?? ''}${run.stderr ?? ''}`);
if (run.status !== 0 || !existsSync(addon)) fallBack(`the build failed, see ${log}`);
writeFileSync(stampFile, `${stamp}\n`);
say(`native kernels built (${addon})`);
