/** `npm run bench` parses its flags: --help prints usage and how long a run takes (measured), and runs nothing; an unknown flag is refused. */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { root } from '../helpers/cli.js';
import { durationLines, newestRecord, sectionSeconds } from '../../bench/durations.js';

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

  it('--help says how long the bench takes, from the newest recorded runs, per section', () => {
    const dir = join(root, 'bench', 'results');
    const full = newestRecord(dir, false);
    if (!full) throw new Error('bench/results/ holds no full run with per-case wall times: run npm run bench once and commit its file');
    const help = bench(['--help']).stdout;
    expect(help).to.contain(`npm run bench: ${full.run.seconds.toFixed(0)} s in all (bench/results/${full.file}`);
    const sections = sectionSeconds(full.run);
    expect(sections.map(([name]) => name)).to.include.members(['training cases', 'SIMD peak']);
    for (const [name, seconds] of sections) expect(help).to.contain(`${name} ${seconds.toFixed(0)} s`);
    // The sections are the whole run's cases: together they take (almost) all of it.
    const sum = sections.reduce((a, [, s]) => a + s, 0);
    expect(sum).to.be.within(0.9 * full.run.seconds, full.run.seconds);
  });

  it('reads the newest full and quick records that kept wall times, per section', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rnnflow-bench-durations-'));
    const machine = { cpu: 'x', cores: 2, loadAverage1m: { before: 1, after: 2 } };
    const record = (quick: boolean, seconds: number, wall: number[] | undefined) => JSON.stringify({ quick, seconds, machine, results: [
      { case: { kind: 'simd-peak' }, ...(wall ? { wallSeconds: wall[0] } : {}) },
      { case: { kind: 'train' }, ...(wall ? { wallSeconds: wall[1] } : {}) },
      { case: { kind: 'train' }, ...(wall ? { wallSeconds: wall[2] } : {}) },
    ] });
    writeFileSync(join(dir, '2026-01-01.json'), record(false, 100, [10, 40, 45]));
    writeFileSync(join(dir, '2026-02-01.json'), record(false, 50, undefined)); // newer, but no wall times
    writeFileSync(join(dir, '2026-03-01-only-8_32_6.json'), record(false, 5, [1, 2, 2])); // partial: not the bench
    writeFileSync(join(dir, '2026-04-01-quick.json'), record(true, 20, [2, 8, 9]));
    expect(newestRecord(dir, false)?.file).to.equal('2026-01-01.json');
    expect(sectionSeconds(newestRecord(dir, false)!.run)).to.deep.equal([['SIMD peak', 10], ['training cases', 85]]);
    expect(durationLines(dir).join('\n')).to.equal([
      '  npm run bench: 100 s in all (bench/results/2026-01-01.json: 2 cores, load 1.0 → 2.0)',
      '    SIMD peak 10 s, training cases 85 s',
      '  npm run bench -- --quick: 20 s in all (bench/results/2026-04-01-quick.json: 2 cores, load 1.0 → 2.0)',
      '    SIMD peak 2 s, training cases 17 s',
    ].join('\n'));
    rmSync(dir, { recursive: true, force: true });
  });
});
