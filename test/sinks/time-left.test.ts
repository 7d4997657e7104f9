/** The run's ETA: none until a few batches are timed, then the pace of this process's batches since the first. */
import { expect } from 'chai';
import { MIN_TIMED_BATCHES, TimeLeft } from '../../src/sinks/time-left.js';
import { progressLine } from '../../src/sinks/progress-line.js';

describe('time left (the ETA)', () => {
  it('gives none before the first batch or for fewer than a few batches after it, then elapsed × left / timed', () => {
    const t = new TimeLeft(1000);
    expect(t.seconds(0, 0)).to.equal(undefined);
    // The first batch (start-up included) ends at 5 s and starts the clock: its slowness is not extrapolated.
    t.batchDone(1, 5000);
    t.batchDone(2, 5100);
    expect(t.seconds(2, 5100)).to.equal(undefined);
    const few = 1 + MIN_TIMED_BATCHES - 1;
    expect(t.seconds(few, 5000 + 10_000)).to.equal(undefined); // one batch short, however long it took
    expect(t.seconds(1 + MIN_TIMED_BATCHES, 5000 + 10)).to.be.closeTo(((1000 - 1 - MIN_TIMED_BATCHES) * 0.01) / MIN_TIMED_BATCHES, 1e-9);
    // 100 batches in 2 s after the first: 0.02 s each, 899 left.
    expect(t.seconds(101, 7000)).to.be.closeTo(899 * 0.02, 1e-9);
    expect(t.seconds(1000, 9000)).to.equal(0);
  });

  it('a resumed run times only its own batches, from where it goes on', () => {
    const t = new TimeLeft(1000);
    t.batchDone(801, 0);
    expect(t.seconds(901, 1000)).to.be.closeTo(99 * 0.01, 1e-9);
  });

  it('the progress line leaves ETA out while it is unknown', () => {
    const f = { fraction: 0.01, epoch: '1/4', loss: '0.1234', val: '-', iteration: '5/1000' };
    expect(progressLine(f, 120)).not.to.contain('ETA');
    expect(progressLine({ ...f, eta: '12.0s' }, 120)).to.contain('ETA 12.0s');
  });
});
