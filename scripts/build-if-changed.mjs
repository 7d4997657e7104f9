// `npm run exp|sweep|regress|bench|docs` build first, but only when a source changed since the last
// build (tsc alone takes seconds even with nothing to do). Says "building…" when it builds.
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';

const stamp = 'dist/.tsbuildinfo';
const inputs = ['src', 'test', 'bench', 'tsconfig.json', 'tsconfig.board-client.json', 'package.json'];

function newest(path) {
  if (!existsSync(path)) return 0;
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return readdirSync(path).reduce((m, name) => Math.max(m, newest(join(path, name))), s.mtimeMs);
}

const built = existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
if (built === 0 || Math.max(...inputs.map(newest)) > built) {
  process.stderr.write('building…\n');
  execSync('npm run --silent build', { stdio: 'inherit' });
  // tsc leaves its build info alone when nothing really changed (a touched file): mark this build.
  if (existsSync(stamp)) utimesSync(stamp, new Date(), new Date());
}
