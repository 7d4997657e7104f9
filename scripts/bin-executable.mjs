// Makes the package's commands (package.json "bin") executable after a build. tsc writes
// dist/src/app/cli.js as an ordinary file (mode 644); npm sets the bit only when it links a bin. A link
// made earlier and kept (npx's cache of a clone, `npm link`) points at the path, not the file, so after a
// fresh clone into the same folder, or a clean rebuild, `npx rnnflow` / `rnnflow` said "Permission
// denied" until the bit came back. Run from the package's folder (or given it as the only argument).
import { chmodSync, existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(process.argv[2] ?? '.');
const pkg = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8'));
const bins = typeof pkg.bin === 'string' ? { [pkg.name]: pkg.bin } : (pkg.bin ?? {});
for (const [name, path] of Object.entries(bins)) {
  const file = resolve(root, path);
  if (!existsSync(file)) {
    process.stderr.write(`package.json bin.${name}: ${path} does not exist (the build did not write it; fix the path or the build)\n`);
    process.exit(1);
  }
  chmodSync(file, statSync(file).mode | 0o111);
}
