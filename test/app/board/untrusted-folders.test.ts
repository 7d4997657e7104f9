/**
 * Run and sweep folders are untrusted files (issue 28, "the board and the report"): a symlink planted
 * in a run folder, or a trial id in a sweep's trials.json that walks out of the sweep, must not make
 * the board serve, or `report` embed, a file from outside; a FIFO where a file should be must not hang
 * a request.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { tempDir } from '../../helpers/cli.js';
import { startBoard, type RunningBoard } from '../../../src/app/board/server.js';
import { collectReport } from '../../../src/app/report/write-report.js';
import { readSweepRanking } from '../../../src/app/sweep-best-trial.js';
import { loadSweepState } from '../../../src/app/sweep/state.js';
import { writeRun, writeSweep } from './fixture.js';

const SECRET = 'SECRET-OUTSIDE-THE-ROOT';

function get(board: RunningBoard, path: string): Promise<{ status: number; body: string }> {
  const { port } = new URL(board.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const ids = ['aa00000000a1', 'aa00000000a2'];

describe('board and report: files of run and sweep folders are read only inside them', function () {
  this.timeout(60_000);
  const dir = tempDir('rnnflow-untrusted-');
  const root = join(dir, 'runs');
  // Outside the served root: a run folder whose files must never be shown.
  const outside = writeRun(join(dir, 'outside', 'run'), { name: SECRET, description: SECRET });
  writeFileSync(join(dir, 'outside', 'summary.json'), JSON.stringify({ name: SECRET, status: 'completed', reason: SECRET }));
  // A run whose summary.json and events.jsonl are symlinks out of the root.
  const linked = writeRun(join(root, 'linked', 'run1'), { name: 'linked' });
  rmSync(join(linked, 'summary.json'));
  symlinkSync(join(dir, 'outside', 'summary.json'), join(linked, 'summary.json'));
  rmSync(join(linked, 'events.jsonl'));
  symlinkSync(join(outside, 'events.jsonl'), join(linked, 'events.jsonl'));
  // A sweep whose trials.json lists "../../../outside/run" as a trial, and one whose trials/<id> is a symlink out.
  const walking = writeSweep(join(root, 'sweeps', 'walking'), [{ id: ids[0], eta: 0.1, hiddenSize: 2 }]);
  const plan = JSON.parse(readFileSync(join(walking, 'trials.json'), 'utf8'));
  plan.trials.push({ index: 1, id: '../../../outside/run', params: { 'train.eta': 0.2, 'model.hiddenSize': 4 } });
  writeFileSync(join(walking, 'trials.json'), JSON.stringify(plan));
  const linkedTrial = writeSweep(join(root, 'sweeps', 'linked'), [{ id: ids[0], eta: 0.1, hiddenSize: 2 }, { id: ids[1], eta: 0.2, hiddenSize: 4 }]);
  rmSync(join(linkedTrial, 'trials', ids[1]), { recursive: true });
  cpSync(outside, join(dir, 'outside', 'trial'), { recursive: true });
  writeFileSync(join(dir, 'outside', 'trial', 'outcome.json'), JSON.stringify({ id: ids[1], status: 'done', metric: 0.5, error: SECRET, params: {} }));
  symlinkSync(join(dir, 'outside', 'trial'), join(linkedTrial, 'trials', ids[1]));
  let board: RunningBoard;

  before(async () => { board = await startBoard({ dirs: [root], port: 0, host: '127.0.0.1' }); });
  after(() => board.close());

  it('a symlinked summary.json and events.jsonl: the runs list and the run page show nothing of their targets', async () => {
    const index = await get(board, '/api/index');
    expect(index.status).to.equal(200);
    expect(index.body).to.not.contain(SECRET);
    const run = await get(board, `/api/run?id=${encodeURIComponent('0:linked/run1')}`);
    expect(run.status).to.equal(200);
    expect(run.body).to.not.contain(SECRET);
    const detail = JSON.parse(run.body);
    expect(detail.points.train).to.deep.equal([]);
    expect(detail.error).to.match(/events\.jsonl: leads outside its folder .*refused/);
    expect((await get(board, '/files/0/linked/run1/summary.json')).status).to.equal(404);
  });

  it('a trial id that walks out of the sweep (trials.json) is refused by name; a trials/<id> symlink out is refused too', async () => {
    const walked = JSON.parse((await get(board, `/api/sweep?id=${encodeURIComponent('0:sweeps/walking')}`)).body);
    expect(JSON.stringify(walked)).to.not.contain(SECRET);
    expect(walked.error).to.match(/trials\.json \(trial 1\): "\.\.\/\.\.\/\.\.\/outside\/run" is not a trial id/);
    expect(walked.trials).to.deep.equal([]);
    const viaLink = JSON.parse((await get(board, `/api/sweep?id=${encodeURIComponent('0:sweeps/linked')}`)).body);
    expect(JSON.stringify(viaLink)).to.not.contain(SECRET);
    expect(viaLink.error).to.match(new RegExp(`trials/${ids[1]}: leads outside its folder`));
  });

  it('report embeds nothing from outside: the symlinked run, and both sweeps', async () => {
    for (const folder of [linked, walking, linkedTrial]) {
      const data = await collectReport([folder]);
      expect(JSON.stringify(data), folder).to.not.contain(SECRET);
    }
  });

  it('the same sweep reader refuses them for predict/eval/export (results.json) and sweep --resume (trials.json)', () => {
    const results = { metric: 'bestParams.validation.loss', goal: 'min', best: '../../../outside/run', trials: [{ id: '../../../outside/run', rank: 1, metric: 0.1 }] };
    writeFileSync(join(walking, 'results.json'), JSON.stringify(results));
    expect(() => readSweepRanking(walking)).to.throw(/results\.json \(trial 0\): "\.\.\/\.\.\/\.\.\/outside\/run" is not a trial id/);
    rmSync(join(walking, 'results.json'));
    expect(() => loadSweepState(walking)).to.throw(/--resume .*the sweep's files cannot be read .*is not a trial id/);
  });

  it('a FIFO where events.jsonl or summary.json should be answers at once (no request hangs)', async () => {
    const fifoRun = writeRun(join(root, 'fifo', 'run1'), { name: 'fifo' });
    for (const name of ['events.jsonl', 'summary.json']) {
      renameSync(join(fifoRun, name), join(fifoRun, `${name}.bak`));
      expect(spawnSync('mkfifo', [join(fifoRun, name)]).status).to.equal(0); // coreutils: every Linux has it
    }
    const run = await get(board, `/api/run?id=${encodeURIComponent('0:fifo/run1')}`);
    expect(run.status).to.equal(200);
    expect(JSON.parse(run.body).error).to.match(/events\.jsonl: is a FIFO, not a file; refused/);
    expect((await get(board, '/api/index')).status).to.equal(200);
  });
});
