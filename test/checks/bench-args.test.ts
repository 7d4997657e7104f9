/** `npm run bench` parses its flags: --help prints usage and how long a run takes (measured), and runs nothing; an unknown flag is refused. */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { root } from '../helpers/cli.js';
import { benchCases, DEFAULT_THREADS, type BenchCase } from '../../bench/cases.js';
import { benchSections, durationLines, lastMeasured, readRecords, SECTION_NAMES } from '../../bench/durations.js';

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

  it('--help names every section of the bench, each with its last measured time or "not yet measured"', () => {
    const help = bench(['--help']).stdout;
    const sections = lastMeasured(readRecords(join(root, 'bench', 'results')), false);
    expect(sections.map((s) => s.section)).to.deep.equal(benchSections().map((s) => s.name));
    const never = help.split('\n').find((l) => l.startsWith('    ') && l.endsWith(': not yet measured')) ?? '';
    for (const { section, seconds } of sections) {
      if (seconds === undefined) expect(never, section).to.contain(section);
      else expect(help, section).to.contain(`${section} ${seconds.toFixed(0)} s`);
    }
    // The committed full run measured the training cases: a help without them reads a wrong folder.
    expect(sections.find((s) => s.section === 'training cases')?.seconds).to.be.a('number');
  });

  it('takes each section from the newest record that ran it whole (full or --only), full and quick apart', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rnnflow-bench-durations-'));
    const cases = benchCases(DEFAULT_THREADS);
    // Case i takes (i + 1) · scale seconds in a record, so every sum below is the test's own arithmetic.
    const wall = (c: BenchCase, scale: number) => (cases.indexOf(c) + 1) * scale;
    const of = (...kinds: BenchCase['kind'][]) => cases.filter((c) => kinds.includes(c.kind));
    const sum = (picked: BenchCase[], scale: number) => picked.reduce((total, c) => total + wall(c, scale), 0);
    const write = (file: string, date: string, quick: boolean, load: number, picked: BenchCase[], scale?: number) => writeFileSync(join(dir, file), JSON.stringify({
      date, quick, seconds: 1, machine: { cpu: 'x', cores: 2, loadAverage1m: { before: load, after: load + 1 } },
      results: picked.map((c) => ({ case: c, ...(scale ? { wallSeconds: wall(c, scale) } : {}) })),
    }));
    const early: BenchCase['kind'][] = ['train', 'products', 'names', 'load-pm25', 'load-csv'];
    write('2026-01-01.json', '2026-01-01T03:00:00.000Z', false, 1, of('simd-peak', ...early), 1);
    write('2026-02-01.json', '2026-02-01T03:00:00.000Z', false, 1, cases); // newer, but no wall times
    write('2026-03-01-only-stream.json', '2026-03-01T03:00:00.000Z', false, 3, of('simd-peak', 'stream'), 2);
    // Newer still, but one training case of many: the training section stays the full run's.
    write('2026-03-02-only-8_32_6.json', '2026-03-02T03:00:00.000Z', false, 5, [...of('simd-peak'), of('train')[0]], 3);
    write('2026-04-01-quick.json', '2026-04-01T03:00:00.000Z', true, 2, cases, 0.5);
    writeFileSync(join(dir, 'damaged.json'), '{');
    const section = (kind: BenchCase['kind'], scale: number) => `${SECTION_NAMES[kind]} ${sum(of(kind), scale).toFixed(0)} s`;
    const full = sum(of('simd-peak'), 3) + sum(of(...early), 1) + sum(of('stream'), 2);
    const allKinds = [...new Set(cases.map((c) => c.kind))];
    expect(durationLines(dir)).to.deep.equal([
      `  npm run bench: at least ${full.toFixed(0)} s in all (the sections measured, added up; 2 not yet measured)`,
      `    ${section('simd-peak', 3)}: bench/results/2026-03-02-only-8_32_6.json (2 cores, load 5.0 → 6.0)`,
      `    ${early.map((k) => section(k, 1)).join(', ')}: bench/results/2026-01-01.json (2 cores, load 1.0 → 2.0)`,
      `    ${section('stream', 2)}: bench/results/2026-03-01-only-stream.json (2 cores, load 3.0 → 4.0)`,
      `    ${SECTION_NAMES.serve}, ${SECTION_NAMES['predict-memory']}: not yet measured`,
      `  npm run bench -- --quick: about ${sum(cases, 0.5).toFixed(0)} s in all (its sections' last measured times, added up)`,
      `    ${allKinds.map((k) => section(k, 0.5)).join(', ')}: bench/results/2026-04-01-quick.json (2 cores, load 2.0 → 3.0)`,
    ]);
    // Nothing measured at all: one plain line for each kind of run.
    expect(durationLines(join(dir, 'none'))).to.deep.equal([
      '  npm run bench: not yet measured (no results file with per-case times in bench/results/)',
      '  npm run bench -- --quick: not yet measured (no results file with per-case times in bench/results/)',
    ]);
    rmSync(dir, { recursive: true, force: true });
  });
});
