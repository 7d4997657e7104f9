/**
 * The run's live display in an 80-column pseudo-terminal (util-linux `script`): no line wraps or is
 * cut, the progress line keeps loss and ETA, and the current learning rate shows with a schedule.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { cliPath, root, tempDir, tinyExperiment, writeFile } from '../helpers/cli.js';
import { requireOrSkip } from '../helpers/requires.js';
import { progressLine } from '../../src/sinks/progress-line.js';
import { createConsoleSink } from '../../src/sinks/console.js';
import { MIN_TIMED_BATCHES } from '../../src/sinks/time-left.js';
import type { RunEvent } from '../../src/events/run-event.js';
import type { SinkContext } from '../../src/sinks/sink.js';

/** What a terminal shows after the bytes: cursor-up + erase-down redraws applied, \r overwrites applied. */
function screen(bytes: string): string[] {
  const ESC = String.fromCharCode(27);
  const lines: string[] = [];
  for (const part of bytes.replace(/\r\n/g, '\n').split(ESC).join('§').split(/(§\[\d+A\r§\[J)/)) {
    const up = /^§\[(\d+)A/.exec(part);
    if (up) lines.splice(lines.length - Number(up[1]));
    else lines.push(...part.split('\n').slice(0, -1));
  }
  return lines.map((l) => l.replace(/§\[\?25[lh]/g, ''));
}

describe('console display on an 80-column terminal', function () {
  it('fits every line, keeps loss and ETA, shows the learning rate of a schedule', function () {
    const dir = tempDir();
    const file = writeFile(dir, 'tty.json5', tinyExperiment({
      // The ETA is known after a few timed batches and drawn at once then (however fast the machine:
      // a quiet CI trained 60 epochs before the next 200 ms redraw when that first line was not forced).
      train: { eta: 0.1, etaSchedule: 'eta * 0.5^(epoch / 3)', batchSize: 1, maxEpochs: 20 },
      sinks: ['console'],
    }));
    const env = { ...process.env };
    delete env.CI;
    const command = `stty cols 80 rows 24; ${JSON.stringify(process.execPath)} ${JSON.stringify(cliPath)} exp ${JSON.stringify(file)} --out ${JSON.stringify(join(dir, 'run'))}`;
    const r = spawnSync('script', ['-qfec', command, '/dev/null'], { cwd: root, env, encoding: 'utf8', timeout: 120_000 });
    requireOrSkip(this, (r.error as NodeJS.ErrnoException | undefined)?.code !== 'ENOENT', { missing: 'no `script` command (util-linux) to give the CLI a terminal', fix: 'apt-get install -y bsdutils' });
    expect(r.status, r.stdout + r.stderr).to.equal(0);
    const bytes = r.stdout;
    const shown = screen(bytes);
    for (const line of shown) expect([...line].length, line).to.be.at.most(80);
    const epochLines = shown.filter((l) => /^epoch \d/.test(l));
    expect(epochLines.length, shown.join('\n')).to.be.at.least(3);
    for (const l of epochLines) expect(l).to.match(/^epoch \d+\.\d\d \| train loss \S+ \| val loss \S+ acc \S+/);
    // Progress lines were drawn (and erased at the end): each fitted, none cut in the middle of a part.
    const drawn = bytes.split(String.fromCharCode(27)).join('§').replace(/§\[\d+A\r§\[J/g, '').split(/\r?\n/).filter((l) => / ETA /.test(l));
    expect(drawn.length).to.be.greaterThan(0);
    for (const l of drawn) {
      expect([...l].length, l).to.be.at.most(79);
      expect(l).to.match(/epoch \d+\/20 \|.* loss \S+ \|.* ETA \S+$/);
      expect(l).to.match(/ lr \d/);
    }
  });

  it('draws the first known ETA at once, however fast the batches come (no wait for the 200 ms redraw)', () => {
    let bytes = '';
    const out = { write: (b: string) => { bytes += b; return true; }, isTTY: true, columns: 80 } as unknown as SinkContext['out'];
    const sink = createConsoleSink({ runDir: '/tmp/r', experiment: { train: {} }, out, plain: false } as unknown as SinkContext);
    sink.next({ type: 'start', name: 'fast', seed: 1, maxEpochs: 1, iterationsPerEpoch: 100, trainSamples: 100, dataInfo: {}, runDir: '/tmp/r' } as unknown as RunEvent);
    // Synchronous steps: microseconds apart, so only the first-step draw and the first-ETA draw can happen.
    for (let i = 1; i <= MIN_TIMED_BATCHES + 1; i++) sink.next({ type: 'step', epoch: i / 100, iteration: i, loss: 1, eta: 0.1, rows: 1 });
    expect(bytes).to.match(/ETA \S+/);
  });

  it('drops the least important parts first on narrower terminals', () => {
    const f = { fraction: 0.5, epoch: '2/4', loss: '0.1234', val: 'loss 0.4415 acc 0.8324', eta: '1m02s', lr: '0.0050', speed: '12,345', iteration: '500/1000' };
    const wide = progressLine(f, 160);
    expect(wide).to.contain('it 500/1000').and.contain('12,345/s').and.contain('lr 0.0050').and.match(/^█+░+ 50%/);
    for (const width of [79, 59, 39]) {
      const line = progressLine(f, width);
      expect([...line].length, line).to.be.at.most(width);
      expect(line).to.contain('epoch 2/4').and.contain('loss 0.1234').and.contain('ETA 1m02s');
    }
    expect(progressLine(f, 39)).to.not.contain('it 500');
  });
});
