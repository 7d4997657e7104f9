// What the native addon is built from, as one digest (scripts/build-native.mjs keeps an addon whose
// native/build/stamp.txt holds the current one): every file of native/src, binding.gyp, the compiler
// (its --version line), this Node and the headers it builds against.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The compiler's first --version line, or undefined where it does not run. */
export function compilerVersion(cxx) {
  const run = spawnSync(cxx, ['--version'], { encoding: 'utf8' });
  return run.status === 0 ? run.stdout.split('\n')[0] : undefined;
}

export function nativeStamp(native, { cxx, compiler, nodedir }) {
  const hash = createHash('sha256').update([process.version, process.arch, nodedir, cxx, compiler].join('\n'));
  hash.update(readFileSync(join(native, 'binding.gyp')));
  for (const name of readdirSync(join(native, 'src')).sort()) hash.update(`\n${name}\n`).update(readFileSync(join(native, 'src', name)));
  return hash.digest('hex');
}
