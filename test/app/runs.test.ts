/** One resolver for every command that takes a run; `rnnflow runs` lists them. */
import { expect } from 'chai';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeRun, findRuns, formatRunList, resolveRun, runsIn } from '../../src/app/runs.js';
import { runCli, tempDir, tinyExperiment, writeFile } from '../helpers/cli.js';

function fakeRun(parent: string, id: string, status?: string): string {
  const dir = join(parent, id);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'experiment.resolved.json'), '{}');
  if (status) {
    writeFileSync(join(dir, 'summary.json'), JSON.stringify({
      name: 'x', status, epochs: 3, bestParams: { validation: { loss: 4.7e-5, accuracy: 0.8125 }, test: { loss: 0.5, accuracy: 0.75 } },
    }));
  }
  return dir;
}

describe('run resolver', () => {
  const root = tempDir();
  const parent = join(root, 'runs', 'x');
  const older = fakeRun(parent, '2026-11-27T09-00-00-seed1', 'completed');
  const interrupted = fakeRun(parent, '2026-11-27T10-00-00-seed1', 'interrupted');
  const sameSecond = fakeRun(parent, '2026-11-27T11-00-00-seed1-2', 'completed');
  const first = fakeRun(parent, '2026-11-27T11-00-00-seed1', 'early-stopped');

  it('orders runs by their stamp, a same-second -2 after its twin', () => {
    expect(runsIn(parent)).to.deep.equal([older, interrupted, first, sameSecond]);
  });

  it('takes a run folder as it is, and a parent folder as its latest run (for resume: the latest unfinished), saying which', () => {
    const said: string[] = [];
    const say = (t: string) => said.push(t);
    expect(resolveRun(older, { command: 'eval', say })).to.equal(older);
    expect(said).to.deep.equal([]);
    expect(resolveRun(parent, { command: 'eval', say })).to.equal(sameSecond);
    expect(said[0]).to.match(/^eval: using the latest run in .*runs\/x: .*2026-11-27T11-00-00-seed1-2$/);
    expect(resolveRun(parent, { command: 'resume', unfinished: true, say })).to.equal(interrupted);
    expect(() => resolveRun(root, { command: 'eval', say })).to.throw(/not a run folder .* holds no run; .*rnnflow runs/);
    expect(() => resolveRun(join(root, 'nope'), { command: 'eval', say })).to.throw(/does not exist/);
  });

  it('lists every run under a tree with status and test metrics', () => {
    const runs = findRuns(join(root, 'runs')).map(describeRun);
    expect(runs.map((r) => r.status)).to.deep.equal(['completed', 'interrupted', 'early-stopped', 'completed']);
    const lines = formatRunList(runs).split('\n');
    expect(lines[0]).to.match(/^run +status +started \(UTC\) +epochs +val acc\/r2 +test acc\/r2 +test loss$/);
    expect(lines[1]).to.match(/2026-11-27T09-00-00-seed1 +completed +2026-11-27 09:00 +3 +0\.8125 +0\.7500 +0\.5000$/);
    // Small numbers in significant digits, never 0.0000.
    const tiny = formatRunList([{ ...runs[0], validation: { accuracy: 0.5 }, test: { loss: 4.7e-5, accuracy: 1 } }]).split('\n')[1];
    expect(tiny).to.match(/ 0\.5000 +1\.0000 +4\.700e-5$/);
    expect(tiny).not.to.contain('0.0000 ');
  });

  it('eval runs/<name> evaluates the latest run and prints which (CLI)', () => {
    const dir = tempDir();
    const file = writeFile(dir, 'tiny.json5', tinyExperiment());
    expect(runCli(['exp', file, '--runs', join(dir, 'runs')]).code).to.equal(0);
    const r = runCli(['eval', join(dir, 'runs', 'tiny')]);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stderr).to.match(/eval: using the latest run in .*tiny: .*seed1/);
    expect(r.stdout).to.match(/tiny, best parameters, test split/);
    const list = runCli(['runs', join(dir, 'runs')]);
    expect(list.code, list.stderr).to.equal(0);
    expect(list.stdout).to.match(/seed1 +completed +\d{4}-\d\d-\d\d \d\d:\d\d +3 /);
    // resume, export and report take the parent folder the same way (resume: an unfinished run only).
    const resume = runCli(['resume', join(dir, 'runs', 'tiny')]);
    expect(resume.code, resume.stderr).to.equal(2);
    expect(resume.stderr).to.match(/rnnflow resume: .*holds no unfinished run/);
    const exported = runCli(['export', join(dir, 'runs', 'tiny'), '--out', join(dir, 'tiny.safetensors')]);
    expect(exported.code, exported.stderr).to.equal(0);
    expect(exported.stderr).to.match(/export: using the latest run in /);
    const report = runCli(['report', join(dir, 'runs', 'tiny'), '--out', join(dir, 'tiny.html')]);
    expect(report.code, report.stderr).to.equal(0);
    expect(report.stderr).to.match(/report: using the latest run in /);
    // Like predict and export, report keeps an existing file unless --overwrite.
    writeFileSync(join(dir, 'tiny.html'), 'mine');
    const again = runCli(['report', join(dir, 'runs', 'tiny'), '--out', join(dir, 'tiny.html')]);
    expect(again.code).to.equal(2);
    expect(again.stderr).to.match(/--out .*tiny\.html: the file exists; choose another name or add --overwrite to replace it/);
    expect(readFileSync(join(dir, 'tiny.html'), 'utf8')).to.equal('mine');
    expect(runCli(['report', join(dir, 'runs', 'tiny'), '--out', join(dir, 'tiny.html'), '--overwrite']).code).to.equal(0);
    expect(readFileSync(join(dir, 'tiny.html'), 'utf8')).to.match(/^<!doctype html>/i);
  });
});
