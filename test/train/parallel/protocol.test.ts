import { expect } from 'chai';
import { READY, SLOTS, waitAtLeast } from '../../../src/train/parallel/protocol.js';

describe('worker start-up handoff', () => {
  it('waitAtLeast gives up after its deadline instead of hanging when no worker reports', () => {
    const ctrl = new Int32Array(new SharedArrayBuffer(SLOTS * 4));
    const t0 = Date.now();
    expect(waitAtLeast(ctrl, READY, 1, 150)).to.equal(false);
    expect(Date.now() - t0).to.be.within(140, 5000);
  });

  it('waitAtLeast returns at once when the workers have reported', () => {
    const ctrl = new Int32Array(new SharedArrayBuffer(SLOTS * 4));
    Atomics.store(ctrl, READY, 2);
    expect(waitAtLeast(ctrl, READY, 2, 10_000)).to.equal(true);
  });
});
