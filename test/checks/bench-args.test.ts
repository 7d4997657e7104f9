/** `npm run bench` parses its flags: --help prints usage and runs nothing; an unknown flag is refused. */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { root } from '../helpers/cli.js';

const bench = (args: string[]) => spawnSync(process.execPath, [join(root, 'dist', 'bench', 'run.js'), ...args], { cwd: root, encoding: 'utf8', timeout: 30_000 });
const results = () => (existsSync(join(root, 'bench', 'results')) ? readdirSync(join(root, 'bench', 'results')).sort() : []);

describe('bench flags', () => {
  it('--help prints the usage, runs nothing and writes nothing', () => {
    const before = results();
    const r = bench(['--help']);
    expect(r.status).to.equal(0);
    expect(r.stdout).to.match(/--quick .*writes no file unless --out/);
    expect(r.stderr).to.not.match(/samples\/s/);
    expect(results()).to.deep.equal(before);
  });

  it('refuses unknown flags and bad values with exit 2', () => {
    const r = bench(['--qiuck']);
    expect(r.status).to.equal(2);
    expect(r.stderr).to.match(/Unknown option '--qiuck'/);
    expect(bench(['--threads', 'two']).status).to.equal(2);
  });
});
