/** The sweep's live view on an 80-column terminal: per-trial progress, an ETA, no line too wide, no line lost. */
import { expect } from 'chai';
import { Writable } from 'node:stream';
import { createSweepView, sweepEta } from '../../../src/app/sweep/live-view.js';
import type { SweepCounts, TrialOutcome } from '../../../src/events/sweep-event.js';

/** A fake TTY that records what was written. */
function terminal(columns: number): Writable & { isTTY: boolean; columns: number; text: () => string } {
  let text = '';
  const w = new Writable({ write: (chunk, _enc, done) => { text += String(chunk); done(); } }) as Writable & { isTTY: boolean; columns: number; text: () => string };
  w.isTTY = true;
  w.columns = columns;
  w.text = () => text;
  return w;
}

const counts = (over: Partial<SweepCounts>): SweepCounts => ({ total: 4, done: 0, failed: 0, interrupted: 0, running: 0, pending: 4, ...over });
const outcome = (id: string, metric: number): TrialOutcome => ({
  id, index: 0, params: { 'model.hiddenSize': 8, 'train.eta': 0.0025 }, status: 'done', runStatus: 'completed', metric, seconds: 10, runDir: `/tmp/${id}`,
});

describe('sweep live view', () => {
  it('shows each running trial\'s epoch and metric and an ETA, fits 80 columns, and keeps every done line', () => {
    const out = terminal(80);
    const view = createSweepView({ out, plain: false, metric: 'bestParams.validation.accuracy', total: 4 });
    view.next({ type: 'sweep-start', name: 's', dir: '/tmp/s', total: 4, toRun: 4, parallel: 2, where: '2 at a time', metric: 'bestParams.validation.accuracy', goal: 'max', resumed: false });
    const params = { 'model.hiddenSize': 32, 'train.eta': 0.0025, 'train.optimizer': 'adam', 'data.features': ['pollution', 'dewPoint', 'temperature'] };
    view.next({ type: 'trial-start', id: 'aaaaaaaaaaaa', index: 0, params, runDir: '/tmp/a' });
    view.next({ type: 'trial-start', id: 'bbbbbbbbbbbb', index: 1, params, runDir: '/tmp/b' });
    view.next({ type: 'sweep-counts', counts: counts({ running: 2, pending: 2 }) });
    view.next({ type: 'trial-progress', id: 'aaaaaaaaaaaa', epoch: 12.5, maxEpochs: 100, validationLoss: 0.4, metricName: 'accuracy', metric: 0.8123 });
    view.next({ type: 'trial-progress', id: 'bbbbbbbbbbbb', epoch: 3, maxEpochs: 100, validationLoss: 0.5 });
    const live = out.text();
    expect(live).to.match(/aaaaaaaaaaaa {2}epoch 12\.5\/100 {2}val accuracy 0\.8123/);
    expect(live).to.match(/bbbbbbbbbbbb {2}epoch 3\/100 {2}val loss 0\.5/);
    view.next({ type: 'trial-end', outcome: outcome('aaaaaaaaaaaa', 0.8) });
    view.next({ type: 'trial-end', outcome: { ...outcome('bbbbbbbbbbbb', 0.8), runStatus: 'pruned' } });
    view.next({ type: 'sweep-counts', counts: counts({ done: 2, pending: 2 }) });
    expect(out.text()).to.match(/sweep: 2\/4 finished \(2 done, 1 pruned, 0 failed\), 0 running \| best - \| ETA \d/);
    view.close();
    // What is on the screen at the end: replay the redraws (cursor up n, erase to the end).
    const text = out.text().split(String.fromCharCode(27)).join('§'); // ESC, shown as §
    const screen: string[] = [];
    for (const part of text.split(/(§\[\d+A\r§\[J)/)) {
      const up = /^§\[(\d+)A/.exec(part);
      if (up) screen.splice(screen.length - Number(up[1]));
      else screen.push(...part.split('\n').slice(0, -1));
    }
    expect(screen.filter((l) => /^done/.test(l))).to.have.length(2);
    // The live block's lines are fitted (they are redrawn in place); permanent lines are whole.
    for (const line of text.replace(/§\[\d+A\r§\[J/g, '').split('\n').filter((l) => /^(sweep:| {2}\w{12} )/.test(l))) {
      expect([...line].length, line).to.be.at.most(79);
    }
    const done = screen.filter((l) => /^done/.test(l));
    expect(done[0]).to.match(/aaaaaaaaaaaa .*accuracy 0\.8 {2}10\.0s$/);
    expect(done[1]).to.match(/bbbbbbbbbbbb .*accuracy 0\.8 {2}10\.0s \(pruned\)$/);
  });

  it('estimates the time left from finished trials, or from running ones by their epochs', () => {
    const c = counts({ done: 2, running: 0, pending: 2 });
    expect(sweepEta(c, [], [10, 30], 2)).to.equal(20); // 2 trials of 20 s, 2 at a time
    const started = performance.now() - 10_000;
    const running = [{ id: 'a', params: {}, started, progress: { epoch: 50, maxEpochs: 100 } }];
    const eta = sweepEta(counts({ running: 1, pending: 1 }), running, [], 2);
    expect(eta).to.be.within(14, 16); // ~20 s a trial: half of one + one whole, 2 at a time
    expect(Number.isNaN(sweepEta(counts({ pending: 4 }), [], [], 2))).to.equal(true);
    // On a queue (no fixed parallel): as many at once as are running now.
    expect(sweepEta(c, [], [10, 30], undefined)).to.equal(40);
  });
});
